import type { Command } from '../router';

export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    aliases: ['?', 'commands'],
    summary: 'command.help',
    async run(ctx) {
      return [
        {
          title: ctx.t('help.title'),
          text: ctx.t('help.intro', { slash: ctx.coalition.slashCommand }),
          fields: all().map((c) => ({
            label: c.usage ?? c.name,
            value: c.role ? `${ctx.t(c.summary)} ${ctx.t('help.role_note', { role: ctx.t(c.role === 'chair' ? 'role.chair' : 'role.secretariat') })}` : ctx.t(c.summary),
          })),
        },
      ];
    },
  };
}
