// `join`: apply to one or more working groups by answering the coalition's joining
// criteria, then confirm; one application per group goes to the secretariat.
import { z } from 'zod';
import { applicationProblems, canApply, TEXT_CRITERION, type ApplyRefusal } from '../../core/membership/application-rules';
import { findGroup, groupRefs } from '../../core/membership/group-lookup';
import { isProfileComplete, plainText } from '../../core/members/profile';
import type { Choice } from '../../core/messages';
import type { ApplicationAnswers } from '../../core/ports';
import type { ConversationContext } from '../context';
import { withNextSteps } from '../next-steps';
import type { Answers, FlowDefinition, ParseResult, StepDefinition } from '../flow/flow';
import { choicesTyped, describeIssue, matchChoice } from '../flow/inputs';
import type { Command } from '../router';
import { criterionLabel, FOLLOW_UPS, groupTitle, reviewMessage } from './application-message';
import { tellSecretariat } from './delivery';
import { lookupReply } from './groups-text';
import type { MembershipOptions } from './options';

export const JOIN_FLOW = 'join';
export { TEXT_CRITERION };

/** Per group key, why the member cannot apply to it now. */
type Blocked = Record<string, ApplyRefusal['reason']>;

async function blockedGroups(ctx: ConversationContext): Promise<Blocked> {
  const [memberships, applications] = await Promise.all([ctx.repositories.memberships.ofMember(ctx.member.id), ctx.repositories.applications.ofMember(ctx.member.id)]);
  const blocked: Blocked = {};
  for (const group of groupRefs(ctx.coalition)) {
    const refusal = canApply(ctx.member.id, group.key, memberships, applications);
    if (refusal) blocked[group.key] = refusal.reason;
  }
  return blocked;
}

function refusalText(ctx: ConversationContext, groupKey: string, reason: ApplyRefusal['reason']): string {
  return ctx.t(reason === 'already_member' ? 'join.already_member' : 'join.already_pending', { group: groupTitle(ctx, groupKey) });
}

/** The groups offered: those `join` found open to the member, or every group in a form built without it. */
function groupChoices(ctx: ConversationContext, answers: Answers): Choice[] {
  const eligible = answers.eligible as string[] | undefined;
  return groupRefs(ctx.coalition).filter((g) => !eligible || eligible.includes(g.key)).map((g) => ({ label: g.name, value: g.key }));
}

function parseGroups(raw: string, ctx: ConversationContext, answers: Answers): ParseResult {
  const blocked = (answers.blocked ?? {}) as Blocked;
  const shown = groupChoices(ctx, answers);
  const chosen: string[] = [];
  for (const part of choicesTyped(raw, shown, ctx.t)) {
    // A number or label refers to the options shown; any other group name is looked up so
    // that a group one cannot apply to gets the reason rather than "not an option".
    const choice = matchChoice(part, shown);
    const lookup = findGroup(ctx.coalition, choice ? choice.value : part);
    if (lookup.kind !== 'group') {
      // "Did you mean Access?": a yes takes the list with that name in its place.
      const suggested = lookup.kind === 'unknown' && lookup.suggestion ? { suggestion: raw.replace(part, lookup.suggestion.name) } : {};
      return { ok: false, error: lookupReply(ctx, part, lookup)[0].text, ...suggested };
    }
    const reason = blocked[lookup.group.key];
    if (reason) return { ok: false, error: refusalText(ctx, lookup.group.key, reason) };
    if (!chosen.includes(lookup.group.key)) chosen.push(lookup.group.key);
  }
  return chosen.length > 0 ? { ok: true, value: chosen } : { ok: false, error: ctx.t('error.required') };
}

/** A criterion's question in the reader's language (the flow is built once, in the default language). */
function questionOf(c: ConversationContext, criterion: { key: string; question: string }): string {
  return c.coalition.joiningCriteria.find((other) => other.key === criterion.key)?.question ?? criterion.question;
}

function criterionSteps(ctx: { coalition: ConversationContext['coalition'] }): StepDefinition[] {
  return ctx.coalition.joiningCriteria.flatMap((criterion): StepDefinition[] => {
    const step: StepDefinition =
      criterion.kind === 'text'
        ? {
            id: criterion.key,
            input: 'text',
            multiline: true,
            label: criterionLabel(criterion),
            prompt: (c) => `${questionOf(c, criterion)}\n${c.t('join.text_hint', { min: TEXT_CRITERION.min })}`,
            formHint: (c) => `${questionOf(c, criterion)} ${c.t('join.text_hint', { min: TEXT_CRITERION.min })}`,
            schema: () => plainText(TEXT_CRITERION.min, TEXT_CRITERION.max),
          }
        : { id: criterion.key, input: 'yes-no', label: criterionLabel(criterion), prompt: (c) => questionOf(c, criterion), formHint: (c) => questionOf(c, criterion), schema: () => z.boolean() };
    const followUp = FOLLOW_UPS[criterion.key];
    if (!followUp || criterion.kind !== 'yes-no') return [step];
    return [
      step,
      {
        id: followUp.id,
        input: 'text',
        label: followUp.label,
        prompt: (c) => c.t(followUp.prompt, { min: followUp.min, max: followUp.max }),
        formHint: (c) => c.t(followUp.prompt, { min: followUp.min, max: followUp.max }),
        schema: () => plainText(followUp.min, followUp.max),
        when: (answers) => answers[criterion.key] === true,
      },
    ];
  });
}

