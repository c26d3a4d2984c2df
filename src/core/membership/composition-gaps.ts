// Which stakeholder categories each working group lacks: a pure function of the
// memberships and the coalition's categories, shared by `composition` and the digest.

export interface CompositionGroup {
  key: string;
  /** The name a gap is said with: the focus area's ("Access"). */
  name: string;
}

export interface CompositionCategory {
  key: string;
  name: string;
}

/** One member in one group (or `count` of them); `category` is the member's stakeholder category key, if known. */
export interface CompositionMembership {
  groupKey: string;
  category: string | null;
  /** How many memberships the row stands for (default 1). */
  count?: number;
}

export interface CompositionGap {
  groupKey: string;
  groupName: string;
  categoryKey: string;
  categoryName: string;
}

export interface CompositionRow {
  group: CompositionGroup;
  /** Members per category key; every category of the coalition is present (0 when none). */
  counts: Record<string, number>;
  /** Members of the group, including those without a category yet. */
  total: number;
  /** Members without a category (profile not completed). */
  uncategorized: number;
  gaps: CompositionGap[];
}

export interface CompositionMatrix {
  categories: CompositionCategory[];
  rows: CompositionRow[];
  /** Every gap of every group, in group then category order. */
  gaps: CompositionGap[];
}

export function compositionGaps(
  groups: readonly CompositionGroup[],
  categories: readonly CompositionCategory[],
  memberships: readonly CompositionMembership[],
): CompositionMatrix {
  const rows = groups.map((group): CompositionRow => {
    const counts: Record<string, number> = Object.fromEntries(categories.map((c) => [c.key, 0]));
    let total = 0;
    let uncategorized = 0;
    for (const m of memberships) {
      if (m.groupKey !== group.key) continue;
      const n = m.count ?? 1;
      total += n;
      if (m.category !== null && Object.prototype.hasOwnProperty.call(counts, m.category)) counts[m.category] += n;
      else uncategorized += n;
    }
    const gaps = categories
      .filter((c) => counts[c.key] === 0)
      .map((c) => ({ groupKey: group.key, groupName: group.name, categoryKey: c.key, categoryName: c.name }));
    return { group, counts, total, uncategorized, gaps };
  });
  return { categories: [...categories], rows, gaps: rows.flatMap((r) => r.gaps) };
}
