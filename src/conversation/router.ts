// Commands: the same words on every platform. The router finds the longest command
// name at the start of the text, checks the caller's role, and suggests the nearest
// command for a word it does not know.
import type { OutgoingMessage } from '../core/messages';
import type { RoleName } from '../core/ports';
import { closest, normalize } from '../core/text/similarity';
import type { MessageId, Translate } from './catalog/catalog';
import type { ConversationContext } from './context';

export interface Command {
  /** One or more words, lower case: "help", "my groups". */
  name: string;
  aliases?: string[];
  summary: MessageId;
  /** Who may run it; absent = every member. A chair of any group satisfies 'chair'. */
  role?: RoleName;
  /**
   * Only reads (help, meetings, pledge totals): typed in the middle of a question it runs, and
   * the question is asked again. Any other command typed there first asks to stop the question.
   */
  readOnly?: boolean | ((args: string) => boolean);
  /**
   * Words no answer would be (`link confirm`): run as a command even in a question that takes any
   * text, never read as its answer nor asked about first when the command is also read-only.
   */
  neverAnAnswer?: (args: string, t: Translate) => boolean;
  /** Shown by `help` to a newcomer without a profile (the few first commands). */
  firstSteps?: boolean;
  /** Shown in help with its arguments, e.g. "leave <group>". */
  usage?: string;
  /** The usage in the member's language, where its arguments have words of their own (`statut engagement <numéro> en cours`). */
  localUsage?: (t: Translate) => string;
  run(ctx: ConversationContext, args: string): Promise<OutgoingMessage[]>;
  /**
   * Typed while a flow is in progress: replies when the command acts on that flow (`pledge`
   * offering to resume its draft), null when the text is the flow's answer.
   */
  duringFlow?(ctx: ConversationContext, args: string, flow: ActiveFlow): Promise<OutgoingMessage[] | null>;
}

export interface ActiveFlow {
  id: string;
  /** The current question again. */
  resume(): OutgoingMessage[];
}

export type Routed = { kind: 'command'; command: Command; args: string } | { kind: 'unknown'; word: string; suggestion?: string };

export class Router {
  private readonly byName = new Map<string, Command>();

  constructor(readonly commands: Command[]) {
    for (const command of commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`Command name "${name}" is used twice`);
        this.byName.set(name, command);
      }
    }
  }

  /** `aliases`: the member's language's words for commands (normalized word → command name); English always works. */
  route(text: string, aliases?: ReadonlyMap<string, string>): Routed {
    const words = text.trim().split(/\s+/).filter(Boolean);
    for (let n = Math.min(words.length, 3); n > 0; n--) {
      const phrase = words.slice(0, n).join(' ');
      // A word of the member's language counts only when every word of the phrase is one (`🌍 Pledge` is no
      // command); an apostrophe makes two of one (`modifier l’engagement`).
      const folded = normalize(phrase);
      const alias = folded.split(' ').length >= n ? aliases?.get(folded) : undefined;
      const command = this.byName.get(phrase.toLowerCase()) ?? (alias ? this.byName.get(alias) : undefined);
      if (command) return { kind: 'command', command, args: words.slice(n).join(' ') };
    }
    const word = words[0] ?? '';
    const names = [...this.byName.keys()];
    const twoWords = words.slice(0, 2).join(' ');
    const suggestion = closest(twoWords, names, (n) => n, 1)[0] ?? closest(word, names, (n) => n, 1)[0];
    return { kind: 'unknown', word, suggestion: suggestion ? this.byName.get(suggestion)!.name : undefined };
  }

  /** True when the caller holds the command's role (the secretariat may do everything). */
  static allowed(command: Command, ctx: ConversationContext): boolean {
    if (!command.role) return true;
    return ctx.roles.some((r) => r.role === 'secretariat' || r.role === command.role);
  }
}
