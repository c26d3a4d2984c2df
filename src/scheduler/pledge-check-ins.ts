// Builds the pledge check-in tick from the app's parts: the core service, the conversation
// layer's question, and the owner's reachable address.
import type { Coalition } from '../core/coalition/coalition';
import { notificationAddress } from '../core/membership/notification-address';
import type { ChatPort, Repositories } from '../core/ports';
import { PledgeCheckInService } from '../core/pledges/check-in-service';
import { translator } from '../conversation/catalog/catalog';
import { checkInMessage } from '../conversation/pledges/check-in';
import type { Logger } from '../logger';

export function createPledgeCheckInService(deps: { repositories: Repositories; chat: ChatPort; coalition: Coalition; log: Logger }): PledgeCheckInService {
  const { repositories, coalition } = deps;
  return new PledgeCheckInService({
    pledges: repositories.pledges,
    chat: deps.chat,
    intervalMonths: coalition.pledgeCheckIn.intervalMonths,
    reaskAfterDays: coalition.pledgeCheckIn.reaskAfterDays,
    async addressOf(memberId) {
      const member = await repositories.members.get(memberId);
      return member ? notificationAddress(member, await repositories.members.identities(memberId)) : null;
    },
    async compose(pledge, checkIn, again) {
      const member = pledge.memberId ? await repositories.members.get(pledge.memberId) : null;
      const locale = member?.locale ?? coalition.defaultLocale;
      return { ...checkInMessage(translator(locale), pledge, checkIn, again), locale };
    },
    log: (event, data) => deps.log.info(data, event),
  });
}
