// The commands a platform's command menu offers (the Teams manifest's commandLists, the Slack
// slash command's usage hint): the everyday ones, which every member may run and which work
// as chosen, without an argument. A menu choice sends the bare command, so one that needs an
// argument (`notify via ...`, `leave <group>`) would only answer with its usage.
import type { Command } from './router';

/** Teams shows at most 10 commands per list. */
export const MENU_SIZE = 10;

/** Run once, not every day: left to `help` (`link` joins two chats; `pledge totals` is in the digest). */
const NOT_EVERYDAY = new Set(['link', 'pledge totals']);

/** True when nothing in the command's usage after its name is required ("[...]" is optional). */
export function runsWithoutArguments(command: Command): boolean {
  const usage = (command.usage ?? command.name).trim();
  if (!usage.toLowerCase().startsWith(command.name)) return false;
  let rest = usage.slice(command.name.length);
  // Optional parts may nest ("[<number>]"): strip innermost first.
  for (let previous = ''; previous !== rest; ) [previous, rest] = [rest, rest.replace(/\[[^[\]]*\]/g, '')];
  return rest.trim() === '';
}

/** The menu, in the router's order (the order of `help`). */
export function menuCommands(commands: Command[], size = MENU_SIZE): Command[] {
  return commands.filter((c) => !c.role && runsWithoutArguments(c) && !NOT_EVERYDAY.has(c.name)).slice(0, size);
}
