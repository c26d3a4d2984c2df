// What a member reads when a meeting breaks one of the core's rules.
import type { MeetingProblem } from '../../core/meetings/meeting-rules';
import type { RecurrenceProblem } from '../../core/meetings/recurrence';
import type { Translate } from '../catalog/catalog';

export function recurrenceProblemText(t: Translate, problem: RecurrenceProblem, where: { time: string; zone: string }): string {
  switch (problem.code) {
    case 'too_long':
    case 'interval':
    case 'count':
      return t(`error.rrule.${problem.code}`, { max: problem.max });
    case 'characters':
    case 'position':
      return t(`error.rrule.${problem.code}`);
    case 'unsupported':
    case 'duplicate':
    case 'dropped':
      return t(`error.rrule.${problem.code}`, { parts: problem.parts });
    case 'unreadable':
      return t('error.rrule.unreadable', { detail: problem.detail });
    case 'frequency':
      return t('error.rrule.frequency', { value: problem.value });
    case 'start_not_in_rule':
      return problem.first ? t('error.rrule.start_not_in_rule', { first: problem.first.replace('T', ' ') }) : t('error.rrule.start_not_in_rule_none');
    case 'no_occurrence':
      return t('error.rrule.no_occurrence', { years: problem.years });
    case 'wall_clock':
      return t(`error.rrule.wall_clock.${problem.kind}`, { time: where.time, zone: where.zone, date: problem.date });
  }
}

export function meetingProblemText(t: Translate, problem: MeetingProblem, input: { startLocal: string; timeZone: string; duration?: string; example: string }): string {
  switch (problem.code) {
    case 'start_unreadable':
      return t('error.date', { input: input.startLocal, example: input.example });
    case 'start_past':
      return t('error.past');
    case 'duration':
      return t('error.duration', { input: input.duration ?? '' });
    case 'rule':
      return recurrenceProblemText(t, problem.problem, { time: input.startLocal.slice(11, 16), zone: input.timeZone });
  }
}
