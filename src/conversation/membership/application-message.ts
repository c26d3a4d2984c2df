// The application as the secretariat sees it: the applicant, the group and every
// answer, with Approve / Reject while it is pending and the decision once it is not.
import { FOLLOW_UP_RULES } from '../../core/membership/application-rules';
import type { JoiningCriterion } from '../../core/coalition/coalition';
import { groupRefs } from '../../core/membership/group-lookup';
import type { Field, OutgoingMessage } from '../../core/messages';
import type { Application, Member } from '../../core/ports';
import { isMessageId, type MessageId } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import { categoryName, formatDate, memberName } from './groups-text';

/** Follow-up questions some criteria ask when answered yes. */
export const FOLLOW_UPS: Record<string, { id: string; label: MessageId; prompt: MessageId; min: number; max: number }> = {
  pledge_readiness: { ...FOLLOW_UP_RULES.pledge_readiness, label: 'join.pledge_intent.label', prompt: 'join.pledge_intent.prompt' },
  roundtable: { ...FOLLOW_UP_RULES.roundtable, label: 'join.roundtable_attendee.label', prompt: 'join.roundtable_attendee.prompt' },
};

export function criterionLabel(criterion: JoiningCriterion): MessageId {
  const id = `join.criterion.${criterion.key}`;
  return isMessageId(id) ? id : 'join.criterion';
}

export function groupTitle(ctx: ConversationContext, groupKey: string): string {
  return groupRefs(ctx.coalition).find((g) => g.key === groupKey)?.name ?? groupKey;
}

function answerText(ctx: ConversationContext, value: unknown): string {
  if (value === null || value === undefined || value === '') return ctx.t('flow.skipped');
  if (typeof value === 'boolean') return ctx.t(value ? 'input.yes' : 'input.no');
  return String(value);
}

export function answerFields(ctx: ConversationContext, application: Application): Field[] {
  const fields: Field[] = [];
  for (const criterion of ctx.coalition.joiningCriteria) {
    const label = criterionLabel(criterion);
    fields.push({ label: label === 'join.criterion' ? criterion.question : ctx.t(label), value: answerText(ctx, application.answers[criterion.key]) });
    const followUp = FOLLOW_UPS[criterion.key];
    if (followUp && application.answers[criterion.key] === true) fields.push({ label: ctx.t(followUp.label), value: answerText(ctx, application.answers[followUp.id]) });
  }
  return fields;
}

function applicantFields(ctx: ConversationContext, applicant: Member | null): Field[] {
  const none = ctx.t('me.none');
  return [
    { label: ctx.t('profile.name.label'), value: memberName(ctx, applicant) },
    { label: ctx.t('profile.organization.label'), value: applicant?.organization ?? none },
    { label: ctx.t('profile.category.label'), value: categoryName(ctx, applicant?.category ?? null) },
    { label: ctx.t('profile.country.label'), value: (applicant?.country && ctx.countries.get(applicant.country)?.name) || none },
    { label: ctx.t('profile.email.label'), value: applicant?.email ?? none },
  ];
}

/** The pending application with its Approve / Reject choices (typed commands). */
export function reviewMessage(ctx: ConversationContext, application: Application, applicant: Member | null): OutgoingMessage {
  return {
    title: ctx.t('review.title', { name: memberName(ctx, applicant), group: groupTitle(ctx, application.groupKey) }),
    text: ctx.t('review.text', { id: application.id, date: formatDate(ctx, application.submittedAt) }),
    fields: [...applicantFields(ctx, applicant), ...answerFields(ctx, application)],
    choices: {
      options: [
        { label: ctx.t('review.approve'), value: `approve ${application.id}`, style: 'primary' },
        { label: ctx.t('review.reject'), value: `reject ${application.id}`, style: 'danger' },
      ],
    },
  };
}

/** The same message once decided: no more choices, who decided and when. */
export function decidedMessage(ctx: ConversationContext, application: Application, applicant: Member | null, decider: Member): OutgoingMessage {
  const params = { name: memberName(ctx, decider), date: formatDate(ctx, application.decidedAt ?? ctx.now), reason: application.reason ?? '' };
  return {
    title: ctx.t('review.title', { name: memberName(ctx, applicant), group: groupTitle(ctx, application.groupKey) }),
    text: application.status === 'approved' ? ctx.t('review.approved_by', params) : ctx.t('review.rejected_by', params),
    fields: [...applicantFields(ctx, applicant), ...answerFields(ctx, application)],
    tone: application.status === 'approved' ? 'success' : 'info',
  };
}
