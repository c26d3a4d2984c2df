// Meeting commands: list, show, cancel, reschedule, RSVP and reminder preferences.
import type { Meeting, RsvpResponse } from '../../core/meetings/meeting-ports';
import { toInstant, parseLocal } from '../../core/meetings/zoned-time';
import type { OutgoingMessage } from '../../core/messages';
import type { ConversationContext } from '../context';
import type { FlowDefinition } from '../flow/flow';
import type { Command } from '../router';
import { canSee, chairs, findMeeting, groupName } from './access';
import { formatDate, formatOffset, formatWhen, parseMinutes } from './format';
import { notifyGroup } from './notify';
import { nextOccurrences } from './occurrence';
import { RSVP_RESPONSES, rsvpChoices } from './reminder-message';
import { displayStart, parseStart } from './schedule-flow';
import { upcomingMeetings } from './upcoming';

const zoneFor = (ctx: ConversationContext, meeting: Meeting) => ctx.member.timeZone ?? meeting.timeZone;

async function resolve(ctx: ConversationContext, args: string, command: string): Promise<{ meeting: Meeting } | { replies: OutgoingMessage[] }> {
  const id = args.trim().split(/\s+/)[0] ?? '';
  if (!id) return { replies: [{ text: ctx.t('meeting.usage', { command }), tone: 'error' }] };
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
  summary: 'command.meetings',
  run: (ctx) => upcomingMeetings(ctx, 10),
};

export const meetingCommand: Command = {
  name: 'meeting',
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
      { label: ctx.t('meeting.repeats'), value: meeting.rrule ?? ctx.t('meeting.once') },
      ...(meeting.joinUrl ? [{ label: ctx.t('reminder.join'), value: meeting.joinUrl }] : []),
      ...(meeting.agenda ? [{ label: ctx.t('reminder.agenda'), value: meeting.agenda }] : []),
      { label: ctx.t('meeting.calendar'), value: ctx.links.calendar(meeting.id) },
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
  usage: 'cancel meeting <id>',
  role: 'chair',
  summary: 'command.cancel_meeting',
  async run(ctx, args) {
    const found = await resolveManaged(ctx, args, 'cancel meeting');
    if ('replies' in found) return found.replies;
    const { meeting } = found;
    const [next] = nextOccurrences(meeting, ctx.now);
    await ctx.repositories.meetings.update(meeting.id, { status: 'cancelled' }, ctx.now, { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'meeting.cancelled', subject: meeting.id });
    const count = await notifyGroup(ctx, meeting.group, (member, t) => ({
      title: t('notice.cancelled.title', { title: meeting.title }),
      text: t('notice.cancelled.text', { group: groupName(ctx, meeting.group), when: next ? formatWhen(next, member.timeZone ?? meeting.timeZone, member.locale) : '' }),
      tone: 'info',
    }));
    return [{ text: ctx.t('meeting.cancelled', { title: meeting.title, when: next ? formatWhen(next, zoneFor(ctx, meeting), ctx.member.locale) : '', count }), tone: 'success' }];
  },
};

