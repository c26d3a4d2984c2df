// The 17 Sustainable Development Goals by number, with their short names.
import { normalize } from '../text/similarity';

export const SDG_SHORT_NAMES: readonly string[] = [
  'No poverty',
  'Zero hunger',
  'Good health and well-being',
  'Quality education',
  'Gender equality',
  'Clean water and sanitation',
  'Affordable and clean energy',
  'Decent work and economic growth',
  'Industry, innovation and infrastructure',
  'Reduced inequalities',
  'Sustainable cities and communities',
  'Responsible consumption and production',
  'Climate action',
  'Life below water',
  'Life on land',
  'Peace, justice and strong institutions',
  'Partnerships for the goals',
];

/**
 * Goals as a list is typed or kept in a register: numbers ("4, 5 and 9", "SDG 4", "4 Quality
 * education") or short names ("Gender equality"), separated by commas, semicolons, line breaks or
 * "and"; sorted, without repeats. Else the first item that is not a goal.
 */
/** `translated`: the 17 short names in another language (the member's), understood as well as the English ones. */
export function parseSdgList(raw: string, translated: readonly string[] = []): { ok: true; value: number[] } | { ok: false; input: string } {
  const goals: number[] = [];
  for (const part of raw.split(/\s*[,;\n\r]\s*|\s+and\s+/i).map((p) => p.trim()).filter(Boolean)) {
    const number = /^(?:sdgs?\s*)?(\d{1,2})\b/i.exec(part);
    const byName = (names: readonly string[]) => names.findIndex((name) => normalize(name) === normalize(part)) + 1;
    const goal = number ? Number(number[1]) : byName(SDG_SHORT_NAMES) || byName(translated);
    if (!goal || goal < 1 || goal > 17) return { ok: false, input: part };
    if (!goals.includes(goal)) goals.push(goal);
  }
  return { ok: true, value: goals.sort((a, b) => a - b) };
}

export function sdgName(goal: number): string | undefined {
  return SDG_SHORT_NAMES[goal - 1];
}
