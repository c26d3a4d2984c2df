// All repositories over one Prisma client, each method's errors translated (db-errors.ts).
import type { Repositories } from '../../core/ports';
import { guardRepository as guard, type DbErrorObserver } from '../db-errors';
import type { DbClient, DirectSql } from '../prisma-client';
import { applicationRepository } from './applications';
import { auditLog } from './audit';
import { coalitionRepository } from './coalition';
import { flowStateRepository } from './flows';
import { jobLeases } from './job-leases';
import { meetingRepository } from './meetings';
import { linkCodeRepository } from './link-codes';
import { hotPath, type SqlDialect } from './hot-path';
import { memberRepository } from './members';
import { membershipRepository } from './memberships';
import { pledgeClaimRepository } from './pledge-claims';
import { pledgeRepository } from './pledges';
import { postedMessageRepository } from './posted-messages';
import { processedEvents } from './processed-events';
import { reminderDeliveries } from './reminders';
import { roleRepository } from './roles';
import { sharedValues } from './shared-values';

export function createRepositories(prisma: DbClient, direct: DirectSql, dialect: SqlDialect, onError?: DbErrorObserver): Repositories {
  const hot = hotPath(direct, dialect);
  const guardRepository = <T extends object>(repository: T): T => guard(repository, onError);
  return {
    members: guardRepository(memberRepository(prisma, hot)),
    roles: guardRepository(roleRepository(prisma)),
    flows: guardRepository(flowStateRepository(prisma)),
    audit: guardRepository(auditLog(prisma)),
    coalition: guardRepository(coalitionRepository(prisma)),
    processedEvents: guardRepository(processedEvents(prisma, hot)),
    jobLeases: guardRepository(jobLeases(prisma)),
    meetings: guardRepository(meetingRepository(prisma)),
    reminders: guardRepository(reminderDeliveries(prisma, hot)),
    sharedValues: guardRepository(sharedValues(prisma)),
    applications: guardRepository(applicationRepository(prisma)),
    memberships: guardRepository(membershipRepository(prisma)),
    linkCodes: guardRepository(linkCodeRepository(prisma)),
    postedMessages: guardRepository(postedMessageRepository(prisma)),
    pledges: guardRepository(pledgeRepository(prisma)),
    pledgeClaims: guardRepository(pledgeClaimRepository(prisma)),
  };
}
