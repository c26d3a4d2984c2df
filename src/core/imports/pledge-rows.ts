// Rows of a pledge register -> pledges, read with the parsers and rules of the chat: amounts as
// members type them ("USD 1.2M"), countries by the registry (with its "Did you mean"), focus
// areas, types, pillars, beneficiaries and categories by key or name, years, and then every rule
// of pledgeProblems. A row that breaks one is named with its column and the reason.
import { Temporal } from '@js-temporal/polyfill';
import { z } from 'zod';
import type { Coalition } from '../coalition/coalition';
import { coalitionCodeTables, codeOf, codeTable, type CodeTable } from '../coalition/coded-names';
import type { CountryRegistry } from '../countries/country-registry';
import { plainText } from '../members/profile';
import { parseYear, pledgeProblems, targetCode } from '../pledges/pledge-rules';
import { PLEDGE_STATUSES, type PledgeField, type PledgeFields, type PledgeStatus } from '../pledges/pledge-ports';
import { parseSdgList } from '../pledges/sdgs';
import { normalize } from '../text/similarity';
import { readAmount } from './amounts';
import { matchHeaders, type HeaderMapping } from './headers';
import { MAX_CELL_LENGTH, type ImportedPledge, type RowProblem, type SheetTable, type SheetWords } from './import-ports';

export const ENTITY_RULE = plainText(2, 200);
export const EXTERNAL_ID_RULE = plainText(1, 100);

const issue = (message: string, params: Record<string, string | number> = {}) => ({ code: z.ZodIssueCode.custom, path: [], message, params }) as z.ZodIssue;

const names = (items: readonly { name: string }[]) => items.map((i) => i.name).join(', ');

/** A list cell: items separated by semicolons, commas or line breaks. */
const listItems = (text: string) => text.split(/\s*[;,\n\r]+\s*/).map((p) => p.trim()).filter(Boolean);


/** The earliest date a pledge in a register can have. */
export const EARLIEST_PLEDGE_DATE = new Date('2000-01-01T00:00:00Z');

/**
 * A register's date of a pledge: a day (YYYY-MM-DD, taken as midnight UTC), an instant with its
 * offset or Z (as the export writes it), or a date and time without one (taken as UTC). Anything
 * else — 01/03/2025 reads as January or March depending on who wrote it — is not a date.
 */
export function parsePledgeDate(text: string): Date | null {
  const value = text.trim();
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(Temporal.PlainDate.from(value, { overflow: 'reject' }).toZonedDateTime('UTC').epochMilliseconds);
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return new Date(Temporal.Instant.from(value.replace(' ', 'T')).epochMilliseconds);
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(value)) {
      return new Date(Temporal.PlainDateTime.from(value.replace(' ', 'T'), { overflow: 'reject' }).toZonedDateTime('UTC').epochMilliseconds);
    }
  } catch {
    return null;
  }
  return null;
}

/** "the same pledge" when a file has no ID column: entity, title and start year, folded. */
export function pledgeContentKey(p: { entity: string | null; title: string; startYear: number }): string {
  return `${normalize(p.entity ?? '')}|${normalize(p.title)}|${p.startYear}`;
}

export interface PledgeRowsResult {
  pledges: ImportedPledge[];
  problems: RowProblem[];
  ignoredColumns: string[];
}

/** The pledge statuses by key ("in_progress", "in progress") and by the word each catalog language gives them. */
export function statusTable(words?: SheetWords): CodeTable {
  return codeTable([
    ...PLEDGE_STATUSES.map((status) => ({ word: status, code: status, language: 'key' })),
    ...PLEDGE_STATUSES.flatMap((status) => (words?.pledgeStatuses[status] ?? []).map(({ language, word }) => ({ word, code: status, language }))),
  ]);
}

/**
 * Reads every row; `pledges` holds only the rows without a problem. A file is taken only when
 * `problems` is empty (all or nothing).
 */
