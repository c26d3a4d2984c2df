// What every command and flow step sees about the current turn.
import type { Coalition } from '../core/coalition/coalition';
import type { CountryRegistry } from '../core/countries/country-registry';
import type { IncomingMessage, OutgoingMessage } from '../core/messages';
import type { ChatPort, FlowState, Member, Repositories, RoleAssignment } from '../core/ports';
import type { Translate } from './catalog/catalog';

export interface Links {
  /** A signed link to a meeting's calendar file, made for one member (it stops working when they leave the group). */
  calendar(meetingId: string, memberId: string): string;
}

export interface ConversationContext {
  member: Member;
  roles: RoleAssignment[];
  incoming: IncomingMessage;
  coalition: Coalition;
  countries: CountryRegistry;
  repositories: Repositories;
  /** Messages to other members and channels (the secretariat, a group). */
  chat: ChatPort;
  /** Links the bot serves (signed), e.g. a meeting's calendar file. */
  links: Links;
  t: Translate;
  now: Date;
  /**
   * The flow state read with the member at the start of the turn, handed out once (to the first
   * question of the turn about it); undefined when it was not read or is taken.
   */
  takeTurnFlow?(): FlowState | null | undefined;
  /** Starts a flow in this conversation and returns its first question. */
  startFlow(flowId: string, seed?: Record<string, unknown>): Promise<OutgoingMessage[]>;
}
