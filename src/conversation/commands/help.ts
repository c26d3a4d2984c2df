// `help`: what this member can do now (a newcomer without a profile sees the first few commands;
// members, chairs and the secretariat the commands their roles allow); `help all`: every command.
import { isProfileComplete } from '../../core/members/profile';
import { normalize } from '../../core/text/similarity';
import type { ConversationContext } from '../context';
import { Router, type Command } from '../router';

function shownTo(ctx: ConversationContext, commands: Command[]): Command[] {
  if (!isProfileComplete(ctx.member)) return commands.filter((c) => c.firstSteps);
  return commands.filter((c) => Router.allowed(c, ctx));
}

export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    readOnly: true,
    firstSteps: true,
    aliases: ['?', 'commands'],
    summary: 'command.help',
    usage: 'help [all]',
    async run(ctx, args) {
      const everything = normalize(args) === 'all';
      const commands = everything ? all() : shownTo(ctx, all());
      const more = !everything && commands.length < all().length;
      const who = !isProfileComplete(ctx.member) ? 'newcomer' : ctx.roles.some((r) => r.role === 'secretariat') ? 'secretariat' : ctx.roles.some((r) => r.role === 'chair') ? 'chair' : 'member';
      return [
        {
          title: ctx.t(everything ? 'help.title_all' : 'help.title'),
          text: [ctx.t('help.intro', { slash: ctx.coalition.slashCommand }), ...(everything ? [] : [ctx.t('help.for', { who })]), ...(more ? [ctx.t('help.more')] : [])].join('\n'),
          fields: commands.map((c) => ({
            label: c.usage ?? c.name,
            value: c.role ? `${ctx.t(c.summary)} ${ctx.t('help.role_note', { role: ctx.t(c.role === 'chair' ? 'role.chair' : 'role.secretariat') })}` : ctx.t(c.summary),
          })),
          ...(more ? { choices: { options: [{ label: ctx.t('help.all_button'), value: 'help all' }] } } : {}),
        },
      ];
    },
  };
}