export function readPledgeRows(
  table: SheetTable,
  coalition: Coalition,
  countries: CountryRegistry,
  mapping?: HeaderMapping,
  words?: SheetWords,
  /** The import's time: a pledge dated after it is refused. */
  now: Date = new Date(),
): PledgeRowsResult {
  const headers = matchHeaders('pledges', table.header, mapping, words);
  if (headers.problems.length > 0) return { pledges: [], problems: headers.problems, ignoredColumns: headers.ignored };
  const pledges: ImportedPledge[] = [];
  const problems: RowProblem[] = [];
  const tables = coalitionCodeTables(coalition);
  const statuses = statusTable(words);
  const seenIds = new Map<string, number>();
  const seenContent = new Map<string, number>();
  const columnName = (field: string) => {
    const index = headers.columns.get(field);
    return index === undefined ? field : table.header[index];
  };
  for (const { number: row, cells } of table.rows) {
    const cell = (field: string): string => {
      const index = headers.columns.get(field);
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    if (cells.every((c) => !c.trim())) continue; // a blank line
    const rowProblems: RowProblem[] = [];
    const problem = (field: string, input: string, message: string, params: Record<string, string | number> = {}) =>
      rowProblems.push({ row, column: columnName(field), input, issue: issue(message, params) });
    for (const field of headers.columns.keys()) if (cell(field).length > MAX_CELL_LENGTH) problem(field, '', 'import.error.cell_too_long', { max: MAX_CELL_LENGTH });
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }

    const externalIdText = cell('externalId');
    let externalId: string | null = null;
    if (externalIdText) {
      const checked = EXTERNAL_ID_RULE.safeParse(externalIdText);
      if (checked.success) externalId = checked.data;
      else rowProblems.push({ row, column: columnName('externalId'), input: externalIdText, issue: checked.error.issues[0] });
    }
    if (externalId !== null) {
      const other = seenIds.get(externalId);
      if (other !== undefined) rowProblems.push({ row, column: columnName('externalId'), input: externalId, issue: issue('import.error.duplicate_id', { other }) });
      else seenIds.set(externalId, row);
    }

    const entityText = cell('entity');
    const entity = ENTITY_RULE.safeParse(entityText);
    if (!entityText) problem('entity', '', 'import.error.missing', { column: columnName('entity') });
    else if (!entity.success) rowProblems.push({ row, column: columnName('entity'), input: entityText, issue: entity.error.issues[0] });

    const sectorText = cell('sector');
    const sector = sectorText ? codeOf(tables.sector!, sectorText) : undefined;
    if (sectorText && !sector) problem('sector', sectorText, 'import.error.not_one_of', { what: 'stakeholder_category', names: names(coalition.stakeholderCategories) });

    const fields: Partial<Record<PledgeField, unknown>> = {};
    const areaText = cell('focusArea');
    const area = areaText ? codeOf(tables.focusArea!, areaText) : undefined;
    if (!areaText) problem('focusArea', '', 'import.error.missing', { column: columnName('focusArea') });
    else if (!area) problem('focusArea', areaText, 'import.error.not_one_of', { what: 'focus_area', names: names(coalition.focusAreas) });
    else fields.focusArea = area;

    const pillarText = cell('pillar');
    if (pillarText && area) {
      fields.pillar = codeOf(tables[`pillar:${area}`]!, pillarText) ?? pillarText;
    }
    fields.title = cell('title') || undefined;
    fields.description = cell('description') || undefined;

    const typeText = cell('type');
    const type = typeText ? codeOf(tables.type!, typeText) : undefined;
    if (typeText && !type) problem('type', typeText, 'import.error.not_one_of', { what: 'pledge_type', names: names(coalition.pledgeTypes) });
    else if (type) fields.type = type;

    const valueText = cell('valueUsd');
    if (valueText) {
      const value = readAmount(valueText, words?.amounts ?? [], headers.language);
      if (value.ok) fields.valueUsd = value.value;
      else if (value.reason === 'ambiguous') {
        const [first, second] = value.readings;
        problem('valueUsd', valueText, 'import.error.amount_ambiguous', { first: first.value, firstLanguage: first.language, second: second.value, secondLanguage: second.language });
      } else problem('valueUsd', valueText, value.reason === 'negative' ? 'pledge.error.value_negative' : value.reason === 'zero' ? 'pledge.error.value_zero' : 'pledge.error.value_unreadable');
    }

    const countriesText = cell('countries');
    if (countriesText) {
      // The export writes regions as stored ("region:ldc"): read as the region's name.
      const list = countries.parseList(countriesText.replace(/\bregion:([a-z_]+)/g, (whole, key: string) => countries.region(key)?.name ?? whole));
      const unknown = list.unknown[0];
      if (unknown) {
        const suggestions = unknown.suggestions.map((c) => c.name).join(' or ');
        problem('countries', unknown.input, suggestions ? 'pledge.error.country_suggest' : 'pledge.error.country_unknown', suggestions ? { suggestions } : {});
      } else if (list.resolved.length > 0) fields.countries = list.resolved.map(targetCode);
    }

    const beneficiariesText = cell('beneficiaries');
    if (beneficiariesText) {
      const keys: string[] = [];
      for (const item of listItems(beneficiariesText)) {
        const group = codeOf(tables.beneficiaries!, item);
        if (!group) {
          problem('beneficiaries', item, 'import.error.not_one_of', { what: 'beneficiary_group', names: names(coalition.beneficiaryGroups) });
          break;
        }
        if (!keys.includes(group)) keys.push(group);
      }
      if (keys.length > 0) fields.beneficiaries = keys;
    }

    const sdgsText = cell('sdgs');
    if (sdgsText) {
      const sdgs = parseSdgList(sdgsText);
      if (sdgs.ok) fields.sdgs = sdgs.value;
      else problem('sdgs', sdgs.input, 'pledge.error.sdg');
    }

    for (const field of ['startYear', 'endYear'] as const) {
      const text = cell(field);
      if (!text) continue;
      const year = parseYear(text);
      if (year === null) problem(field, text, 'pledge.error.year');
      else fields[field] = year;
    }
    // A register with one year column: a pledge of that year.
    if (!headers.columns.has('endYear') && fields.startYear !== undefined) fields.endYear = fields.startYear;

    const statusText = cell('status');
    let status: PledgeStatus = 'announced';
    if (statusText) {
      const found = codeOf(statuses, statusText) as PledgeStatus | undefined;
      if (found) status = found;
      else problem('status', statusText, 'import.error.not_one_of', { what: 'status', names: PLEDGE_STATUSES.map((s) => s.replace('_', ' ')).join(', ') });
    }

    const dateText = cell('pledgedAt');
    let pledgedAt: Date | null = null;
    if (dateText) {
      const date = parsePledgeDate(dateText);
      if (!date) problem('pledgedAt', dateText, 'import.error.date');
      else if (date < EARLIEST_PLEDGE_DATE || date > now) problem('pledgedAt', dateText, 'import.error.date_range', { today: now.toISOString().slice(0, 10) });
      else pledgedAt = date;
    }

    // Every rule of an entered pledge, for the fields read so far (a field that could not be read
    // has its own problem already).
    const failed = new Set(rowProblems.map((p) => p.column));
    for (const found of pledgeProblems(fields, coalition, countries)) {
      const column = columnName(found.field);
      if (failed.has(column)) continue;
      const input = fields[found.field];
      rowProblems.push({ row, column, input: input === undefined || input === null ? '' : Array.isArray(input) ? input.join('; ') : String(input), issue: found.issue });
    }

    if (rowProblems.length === 0) {
      const pledge: ImportedPledge = {
        row,
        externalId,
        entity: entity.success ? entity.data : entityText,
        sector: sector ?? null,
        status,
        pledgedAt,
        ...(fields as unknown as PledgeFields),
        pillar: (fields.pillar as string | undefined) ?? null,
        valueUsd: (fields.valueUsd as number | undefined) ?? null,
      };
      pledge.title = pledge.title.trim();
      pledge.description = pledge.description.trim();
      if (externalId === null) {
        const key = pledgeContentKey(pledge);
        const other = seenContent.get(key);
        if (other !== undefined) rowProblems.push({ row, column: '', input: pledge.title, issue: issue('import.error.duplicate_pledge', { other }) });
        else seenContent.set(key, row);
      }
      if (rowProblems.length === 0) pledges.push(pledge);
    }
    problems.push(...rowProblems);
  }
  return { pledges, problems, ignoredColumns: headers.ignored };
}
