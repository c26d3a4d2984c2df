// `help`: what this member can do now (a newcomer without a profile sees the first few commands;
// members, chairs and the secretariat the commands their roles allow); `help all`: every command.
import { isProfileComplete } from '../../core/members/profile';
import type { ConversationContext } from '../context';
import { Router, type Command } from '../router';
import { commandWord, localUsage, saysAll } from '../understanding/words';

function shownTo(ctx: ConversationContext, commands: Command[]): Command[] {
  if (!isProfileComplete(ctx.member)) return commands.filter((c) => c.firstSteps);
  return commands.filter((c) => Router.allowed(c, ctx));
}

/**
 * How a command is typed, in the member's language: its own words where it has them (`aide [tout]`,
 * `statut engagement <numéro> en cours | réalisé | retiré [motif]`), else its usage with the member's
 * word for its name; English names and arguments are always understood too.
 */
export function usageFor(ctx: Pick<ConversationContext, 't'>, command: Command): string {
  if (command.localUsage) return command.localUsage(ctx.t);
  const usage = command.usage ?? command.name;
  const named = usage.toLowerCase().startsWith(command.name) ? `${commandWord(ctx.t, command.name)}${usage.slice(command.name.length)}` : usage;
  return localUsage(ctx.t, named);
}

export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    readOnly: true,
    firstSteps: true,
    aliases: ['?', 'commands'],
    summary: 'command.help',
    usage: 'help [all]',
    localUsage: (t) => `${commandWord(t, 'help')} [${t('words.all').split('|')[0]!.trim()}]`,
    async run(ctx, args) {
      const everything = saysAll(args, ctx.t);
      const commands = everything ? all() : shownTo(ctx, all());
      const more = !everything && commands.length < all().length;
      const who = !isProfileComplete(ctx.member) ? 'newcomer' : ctx.roles.some((r) => r.role === 'secretariat') ? 'secretariat' : ctx.roles.some((r) => r.role === 'chair') ? 'chair' : 'member';
      return [
        {
          title: ctx.t(everything ? 'help.title_all' : 'help.title'),
          text: [ctx.t('help.intro', { slash: ctx.coalition.slashCommand }), ...(everything ? [] : [ctx.t('help.for', { who })]), ...(more ? [ctx.t('help.more')] : [])].join('\n'),
          fields: commands.map((c) => ({
            label: usageFor(ctx, c),
            value: c.role ? `${ctx.t(c.summary)} ${ctx.t('help.role_note', { role: ctx.t(c.role === 'chair' ? 'role.chair' : 'role.secretariat') })}` : ctx.t(c.summary),
          })),
          ...(more ? { choices: { options: [{ label: ctx.t('help.all_button'), value: 'help all' }] } } : {}),
        },
      ];
    },
  };
}
