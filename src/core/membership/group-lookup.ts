// Finds a working group from what a member typed: its key, its focus area's name or
// its own name, or a unique prefix of one of them, in any case ("value creation", "Access").
import { workingGroups, type Coalition } from '../coalition/coalition';
import { closest, normalize } from '../text/similarity';

export interface GroupRef {
  key: string;
  /** The focus area's name, used in sentences ("Access"). */
  area: string;
  /** The working group's own name ("Access Working Group"). */
  name: string;
  purpose: string;
}

export type GroupLookup = { kind: 'group'; group: GroupRef } | { kind: 'ambiguous'; candidates: GroupRef[] } | { kind: 'unknown'; suggestion?: GroupRef };

export function groupRefs(coalition: Coalition): GroupRef[] {
  return workingGroups(coalition).map((g) => ({ key: g.key, area: g.focusArea.name, name: g.name, purpose: g.focusArea.purpose }));
}

function names(group: GroupRef): string[] {
  return [group.key, group.area, group.name].map(normalize);
}

export function findGroup(coalition: Coalition, raw: string): GroupLookup {
  const wanted = normalize(raw);
  const groups = groupRefs(coalition);
  if (!wanted) return { kind: 'unknown' };
  const exact = groups.filter((g) => names(g).includes(wanted));
  if (exact.length === 1) return { kind: 'group', group: exact[0] };
  const prefixed = groups.filter((g) => names(g).some((n) => n.startsWith(wanted)));
  if (prefixed.length === 1) return { kind: 'group', group: prefixed[0] };
  if (prefixed.length > 1) return { kind: 'ambiguous', candidates: prefixed };
  return { kind: 'unknown', suggestion: closest(raw, groups, names, 1)[0] };
}

/**
 * Splits "<group> <rest>" where the group may be several words ("value creation ada"):
 * the longest leading words that name one group.
 */
export function splitGroupArgument(coalition: Coalition, args: string): { lookup: GroupLookup; rest: string } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  for (let n = words.length - 1; n >= 1; n--) {
    const lookup = findGroup(coalition, words.slice(0, n).join(' '));
    if (lookup.kind === 'group') return { lookup, rest: words.slice(n).join(' ') };
  }
  return { lookup: findGroup(coalition, words[0] ?? ''), rest: words.slice(1).join(' ') };
}
