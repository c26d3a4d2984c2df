// `help`: what this member can do now (a newcomer without a profile sees the first few commands;
// members, chairs and the secretariat the commands their roles allow); `help all`: every command.
import { coalitionLanguage } from '../../core/coalition/coalition';
import type { OutgoingMessage } from '../../core/messages';
import { isProfileComplete } from '../../core/members/profile';
import { languageName } from '../../core/members/locale';
import { normalize } from '../../core/text/similarity';
import { catalogLanguages, translator } from '../catalog/catalog';
import type { ConversationContext } from '../context';
import { Router, type Command } from '../router';
import { commandWord, localUsage, saysAll } from '../understanding/words';
import { offeredLanguages } from './language';

/**
 * Each catalog language's own word for help ("aide", "ayuda", "مساعدة") and its language: anyone may
 * type them, whatever language the bot writes to them in, so a newcomer finds the bot in theirs.
 */
function helpWordsOfEveryLanguage(): Map<string, { word: string; language: string }> {
  const found = new Map<string, { word: string; language: string }>();
  for (const language of catalogLanguages()) {
    const word = commandWord(translator(language), 'help');
    const folded = normalize(word);
    if (folded !== 'help' && !found.has(folded)) found.set(folded, { word, language });
  }
  return found;
}

/**
 * When the member typed another offered language's word for help: one line in that language offering
 * to write to them in it, with its button (`language es`), before the help in their own.
 */
function otherLanguageOffer(ctx: ConversationContext, helpWords: ReadonlyMap<string, { word: string; language: string }>): OutgoingMessage[] {
  const typed = (ctx.incoming.text ?? '').trim().split(/\s+/)[0] ?? '';
  if (typed.toLowerCase() === 'help') return [];
  const language = helpWords.get(normalize(typed))?.language;
  if (!language || !offeredLanguages(ctx).includes(language)) return [];
  if (coalitionLanguage({ ...ctx.coalition, languages: [language] }, ctx.member.locale)) return [];
  return [{ text: translator(language)('help.other_language'), locale: language, choices: { options: [{ label: languageName(language), value: `language ${language}` }] } }];
}

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
  const helpWords = helpWordsOfEveryLanguage();
  return {
    name: 'help',
    readOnly: true,
    firstSteps: true,
    aliases: ['?', 'commands', ...[...helpWords.values()].map((h) => h.word)],
    summary: 'command.help',
    usage: 'help [all]',
    localUsage: (t) => `${commandWord(t, 'help')} [${t('words.all').split('|')[0]!.trim()}]`,
    async run(ctx, args) {
      const everything = saysAll(args, ctx.t);
      const commands = everything ? all() : shownTo(ctx, all());
      const more = !everything && commands.length < all().length;
      const who = !isProfileComplete(ctx.member) ? 'newcomer' : ctx.roles.some((r) => r.role === 'secretariat') ? 'secretariat' : ctx.roles.some((r) => r.role === 'chair') ? 'chair' : 'member';
      return [
        // First, so that the turn's language (its last reply's) stays the member's.
        ...otherLanguageOffer(ctx, helpWords),
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