/** The rules of an application (core's applicationProblems) the answers break, with the member-facing reason. */
function applicationProblemsOf(ctx: ConversationContext, answers: Answers): { step: string; error: string }[] {
  return applicationProblems(answers, ctx.coalition).map((problem) => ({ step: problem.field, error: describeIssue(problem.issue, String(answers[problem.field] ?? ''), ctx.t) }));
}

export function joinFlow(coalition: ConversationContext['coalition'], options: MembershipOptions): FlowDefinition {
  return {
    id: JOIN_FLOW,
    intro: (ctx) => ctx.t('join.intro'),
    confirm: true,
    steps: [
      {
        id: 'groups',
        input: 'multi-choice',
        label: 'join.groups.label',
        prompt: (ctx) => ctx.t('join.groups.prompt'),
        choices: groupChoices,
        parse: parseGroups,
        display: (value, ctx) => (value as string[]).map((k) => groupTitle(ctx, k)).join(', '),
        when: (answers) => answers.preset !== true,
      },
      ...criterionSteps({ coalition }),
    ],
    recheck: (ctx, answers) => applicationProblemsOf(ctx, answers),
    async formRefusal(ctx) {
      if (!isProfileComplete(ctx.member)) return ctx.t('join.form_profile_first');
      const blocked = await blockedGroups(ctx);
      if (groupRefs(ctx.coalition).every((g) => blocked[g.key])) return [ctx.t('join.nothing_left'), ...Object.entries(blocked).map(([k, r]) => refusalText(ctx, k, r))].join('\n');
      return null;
    },
    // As a form: the groups offered and refused are those `join` would offer and refuse.
    async formSeed(ctx) {
      const blocked = await blockedGroups(ctx);
      return { eligible: groupRefs(ctx.coalition).filter((g) => !blocked[g.key]).map((g) => g.key), blocked };
    },
    async complete(ctx, answers) {
      if (!isProfileComplete(ctx.member)) return [{ text: ctx.t('join.profile_first'), tone: 'error' }];
      // The engine asks again before this on every path; kept so nothing that breaks a rule is stored.
      const [problem] = applicationProblemsOf(ctx, answers);
      if (problem) {
        const label = criterionSteps(ctx).find((s) => s.id === problem.step)?.label ?? 'join.groups.label';
        return [{ text: ctx.t('flow.fix_first', { field: ctx.t(label), error: problem.error }), tone: 'error' }];
      }
      const chosen = (answers.groups ?? []) as string[];
      const criteria: ApplicationAnswers = {};
      // Only steps that apply to the final answers: a follow-up answered before its criterion
      // was changed to "no" is not kept.
      for (const step of criterionSteps(ctx)) criteria[step.id] = !step.when || step.when(answers, ctx) ? ((answers[step.id] as string | boolean | undefined) ?? null) : null;
      const blocked = await blockedGroups(ctx);
      const lines: string[] = [];
      let sent = 0;
      const submitted: string[] = [];
      for (const groupKey of chosen) {
        if (blocked[groupKey]) {
          lines.push(refusalText(ctx, groupKey, blocked[groupKey]));
          continue;
        }
        const application = await ctx.repositories.applications.create({ memberId: ctx.member.id, groupKey, answers: criteria, submittedAt: ctx.now });
        if (!application) {
          lines.push(refusalText(ctx, groupKey, 'already_pending'));
          continue;
        }
        const applicant = ctx.member;
        sent += await tellSecretariat(ctx, options, (reader) => reviewMessage(reader, application, applicant), { kind: 'application', subjectId: application.id });
        submitted.push(groupTitle(ctx, groupKey));
      }
      if (submitted.length === 0) return [{ text: lines.join('\n'), tone: 'error' }];
      // Whether a secretariat chat was reachable is the operators' concern: the applicant is told it is saved and will be seen.
      lines.unshift(ctx.t(sent === 0 ? 'join.saved_for_secretariat' : 'join.submitted', { groups: submitted.join(', ') }));
      return [withNextSteps(ctx, { text: lines.join('\n'), tone: 'success' }, 'next.after_join', ['my groups', 'meetings'])];
    },
  };
}

export const joinCommand: Command = {
  name: 'join',
  aliases: ['apply'],
  summary: 'command.join',
  usage: 'join [group]',
  async run(ctx, args) {
    if (!isProfileComplete(ctx.member)) return [{ text: ctx.t('join.profile_first'), tone: 'error' }, ...(await ctx.startFlow('profile'))];
    const blocked = await blockedGroups(ctx);
    const eligible = groupRefs(ctx.coalition).filter((g) => !blocked[g.key]).map((g) => g.key);
    if (args.trim()) {
      const lookup = findGroup(ctx.coalition, args);
      if (lookup.kind !== 'group') return lookupReply(ctx, args.trim(), lookup);
      const reason = blocked[lookup.group.key];
      if (reason) return [{ text: refusalText(ctx, lookup.group.key, reason), tone: 'error' }];
      return ctx.startFlow(JOIN_FLOW, { preset: true, groups: [lookup.group.key], eligible, blocked });
    }
    if (eligible.length === 0) return [{ text: [ctx.t('join.nothing_left'), ...Object.entries(blocked).map(([k, r]) => refusalText(ctx, k, r))].join('\n'), tone: 'error' }];
    return ctx.startFlow(JOIN_FLOW, { eligible, blocked });
  },
};