/** `reschedule <id>`: a one-question flow for the new start, then the group is told. */
export const rescheduleFlow: FlowDefinition = {
  id: 'reschedule',
  intro: (ctx) => ctx.t('reschedule.intro'),
  confirm: false,
  steps: [
    {
      id: 'start',
      input: 'text',
      label: 'schedule.start.label',
      prompt: (ctx, answers) => ctx.t('reschedule.start.prompt', { zone: String(answers.timeZone) }),
      parse: (raw, ctx, answers) => parseStart(raw, ctx, String(answers.timeZone)),
      display: (value, ctx, answers) => displayStart(value, ctx, String(answers.timeZone)),
    },
  ],
  async complete(ctx, answers) {
    const meeting = await ctx.repositories.meetings.get(String(answers.meetingId));
    if (!meeting || meeting.status !== 'scheduled') return [{ text: ctx.t('meeting.over'), tone: 'error' }];
    const start = parseLocal(String(answers.start))!;
    const moved = await ctx.repositories.meetings.update(
      meeting.id,
      { startLocal: String(answers.start), firstStartAt: toInstant(start, meeting.timeZone) },
      ctx.now,
      { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'meeting.rescheduled', subject: meeting.id },
    );
    const [next] = nextOccurrences(moved, ctx.now);
    const count = await notifyGroup(ctx, meeting.group, (member, t) => ({
      title: t('notice.rescheduled.title', { title: meeting.title }),
      text: t('notice.rescheduled.text', { group: groupName(ctx, meeting.group), when: formatWhen(next, member.timeZone ?? meeting.timeZone, member.locale) }),
      fields: [{ label: t('meeting.calendar'), value: ctx.links.calendar(meeting.id) }],
      choices: { options: rsvpChoices(moved, next, t) },
    }));
    return [{ text: ctx.t('meeting.rescheduled', { title: meeting.title, when: formatWhen(next, zoneFor(ctx, meeting), ctx.member.locale), count }), tone: 'success' }];
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
    return ctx.startFlow('reschedule', { meetingId: meeting.id, timeZone: meeting.timeZone });
  },
};

export const rsvpCommand: Command = {
  name: 'rsvp',
  usage: 'rsvp <id> <date> going|maybe|not_going',
  summary: 'command.rsvp',
  async run(ctx, args) {
    const [id, when, response] = args.trim().split(/\s+/);
    const found = await resolve(ctx, id ?? '', 'rsvp');
    if ('replies' in found) return found.replies;
    const occurrenceAt = new Date(when ?? '');
    const valid = RSVP_RESPONSES.includes(response as RsvpResponse) && !Number.isNaN(occurrenceAt.getTime()) && occurrenceAt > ctx.now;
    const scheduled = valid && nextOccurrences(found.meeting, new Date(occurrenceAt.getTime() - 1), 1)[0]?.getTime() === occurrenceAt.getTime();
    if (!scheduled) return [{ text: ctx.t('rsvp.usage'), tone: 'error' }];
    await ctx.repositories.meetings.rsvp({ meetingId: found.meeting.id, occurrenceAt, memberId: ctx.member.id, response: response as RsvpResponse }, ctx.now);
    return [
      {
        text: ctx.t('rsvp.saved', { response: ctx.t(`rsvp.${response as RsvpResponse}`), title: found.meeting.title, when: formatWhen(occurrenceAt, zoneFor(ctx, found.meeting), ctx.member.locale) }),
        tone: 'success',
      },
    ];
  },
};

export const remindersCommand: Command = {
  name: 'reminders',
  usage: 'reminders [24h 1h | off | on | pause until <date> | default]',
  summary: 'command.reminders',
  async run(ctx, args) {
    const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const prefs = ctx.repositories.members;
    if (words[0] === 'off') await prefs.updateReminders(ctx.member.id, { off: true });
    else if (words[0] === 'on') await prefs.updateReminders(ctx.member.id, { off: false, pausedUntil: null });
    else if (words[0] === 'default') await prefs.updateReminders(ctx.member.id, { offsets: null, off: false, pausedUntil: null });
    else if (words[0] === 'pause') {
      const date = words.at(-1) ?? '';
      const until = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : null;
      if (!until || Number.isNaN(until.getTime()) || until <= ctx.now) return [{ text: ctx.t('reminders.bad_date', { input: date }), tone: 'error' }];
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
          ? ctx.t('reminders.current_own', { offsets: current.offsets.map(formatOffset).join(', ') })
          : ctx.t('reminders.current_default', { offsets: ctx.coalition.reminders.offsetsMinutes.map(formatOffset).join(', ') });
    return [{ title: ctx.t('reminders.title'), text: `${words.length ? `${ctx.t('reminders.saved')} ` : ''}${describe}\n${ctx.t('reminders.help')}` }];
  },
};

export const meetingCommands: Command[] = [meetingsCommand, meetingCommand, cancelMeetingCommand, rescheduleCommand, rsvpCommand, remindersCommand];
