// `schedule`: a chair (or the secretariat) sets up a meeting of a working group.
import { z } from 'zod';
import { meetingProblem, type MeetingProblem } from '../../core/meetings/meeting-rules';
import { normalizeRule, presetRule, RecurrenceError, type RecurrenceChoice } from '../../core/meetings/recurrence';
import { formatLocal, parseLocal, toInstant } from '../../core/meetings/zoned-time';
import { plainText } from '../../core/members/profile';
import { zoneFromText } from '../understanding/time-zones';
import { zoneChoices } from '../flows/profile';
import type { ConversationContext } from '../context';
import { withNextSteps } from '../next-steps';
import type { Answers, FlowDefinition, ParseResult, StepDefinition } from '../flow/flow';
import { chairs, groupName, shortId } from './access';
import { formatWhen, parseMinutes } from './format';
import { meetingProblemText } from './meeting-problems';
import { notifyGroup } from './notify';
import { nextOccurrences } from './occurrence';
import { ruleInWords } from './recurrence-words';
import { newMeetingNotice } from './reminder-message';
import { readDateTime } from '../understanding/dates';
import { clip, parseByKind } from '../flow/inputs';

const RECURRENCES: RecurrenceChoice[] = ['none', 'weekly', 'biweekly', 'monthly'];

/** A start typed for a meeting in `zone`: a real date and time, in the future, existing once there. */
export function parseStart(raw: string, ctx: ConversationContext, zone: string): ParseResult {
  const read = readDateTime(raw, ctx.now, zone, ctx.member.locale);
  if (read.kind === 'no_time') {
    const date = new Intl.DateTimeFormat(ctx.member.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(read.date.year, read.date.month - 1, read.date.day)));
    return { ok: false, error: ctx.t('error.date_no_time', { input: clip(raw.trim()), date, example: `${clip(raw.trim(), 40)} 14:00` }) };
  }
  if (read.kind !== 'ok') return { ok: false, error: ctx.t('error.date_time', { input: clip(raw.trim()), example: example(ctx) }) };
  const startLocal = formatLocal(read.local);
  const problem = meetingProblem({ startLocal, timeZone: zone }, ctx.now);
  return problem ? { ok: false, error: problemText(ctx, problem, { startLocal, timeZone: zone }) } : { ok: true, value: startLocal };
}

function problemText(ctx: ConversationContext, problem: MeetingProblem, input: { startLocal: string; timeZone: string; duration?: string }): string {
  return meetingProblemText(ctx.t, problem, { ...input, example: example(ctx) });
}

/** The rule the answers describe for a start (a preset anchored on it, or the typed rule read for it). */
function ruleOf(answers: Answers, startLocal: string, timeZone: string): string | null {
  const start = parseLocal(startLocal)!;
  const recurrence = answers.recurrence as RecurrenceChoice | 'custom' | undefined;
  if (recurrence === undefined) return null;
  if (recurrence === 'custom') return answers.rrule ? normalizeRule(String(answers.rrule), { start, timeZone }) : null;
  return presetRule(recurrence, { start, timeZone });
}

/**
 * The answers checked together by the core's meeting rules, as they would be saved: null when
 * they hold (or are not known yet), else the member's error message.
 */
function answersProblem(ctx: ConversationContext, answers: Answers): string | null {
  const startLocal = answers.start as string | undefined;
  const timeZone = answers.timeZone as string | undefined;
  if (!startLocal || !timeZone) return null;
  let rrule: string | null;
  try {
    rrule = ruleOf(answers, startLocal, timeZone);
  } catch (error) {
    if (!(error instanceof RecurrenceError)) throw error;
    return problemText(ctx, { code: 'rule', problem: error.problem }, { startLocal, timeZone });
  }
  const durationMinutes = (answers.duration as number | undefined) ?? null;
  const problem = meetingProblem({ startLocal, timeZone, durationMinutes, rrule }, ctx.now);
  return problem ? problemText(ctx, problem, { startLocal, timeZone, duration: String(durationMinutes ?? '') }) : null;
}

