// Membership and working groups: the commands and flows bot.ts registers.
import type { Coalition } from '../../core/coalition/coalition';
import type { FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { chairAddCommand, chairRemoveCommand } from './chairs';
import { compositionCommand, groupsCommand, myGroupsCommand, rosterCommand } from './group-views';
import { joinCommand, joinFlow } from './join';
import { leaveCommand, leaveFlow } from './leave';
import { linkCommand, notifyCommand } from './linking';
import type { MembershipOptions } from './options';
import { applicationsCommand, approveCommand, rejectCommand, rejectReasonFlow } from './review';

export type { MembershipOptions } from './options';

export function membershipCommands(): Command[] {
  return [
    joinCommand,
    groupsCommand,
    myGroupsCommand,
    leaveCommand,
    rosterCommand,
    compositionCommand,
    applicationsCommand,
    approveCommand,
    rejectCommand,
    chairAddCommand,
    chairRemoveCommand,
    linkCommand,
    notifyCommand,
  ];
}

export function membershipFlows(coalition: Coalition, options: MembershipOptions): FlowDefinition[] {
  return [joinFlow(coalition, options), rejectReasonFlow, leaveFlow(options)];
}
