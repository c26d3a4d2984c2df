// `schedule`: a chair (or the secretariat) sets up a meeting of a working group.
import { z } from 'zod';
import { presetRule, parseRule, RecurrenceError, type RecurrenceChoice } from '../../core/meetings/recurrence';
import { formatLocal, parseLocal, toInstant } from '../../core/meetings/zoned-time';
import { plainText } from '../../core/members/profile';
import { canonicalTimeZone } from '../../core/time-zones';
import type { ConversationContext } from '../context';
import type { Answers, FlowDefinition, ParseResult, StepDefinition } from '../flow/flow';
import { chairs, groupName, shortId } from './access';
import { formatWhen, parseMinutes } from './format';

const RECURRENCES: RecurrenceChoice[] = ['none', 'weekly', 'biweekly', 'monthly'];

export function parseStart(raw: string, ctx: ConversationContext, zone: string): ParseResult {
  const local = parseLocal(raw);
  if (!local) return { ok: false, error: ctx.t('error.date', { input: raw.trim(), example: '2027-03-15 14:00' }) };
  if (toInstant(local, zone) <= ctx.now) return { ok: false, error: ctx.t('error.past') };
  return { ok: true, value: formatLocal(local) };
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
  parse: (raw, ctx, answers) => parseStart(raw, ctx, zoneOf(answers, ctx)),
  display: (value, ctx, answers) => displayStart(value, ctx, zoneOf(answers, ctx)),
};

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
      choices: (ctx) => [...new Set([ctx.coalition.defaultTimeZone, ctx.member.timeZone, 'UTC'].filter((z): z is string => Boolean(z)))].map((z) => ({ label: z, value: z })),
      parse: (raw, ctx) => {
        const zone = canonicalTimeZone(raw);
        return zone ? { ok: true, value: zone } : { ok: false, error: ctx.t('error.time_zone', { input: raw.trim() }) };
      },
    },
    startStep,
    {
      id: 'duration',
      input: 'text',
      label: 'schedule.duration.label',
      prompt: (ctx) => ctx.t('schedule.duration.prompt'),
      choices: () => ['30', '60', '90', '120'].map((m) => ({ label: `${m} min`, value: m })),
      parse: (raw, ctx) => {
        const minutes = parseMinutes(raw);
        return minutes !== null && minutes >= 5 && minutes <= 720 ? { ok: true, value: minutes } : { ok: false, error: ctx.t('error.duration', { input: raw.trim() }) };
      },
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
      choices: (ctx) => [
        ...RECURRENCES.map((r) => ({ label: ctx.t(`schedule.recurrence.${r}`), value: r })),
        { label: ctx.t('schedule.recurrence.custom'), value: 'custom' },
      ],
    },
    {
      id: 'rrule',
      input: 'text',
      label: 'schedule.rrule.label',
      when: (answers) => answers.recurrence === 'custom',
      prompt: (ctx) => ctx.t('schedule.rrule.prompt'),
      parse: (raw, ctx) => {
        try {
          parseRule(raw);
          return { ok: true, value: raw.trim().replace(/^RRULE:/i, '').toUpperCase() };
        } catch (error) {
          if (error instanceof RecurrenceError) return { ok: false, error: ctx.t('error.rrule', { detail: error.message }) };
          throw error;
        }
      },
    },
  ],
  async complete(ctx, answers) {
    const timeZone = answers.timeZone as string;
    const start = parseLocal(answers.start as string)!;
    const recurrence = answers.recurrence as RecurrenceChoice | 'custom';
    const rrule = recurrence === 'custom' ? (answers.rrule as string) : presetRule(recurrence, start);
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
    return [
      {
        tone: 'success',
        text: ctx.t('schedule.saved', { title: meeting.title, id: shortId(meeting), group: groupName(ctx, meeting.group) }),
        fields: [{ label: ctx.t('meeting.calendar'), value: ctx.links.calendar(meeting.id) }],
      },
    ];
  },
};