/** A step's parser followed by the check of every answer with the new one (summary edits included). */
function checked(parse: (raw: string, ctx: ConversationContext, answers: Answers) => ParseResult, id: string): StepDefinition['parse'] {
  return (raw, ctx, answers) => {
    const parsed = parse(raw, ctx, answers);
    if (!parsed.ok) return parsed;
    const problem = answersProblem(ctx, { ...answers, [id]: parsed.value });
    return problem ? { ok: false, error: problem } : parsed;
  };
}

export function displayStart(value: unknown, ctx: ConversationContext, zone: string): string {
  const instant = toInstant(parseLocal(String(value))!, zone);
  return ctx.t('schedule.start.display', {
    local: String(value).replace('T', ' '),
    zone,
    utc: instant.toISOString().slice(0, 16).replace('T', ' '),
    mine: formatWhen(instant, ctx.member.timeZone ?? zone, ctx.member.locale),
  });
}

export function example(ctx: ConversationContext): string {
  const inAWeek = new Date(ctx.now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  return `${inAWeek} 14:00`;
}

const zoneOf = (answers: Answers, ctx: ConversationContext) => (answers.timeZone as string | undefined) ?? ctx.coalition.defaultTimeZone;

export const startStep: StepDefinition = {
  id: 'start',
  input: 'text',
  label: 'schedule.start.label',
  prompt: (ctx, answers) => ctx.t('schedule.start.prompt', { zone: zoneOf(answers, ctx), example: example(ctx) }),
  parse: checked((raw, ctx, answers) => parseStart(raw, ctx, zoneOf(answers, ctx)), 'start'),
  display: (value, ctx, answers) => displayStart(value, ctx, zoneOf(answers, ctx)),
};

function recurrenceChoices(ctx: ConversationContext) {
  return [...RECURRENCES.map((r) => ({ label: ctx.t(`schedule.recurrence.${r}`), value: r })), { label: ctx.t('schedule.recurrence.custom'), value: 'custom' }];
}

export const scheduleFlow: FlowDefinition = {
  id: 'schedule',
  intro: (ctx) => ctx.t('schedule.intro'),
  confirm: true,
  steps: [
    {
      id: 'group',
      input: 'choice',
      label: 'schedule.group.label',
      prompt: (ctx) => ctx.t('schedule.group.prompt'),
      choices: (ctx) => ctx.coalition.focusAreas.filter((a) => chairs(ctx, a.key)).map((a) => ({ label: a.workingGroup.name, value: a.key })),
    },
    { id: 'title', input: 'text', label: 'schedule.title.label', prompt: (ctx) => ctx.t('schedule.title.prompt'), schema: () => plainText(3, 120) },
    {
      id: 'timeZone',
      input: 'text',
      label: 'schedule.time_zone.label',
      prompt: (ctx) => ctx.t('schedule.time_zone.prompt'),
      choices: (ctx) => zoneChoices(ctx, ctx.member.country, ctx.member.timeZone, ctx.coalition.defaultTimeZone),
      parse: checked((raw, ctx) => {
        const zone = zoneFromText(raw, ctx.member.country ? ctx.countries.get(ctx.member.country)?.iso2 : null);
        return zone ? { ok: true, value: zone } : { ok: false, error: ctx.t('error.time_zone', { input: raw.trim() }) };
      }, 'timeZone'),
    },
    startStep,
    {
      id: 'duration',
      input: 'text',
      label: 'schedule.duration.label',
      prompt: (ctx) => ctx.t('schedule.duration.prompt'),
      choices: () => ['30', '60', '90', '120'].map((m) => ({ label: `${m} min`, value: m })),
      parse: checked((raw, ctx) => {
        const minutes = parseMinutes(raw);
        return minutes !== null ? { ok: true, value: minutes } : { ok: false, error: ctx.t('error.duration', { input: raw.trim() }) };
      }, 'duration'),
      display: (value, ctx) => ctx.t('schedule.duration.display', { minutes: Number(value) }),
    },
    {
      id: 'joinUrl',
      input: 'text',
      label: 'schedule.join_url.label',
      optional: true,
      prompt: (ctx) => ctx.t('schedule.join_url.prompt'),
      schema: () => z.string().trim().max(500).url().refine((u) => /^https?:\/\//i.test(u), { message: 'error.url' }),
      parse: (raw, ctx) => (/^https?:\/\/\S+$/i.test(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, error: ctx.t('error.url', { input: raw.trim() }) }),
    },
    { id: 'agenda', input: 'text', label: 'schedule.agenda.label', optional: true, multiline: true, prompt: (ctx) => ctx.t('schedule.agenda.prompt'), schema: () => z.string().trim().min(1).max(2000) },
    {
      id: 'recurrence',
      input: 'choice',
      label: 'schedule.recurrence.label',
      prompt: (ctx) => ctx.t('schedule.recurrence.prompt'),
      choices: (ctx) => recurrenceChoices(ctx),
      // "no" is "Does not repeat"; options by label, value or a word only one has ("weekly", "month").
      yesNo: { no: 'none' },
      parse: checked((raw, ctx) => parseByKind('choice', raw, recurrenceChoices(ctx), ctx.t, { no: 'none' }), 'recurrence'),
    },
    {
      id: 'rrule',
      input: 'text',
      label: 'schedule.rrule.label',
      when: (answers) => answers.recurrence === 'custom',
      prompt: (ctx) => ctx.t('schedule.rrule.prompt'),
      parse: (raw, ctx, answers) => {
        const timeZone = zoneOf(answers, ctx);
        const startLocal = String(answers.start);
        let rrule: string;
        try {
          // Kept as the library rebuilt it, never as typed.
          rrule = normalizeRule(raw, { start: parseLocal(startLocal)!, timeZone });
        } catch (error) {
          if (!(error instanceof RecurrenceError)) throw error;
          return { ok: false, error: problemText(ctx, { code: 'rule', problem: error.problem }, { startLocal, timeZone }) };
        }
        const problem = answersProblem(ctx, { ...answers, rrule });
        return problem ? { ok: false, error: problem } : { ok: true, value: rrule };
      },
      // Said back in words: the chair checks that the rule means what they meant.
      display: (value, ctx, answers) => ruleInWords(String(value), { start: parseLocal(String(answers.start))!, timeZone: zoneOf(answers, ctx) }, ctx.t, ctx.member.locale),
    },
  ],
  async complete(ctx, answers) {
    const timeZone = answers.timeZone as string;
    const start = parseLocal(answers.start as string)!;
    // Checked again as saved: time has passed since the summary.
    const problem = answersProblem(ctx, answers);
    if (problem) return [{ text: ctx.t('meeting.changed_meanwhile', { problem }), tone: 'error' }];
    const rrule = ruleOf(answers, answers.start as string, timeZone);
    const meeting = await ctx.repositories.meetings.create(
      {
        group: answers.group as string,
        title: answers.title as string,
        startLocal: answers.start as string,
        timeZone,
        firstStartAt: toInstant(start, timeZone),
        durationMinutes: answers.duration as number,
        joinUrl: (answers.joinUrl as string | null) ?? null,
        agenda: (answers.agenda as string | null) ?? null,
        rrule,
        createdById: ctx.member.id,
      },
      ctx.now,
      { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'meeting.scheduled', details: { group: answers.group as string } },
    );
    // The group is told at once (its first meeting may be sooner than any reminder).
    const [first] = nextOccurrences(meeting, ctx.now, 1);
    const group = groupName(ctx, meeting.group);
    const count = first
      ? await notifyGroup(ctx, meeting.group, (member, t) =>
          newMeetingNotice({ meeting, occurrenceAt: first, member, groupName: group, calendarUrl: ctx.links.calendar(meeting.id, member.id), t, now: ctx.now }),
        )
      : 0;
    return [
      withNextSteps(
        ctx,
        {
          tone: 'success',
          text: ctx.t('schedule.saved', { title: meeting.title, id: shortId(meeting), group, count }),
          fields: [{ label: ctx.t('meeting.calendar'), value: ctx.links.calendar(meeting.id, ctx.member.id) }],
        },
        'next.after_schedule',
        ['meetings'],
      ),
    ];
  },
};
