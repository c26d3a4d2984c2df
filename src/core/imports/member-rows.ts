// Rows of a member register -> members to bring in: a name, an email (the key an identity's
// verified email is matched on when that person first writes to the bot), and what their
// profile would have: organisation, stakeholder category, country, working groups. Rows of the
// same email with the same other cells are one member in several groups (as the export writes them).
import { z } from 'zod';
import type { Coalition } from '../coalition/coalition';
import type { CountryRegistry } from '../countries/country-registry';
import { normalizeEmail } from '../membership/identity-linking';
import { profileRules } from '../members/profile';
import { matchHeaders, type HeaderMapping } from './headers';
import { MAX_CELL_LENGTH, type ImportedMember, type RowProblem, type SheetTable, type SheetWords } from './import-ports';
import { coalitionCodeTables, codeOf } from '../coalition/coded-names';

const issue = (message: string, params: Record<string, string | number> = {}) => ({ code: z.ZodIssueCode.custom, path: [], message, params }) as z.ZodIssue;

export interface MemberRowsResult {
  members: ImportedMember[];
  problems: RowProblem[];
  ignoredColumns: string[];
}

/** Two rows of one member: the same name, organisation, category and country (the groups may differ). */
const sameMember = (a: ImportedMember, b: ImportedMember) => a.name === b.name && a.organization === b.organization && a.category === b.category && a.country === b.country;

export function readMemberRows(table: SheetTable, coalition: Coalition, countries: CountryRegistry, mapping?: HeaderMapping, words?: SheetWords): MemberRowsResult {
  const headers = matchHeaders('members', table.header, mapping, words);
  if (headers.problems.length > 0) return { members: [], problems: headers.problems, ignoredColumns: headers.ignored };
  const members: ImportedMember[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const columnName = (field: string) => {
    const index = headers.columns.get(field);
    return index === undefined ? field : table.header[index];
  };
  const groupNames = coalition.focusAreas.map((a) => ({ key: a.key, name: a.workingGroup.name }));
  // A group by its key, or by its working group's or focus area's name in any language of the coalition.
  const tables = coalitionCodeTables(coalition);
  const groupOf = (text: string) => codeOf(tables.focusArea!, text);
  for (const { number: row, cells } of table.rows) {
    if (cells.every((c) => !c.trim())) continue;
    const cell = (field: string) => {
      const index = headers.columns.get(field);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const rowProblems: RowProblem[] = [];
    const problem = (field: string, input: string, message: string, params: Record<string, string | number> = {}) =>
      rowProblems.push({ row, column: columnName(field), input, issue: issue(message, params) });
    const checked = (field: string, schema: z.ZodTypeAny): string | null => {
      const text = cell(field);
      if (!text) return null;
      if (text.length > MAX_CELL_LENGTH) {
        problem(field, '', 'import.error.cell_too_long', { max: MAX_CELL_LENGTH });
        return null;
      }
      const result = schema.safeParse(text);
      if (result.success) return result.data as string;
      rowProblems.push({ row, column: columnName(field), input: text, issue: result.error.issues[0] });
      return null;
    };

    const name = checked('name', profileRules.name);
    if (!cell('name')) problem('name', '', 'import.error.missing', { column: columnName('name') });
    const email = checked('email', profileRules.email);
    if (!cell('email')) problem('email', '', 'import.error.missing', { column: columnName('email') });
    const organization = checked('organization', profileRules.organization);

    const categoryText = cell('category');
    const category = categoryText ? codeOf(tables.sector!, categoryText) : undefined;
    if (categoryText && !category) problem('category', categoryText, 'import.error.not_one_of', { what: 'stakeholder_category', names: coalition.stakeholderCategories.map((c) => c.name).join(', ') });

    const countryText = cell('country');
    let country: string | null = null;
    if (countryText) {
      const found = countries.resolve(countryText);
      if (found.kind === 'country') country = found.country.iso3;
      else if (found.kind === 'unknown') {
        const suggestions = found.suggestions.map((c) => c.name).join(' or ');
        problem('country', countryText, suggestions ? 'pledge.error.country_suggest' : 'pledge.error.country_unknown', suggestions ? { suggestions } : {});
      } else problem('country', countryText, 'import.error.country_one');
    }

    const groups: string[] = [];
    for (const item of cell('groups').split(/\s*[;,\n\r]+\s*/).filter(Boolean)) {
      const group = groupOf(item);
      if (!group) {
        problem('groups', item, 'import.error.not_one_of', { what: 'working_group', names: groupNames.map((g) => g.name).join(', ') });
        break;
      }
      if (!groups.includes(group)) groups.push(group);
    }

    if (rowProblems.length === 0 && name && email) {
      const key = normalizeEmail(email);
      const other = seen.get(key);
      const earlier = other === undefined ? undefined : members.find((m) => m.row === other);
      const record: ImportedMember = { row, name, email: key, organization, category: category ?? null, country, groups };
      if (earlier && sameMember(earlier, record)) {
        // The export's shape: one row per membership, the member's other cells repeated.
        for (const group of groups) if (!earlier.groups.includes(group)) earlier.groups.push(group);
      } else if (other !== undefined) problem('email', email, 'import.error.duplicate_email', { other });
      else {
        seen.set(key, row);
        members.push(record);
      }
    }
    problems.push(...rowProblems);
  }
  return { members, problems, ignoredColumns: headers.ignored };
}
