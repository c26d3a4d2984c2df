import type { Command } from '../router';
import { chairs } from './access';

export const scheduleCommand: Command = {
  name: 'schedule',
  role: 'chair',
  summary: 'command.schedule',
  async run(ctx) {
    if (!ctx.coalition.focusAreas.some((a) => chairs(ctx, a.key))) return [{ text: ctx.t('schedule.no_groups'), tone: 'error' }];
    return ctx.startFlow('schedule');
  },
};
