// Meeting commands: list, show, cancel, reschedule, RSVP and reminder preferences.
import type { Meeting, RsvpResponse } from '../../core/meetings/meeting-ports';
import { meetingProblem } from '../../core/meetings/meeting-rules';
import { shiftRule } from '../../core/meetings/recurrence';
import { formatLocal, parseLocal, toInstant, toLocal } from '../../core/meetings/zoned-time';
import type { OutgoingMessage } from '../../core/messages';
import type { ConversationContext } from '../context';
import type { Answers, FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { normalize } from '../../core/text/similarity';
import { clip } from '../flow/inputs';
import { readDateTime } from '../understanding/dates';
import { commandWord, localUsage, words } from '../understanding/words';
import { canSee, chairs, findMeeting, groupName } from './access';
import { formatDate, formatWhen, offsetsInWords, parseMinutes } from './format';
import { notifyGroup } from './notify';
import { meetingProblemText } from './meeting-problems';
import { nextOccurrenceDetails, nextOccurrences } from './occurrence';
import { RSVP_RESPONSES, rsvpChoices } from './reminder-message';
import { ruleInWords } from './recurrence-words';
import { parseStart } from './schedule-flow';
import { upcomingMeetings } from './upcoming';

const zoneFor = (ctx: ConversationContext, meeting: Meeting) => ctx.member.timeZone ?? meeting.timeZone;
const seriesOf = (meeting: Pick<Meeting, 'startLocal' | 'timeZone'>) => ({ start: parseLocal(meeting.startLocal)!, timeZone: meeting.timeZone });

async function resolve(ctx: ConversationContext, args: string, command: string): Promise<{ meeting: Meeting } | { replies: OutgoingMessage[] }> {
  const id = args.trim().split(/\s+/)[0] ?? '';
  if (!id) return { replies: [{ text: ctx.t('meeting.usage', { command: commandWord(ctx.t, command) }), tone: 'error' }] };
  const meeting = await findMeeting(ctx, id);
  if (!meeting || !(await canSee(ctx, meeting))) return { replies: [{ text: ctx.t('meeting.unknown', { id }), tone: 'error' }] };
  return { meeting };
}

/** A meeting the caller may change: they chair its group (or are the secretariat). */
async function resolveManaged(ctx: ConversationContext, args: string, command: string): Promise<{ meeting: Meeting } | { replies: OutgoingMessage[] }> {
  const found = await resolve(ctx, args, command);
  if ('meeting' in found && !chairs(ctx, found.meeting.group)) {
    return { replies: [{ text: ctx.t('meeting.chair_only', { group: groupName(ctx, found.meeting.group) }), tone: 'error' }] };
  }
  return found;
}

export const meetingsCommand: Command = {
  name: 'meetings',
  readOnly: true,
  summary: 'command.meetings',
  run: (ctx) => upcomingMeetings(ctx, 10),
};

export const meetingCommand: Command = {
  name: 'meeting',
  readOnly: true,
  usage: 'meeting <id>',
  summary: 'command.meeting',
  async run(ctx, args) {
    const found = await resolve(ctx, args, 'meeting');
    if ('replies' in found) return found.replies;
    const { meeting } = found;
    const [next] = nextOccurrences(meeting, ctx.now);
    const fields = [
      { label: ctx.t('meeting.group'), value: groupName(ctx, meeting.group) },
      { label: ctx.t('meeting.when'), value: next ? formatWhen(next, zoneFor(ctx, meeting), ctx.member.locale) : '–' },
      { label: ctx.t('meeting.repeats'), value: ruleInWords(meeting.rrule, seriesOf(meeting), ctx.t, ctx.member.locale) },
      ...(meeting.joinUrl ? [{ label: ctx.t('reminder.join'), value: meeting.joinUrl }] : []),
      ...(meeting.agenda ? [{ label: ctx.t('reminder.agenda'), value: meeting.agenda }] : []),
      { label: ctx.t('meeting.calendar'), value: ctx.links.calendar(meeting.id, ctx.member.id) },
    ];
    if (next && chairs(ctx, meeting.group)) {
      const answers = await ctx.repositories.meetings.rsvps(meeting.id, next);
      const count = (r: RsvpResponse) => answers.filter((a) => a.response === r).length;
      const names = (await Promise.all(answers.map(async (a) => `${(await ctx.repositories.members.get(a.memberId))?.name ?? a.memberId}: ${ctx.t(`rsvp.${a.response}`)}`))).sort();
      fields.push({
        label: ctx.t('meeting.rsvps'),
        value: [ctx.t('meeting.rsvp_counts', { going: count('going'), maybe: count('maybe'), not_going: count('not_going') }), ...names].join('\n'),
      });
    }
    return [{ title: meeting.title, text: '', fields, ...(next ? { choices: { options: rsvpChoices(meeting, next, ctx.t) } } : {}) }];
  },
};

export const cancelMeetingCommand: Command = {
  name: 'cancel meeting',
  usage: 'cancel meeting <id> [date]',
  role: 'chair',
  summary: 'command.cancel_meeting',
  async run(ctx, args) {
    const found = await resolveManaged(ctx, args, 'cancel meeting');
    if ('replies' in found) return found.replies;
    const { meeting } = found;
    const date = dayTyped(ctx, args.trim().split(/\s+/).slice(1).join(' '), meeting.timeZone);
    if (date && meeting.rrule) return cancelOccurrence(ctx, meeting, date);
    const [next] = nextOccurrences(meeting, ctx.now);
    await ctx.repositories.meetings.update(meeting.id, { status: 'cancelled' }, ctx.now, { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'meeting.cancelled', subject: meeting.id });
    const count = await notifyGroup(ctx, meeting.group, (member, t, reader) => ({
      title: t('notice.cancelled.title', { title: meeting.title }),
      text: t('notice.cancelled.text', { group: groupName(reader, meeting.group), when: next ? formatWhen(next, member.timeZone ?? meeting.timeZone, member.locale) : '' }),
      tone: 'info',
    }));
    return [{ text: ctx.t('meeting.cancelled', { title: meeting.title, when: next ? formatWhen(next, zoneFor(ctx, meeting), ctx.member.locale) : '', count }), tone: 'success' }];
  },
};

/** The day typed after a meeting's id ("2026-12-15", "15 Dec", "next Tuesday") as YYYY-MM-DD in the meeting's zone; as typed when unreadable. */
function dayTyped(ctx: ConversationContext, typed: string, zone: string): string {
  if (!typed || /^\d{4}-\d{2}-\d{2}$/.test(typed)) return typed;
  const read = readDateTime(`${typed} 12:00`, ctx.now, zone, ctx.member.locale);
  if (read.kind !== 'ok') return typed;
  const { year, month, day } = read.local;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `cancel meeting <id> <date>`: one occurrence of a series (its date in the meeting's zone) is cancelled alone (EXDATE). */
async function cancelOccurrence(ctx: ConversationContext, meeting: Meeting, date: string): Promise<OutgoingMessage[]> {
  const occurrence = nextOccurrenceDetails(meeting, ctx.now, 400).find((o) => formatLocal(toLocal(o.at, meeting.timeZone)).slice(0, 10) === date);
  if (!occurrence) {
    return [{ text: ctx.t('meeting.no_occurrence_on', { title: meeting.title, date: date.slice(0, 10), zone: meeting.timeZone, id: meeting.id.slice(0, 8) }), tone: 'error' }];
  }
  await ctx.repositories.meetings.setException(meeting.id, { occurrenceAt: occurrence.originalAt, startLocal: null, cancelled: true }, ctx.now, {
    at: ctx.now,
    actor: `member:${ctx.member.id}`,
    action: 'meeting.occurrence_cancelled',
    subject: meeting.id,
    details: { occurrence: occurrence.originalAt.toISOString() },
  });
  const count = await notifyGroup(ctx, meeting.group, (member, t, reader) => ({
    title: t('notice.cancelled.title', { title: meeting.title }),
    text: t('notice.cancelled_one.text', { group: groupName(reader, meeting.group), when: formatWhen(occurrence.at, member.timeZone ?? meeting.timeZone, member.locale) }),
    tone: 'info',
  }));
  return [{ text: ctx.t('meeting.cancelled_one', { title: meeting.title, when: formatWhen(occurrence.at, zoneFor(ctx, meeting), ctx.member.locale), count }), tone: 'success' }];
}

/** The new start and, for a series, its rule moved with it; or the member's error message. */
function plannedMove(ctx: ConversationContext, answers: Answers, startLocal: string): { rrule: string | null } | { error: string } {
  const timeZone = String(answers.timeZone);
  const series = answers.scope !== 'occurrence';
  let rrule: string | null = null;
  if (series && answers.rrule) {
    rrule = shiftRule(String(answers.rrule), { start: parseLocal(String(answers.seriesStart))!, timeZone }, { start: parseLocal(startLocal)!, timeZone });
    if (!rrule) return { error: ctx.t('error.rrule.start_not_in_rule_none') };
  }
  const problem = meetingProblem({ startLocal, timeZone, durationMinutes: Number(answers.durationMinutes), rrule }, ctx.now);
  if (problem) return { error: meetingProblemText(ctx.t, problem, { startLocal, timeZone, example: startLocal.replace('T', ' ') }) };
  return { rrule };
}

/** The occurrence being moved (its current start and RECURRENCE-ID): the chosen one, or the series' next. */
function movedOccurrence(answers: Answers): { at: Date; originalAt: Date } {
  const upcoming = answers.upcoming as { at: string; originalAt: string }[];
  const chosen = upcoming.find((o) => o.originalAt === answers.occurrence) ?? upcoming[0];
  return { at: new Date(chosen.at), originalAt: new Date(chosen.originalAt) };
}

/**
 * `reschedule <id>`: for a repeating meeting, first whether one occurrence moves or the whole
 * series (its weekday moving with it), then the new start; the chair confirms "was …, now …"
 * before anyone is told.
 */
export const rescheduleFlow: FlowDefinition = {
  id: 'reschedule',
  intro: (ctx) => ctx.t('reschedule.intro'),
  confirm: true,
  steps: [
    {
      id: 'scope',
      input: 'choice',
      label: 'reschedule.scope.label',
      when: (answers) => answers.repeats === true,
      prompt: (ctx) => ctx.t('reschedule.scope.prompt'),
      choices: (ctx) => [
        { label: ctx.t('reschedule.scope.occurrence'), value: 'occurrence' },
        { label: ctx.t('reschedule.scope.series'), value: 'series' },
      ],
    },
    {
      id: 'occurrence',
      input: 'choice',
      label: 'reschedule.occurrence.label',
      when: (answers) => answers.scope === 'occurrence',
      prompt: (ctx) => ctx.t('reschedule.occurrence.prompt'),
      choices: (ctx, answers) =>
        ((answers.upcoming as { at: string; originalAt: string }[] | undefined) ?? []).map((o) => ({
          label: formatWhen(new Date(o.at), String(answers.timeZone), ctx.member.locale),
          value: o.originalAt,
        })),
      // In the summary, the occurrence as the member reads it, not its stored instant.
      display: (value, ctx, answers) => {
        const found = ((answers.upcoming as { at: string; originalAt: string }[] | undefined) ?? []).find((o) => o.originalAt === value);
        return formatWhen(new Date(found?.at ?? String(value)), ctx.member.timeZone ?? String(answers.timeZone), ctx.member.locale);
      },
    },
    {
      id: 'start',
      input: 'text',
      label: 'schedule.start.label',
      prompt: (ctx, answers) => ctx.t('reschedule.start.prompt', { zone: String(answers.timeZone) }),
      parse: (raw, ctx, answers) => {
        const parsed = parseStart(raw, ctx, String(answers.timeZone));
        if (!parsed.ok) return parsed;
        const planned = plannedMove(ctx, answers, String(parsed.value));
        return 'error' in planned ? { ok: false, error: planned.error } : parsed;
      },
      display: (value, ctx, answers) => {
        const zone = ctx.member.timeZone ?? String(answers.timeZone);
        const was = formatWhen(movedOccurrence(answers).at, zone, ctx.member.locale);
        const now = formatWhen(toInstant(parseLocal(String(value))!, String(answers.timeZone)), zone, ctx.member.locale);
        const text = ctx.t('reschedule.was_now', { was, now });
        const planned = plannedMove(ctx, answers, String(value));
        if ('rrule' in planned && planned.rrule && planned.rrule !== answers.rrule) {
          const timeZone = String(answers.timeZone);
          const rule = ruleInWords(planned.rrule, { start: parseLocal(String(value))!, timeZone }, ctx.t, ctx.member.locale);
          const was = ruleInWords(String(answers.rrule), { start: parseLocal(String(answers.seriesStart))!, timeZone }, ctx.t, ctx.member.locale);
          return ctx.t('reschedule.rule_change', { moved: text, rule, was });
        }
        return text;
      },
    },
  ],
  async complete(ctx, answers) {
    const meeting = await ctx.repositories.meetings.get(String(answers.meetingId));
    if (!meeting || meeting.status !== 'scheduled') return [{ text: ctx.t('meeting.over'), tone: 'error' }];
    const startLocal = String(answers.start);
    // Checked again as saved, against the meeting as it is now.
    const fresh = { ...answers, rrule: meeting.rrule, seriesStart: meeting.startLocal, timeZone: meeting.timeZone, durationMinutes: meeting.durationMinutes };
    const planned = plannedMove(ctx, fresh, startLocal);
    if ('error' in planned) return [{ text: ctx.t('meeting.changed_meanwhile', { problem: planned.error }), tone: 'error' }];
    const newAt = toInstant(parseLocal(startLocal)!, meeting.timeZone);
    const { at: wasAt, originalAt } = movedOccurrence(answers);
    const audit = { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'meeting.rescheduled', subject: meeting.id };
    const occurrenceOnly = answers.scope === 'occurrence';
    const moved = occurrenceOnly
      ? await ctx.repositories.meetings.setException(meeting.id, { occurrenceAt: originalAt, startLocal, cancelled: false }, ctx.now, { ...audit, details: { occurrence: originalAt.toISOString() } })
      : await ctx.repositories.meetings.update(meeting.id, { startLocal, firstStartAt: newAt, rrule: planned.rrule }, ctx.now, audit);
    const when = (at: Date, zone: string, locale: string) => formatWhen(at, zone, locale);
    const count = await notifyGroup(ctx, meeting.group, (member, t, reader) => {
      const zone = member.timeZone ?? meeting.timeZone;
      const params = { group: groupName(reader, meeting.group), was: when(wasAt, zone, member.locale), now: when(newAt, zone, member.locale), rule: ruleInWords(moved.rrule, seriesOf(moved), t, member.locale) };
      return {
        title: t('notice.rescheduled.title', { title: meeting.title }),
        text: occurrenceOnly || !moved.rrule ? t('notice.rescheduled.was_now', params) : t('notice.rescheduled.series', params),
        fields: [{ label: t('meeting.calendar'), value: ctx.links.calendar(meeting.id, member.id) }],
        choices: { options: rsvpChoices(moved, newAt, t) },
      };
    });
    const zone = zoneFor(ctx, meeting);
    const params = { title: meeting.title, was: when(wasAt, zone, ctx.member.locale), now: when(newAt, zone, ctx.member.locale), rule: ruleInWords(moved.rrule, seriesOf(moved), ctx.t, ctx.member.locale), count };
    return [{ text: ctx.t(occurrenceOnly ? 'meeting.rescheduled.occurrence' : moved.rrule ? 'meeting.rescheduled.series' : 'meeting.rescheduled', occurrenceOnly || moved.rrule ? params : { ...params, when: params.now }), tone: 'success' }];
  },
};

export const rescheduleCommand: Command = {
  name: 'reschedule',
  usage: 'reschedule <id>',
  role: 'chair',
  summary: 'command.reschedule',
  async run(ctx, args) {
    const found = await resolveManaged(ctx, args, 'reschedule');
    if ('replies' in found) return found.replies;
    const { meeting } = found;
    const upcoming = nextOccurrenceDetails(meeting, ctx.now, 6).map((o) => ({ at: o.at.toISOString(), originalAt: o.originalAt.toISOString() }));
    if (upcoming.length === 0) return [{ text: ctx.t('reschedule.none'), tone: 'error' }];
    return ctx.startFlow('reschedule', {
      meetingId: meeting.id,
      timeZone: meeting.timeZone,
      repeats: meeting.rrule !== null,
      rrule: meeting.rrule,
      seriesStart: meeting.startLocal,
      durationMinutes: meeting.durationMinutes,
      upcoming,
    });
  },
};

/** The response said at the end of the words ("going", "not going", "maybe") and the words before it. */
function responseSaid(ctx: ConversationContext, typed: string[]): { response: RsvpResponse; before: string[] } | null {
  for (let n = Math.min(3, typed.length); n >= 1; n--) {
    const tail = normalize(typed.slice(-n).join(' '));
    const response = RSVP_RESPONSES.find((r) => words(ctx.t, `rsvp.${r}`).includes(tail) || normalize(ctx.t(`rsvp.${r}`)) === tail || normalize(r) === tail);
    if (response) return { response, before: typed.slice(0, -n) };
  }
  return null;
}

/**
 * The occurrence the words name: none = the next one; an instant (a button's value) exactly; else
 * a date as typed ("8 Dec", "2026-12-08", "next Tuesday"), read in the member's zone, and its
 * time when given. Null when no occurrence matches.
 */
function occurrenceSaid(ctx: ConversationContext, meeting: Meeting, typed: string[]): Date | null {
  const upcoming = nextOccurrences(meeting, ctx.now, 60);
  if (typed.length === 0) return upcoming[0] ?? null;
  const text = typed.join(' ');
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(text)) {
    const at = new Date(text);
    return upcoming.find((o) => o.getTime() === at.getTime()) ?? null;
  }
  const zone = zoneFor(ctx, meeting);
  const read = readDateTime(/\d{1,2}[:h.]\d{2}|\d\s*(am|pm)\b/i.test(text) ? text : `${text} 12:00`, ctx.now, zone, ctx.member.locale);
  if (read.kind !== 'ok') return null;
  const local = read.local;
  const sameDay = upcoming.filter((o) => {
    const l = toLocal(o, zone);
    return l.year === local.year && l.month === local.month && l.day === local.day;
  });
  const timed = /\d{1,2}[:h.]\d{2}|\d\s*(am|pm)\b/i.test(text) && sameDay.find((o) => { const l = toLocal(o, zone); return l.hour === local.hour && l.minute === local.minute; });
  return timed || sameDay[0] || null;
}

export const rsvpCommand: Command = {
  name: 'rsvp',
  usage: 'rsvp <id> [<date>] going|maybe|not going',
  localUsage: (t) => `${localUsage(t, 'rsvp <id> [<date>]')} ${(['going', 'maybe', 'not_going'] as const).map((r) => t(`words.rsvp.${r}`).split('|')[0]!.trim()).join('|')}`,
  summary: 'command.rsvp',
  async run(ctx, args) {
    const [id, ...rest] = args.trim().split(/\s+/).filter(Boolean);
    const found = await resolve(ctx, id ?? '', 'rsvp');
    if ('replies' in found) return found.replies;
    const said = responseSaid(ctx, rest);
    if (!said) return [{ text: ctx.t('rsvp.usage', { id: found.meeting.id.slice(0, 8) }), tone: 'error' }];
    const occurrenceAt = occurrenceSaid(ctx, found.meeting, said.before);
    if (!occurrenceAt) {
      const dates = nextOccurrences(found.meeting, ctx.now, 3).map((o) => formatWhen(o, zoneFor(ctx, found.meeting), ctx.member.locale)).join('; ');
      return [{ text: ctx.t('rsvp.no_occurrence', { input: clip(said.before.join(' ')), title: found.meeting.title, dates: dates || '–' }), tone: 'error' }];
    }
    const response = said.response;
    await ctx.repositories.meetings.rsvp({ meetingId: found.meeting.id, occurrenceAt, memberId: ctx.member.id, response }, ctx.now);
    return [
      {
        text: ctx.t('rsvp.saved', { response: ctx.t(`rsvp.${response}`), title: found.meeting.title, when: formatWhen(occurrenceAt, zoneFor(ctx, found.meeting), ctx.member.locale) }),
        tone: 'success',
      },
    ];
  },
};

export const remindersCommand: Command = {
  name: 'reminders',
  readOnly: (args) => args.trim() === '',
  usage: 'reminders [24h 1h | off | on | pause until <date> | default]',
  summary: 'command.reminders',
  async run(ctx, args) {
    const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const prefs = ctx.repositories.members;
    if (words[0] === 'off') await prefs.updateReminders(ctx.member.id, { off: true });
    else if (words[0] === 'on') await prefs.updateReminders(ctx.member.id, { off: false, pausedUntil: null });
    else if (words[0] === 'default') await prefs.updateReminders(ctx.member.id, { offsets: null, off: false, pausedUntil: null });
    else if (words[0] === 'pause') {
      // "pause until 2027-01-06", "pause until next Monday", "pause until 6 Jan": the start of that day in the member's zone.
      const date = args.trim().replace(/^pause\s+(?:until\s+)?/i, '');
      const zone = ctx.member.timeZone ?? ctx.coalition.defaultTimeZone;
      const read = readDateTime(`${date} 00:00`, ctx.now, zone, ctx.member.locale);
      const until = read.kind === 'ok' ? toInstant({ ...read.local, hour: 0, minute: 0 }, zone) : null;
      if (!until || until <= ctx.now) return [{ text: ctx.t('reminders.bad_date', { input: clip(date) }), tone: 'error' }];
      await prefs.updateReminders(ctx.member.id, { pausedUntil: until });
    } else if (words.length > 0) {
      const offsets: number[] = [];
      for (const word of words) {
        const minutes = parseMinutes(word);
        if (minutes === null || minutes < 1 || minutes > 14 * 1440) return [{ text: ctx.t('reminders.bad_offset', { input: word }), tone: 'error' }];
        offsets.push(minutes);
      }
      await prefs.updateReminders(ctx.member.id, { offsets: [...new Set(offsets)].sort((a, b) => b - a), off: false });
    }
    const current = await prefs.reminderPreferences(ctx.member.id);
    const zone = ctx.member.timeZone ?? ctx.coalition.defaultTimeZone;
    const describe = current.off
      ? ctx.t('reminders.current_off')
      : current.pausedUntil && current.pausedUntil > ctx.now
        ? ctx.t('reminders.current_paused', { date: formatDate(current.pausedUntil, zone, ctx.member.locale) })
        : current.offsets
          ? ctx.t('reminders.current_own', { offsets: offsetsInWords(current.offsets, ctx.member.locale, ctx.t) })
          : ctx.t('reminders.current_default', { offsets: offsetsInWords(ctx.coalition.reminders.offsetsMinutes, ctx.member.locale, ctx.t) });
    return [{ title: ctx.t('reminders.title'), text: `${words.length ? `${ctx.t('reminders.saved')} ` : ''}${describe}\n${ctx.t('reminders.help')}` }];
  },
};

export const meetingCommands: Command[] = [meetingsCommand, meetingCommand, cancelMeetingCommand, rescheduleCommand, rsvpCommand, remindersCommand];
