// Which column of a sheet holds which field: by the header's name in any case, spacing or
// punctuation, its common variants and the header the export writes in every catalog language
// (whatever the operator's language), or by a mapping the operator gives (header -> field). A
// header that names two fields (in two languages) is refused, naming its candidates.
import { z } from 'zod';
import { codeTable, type CodeTable, type NamedCode } from '../coalition/coded-names';
import { normalize } from '../text/similarity';
import type { ImportKind, RowProblem, SheetWords } from './import-ports';

export interface FieldSpec {
  /** The field's key, also accepted in a mapping file. */
  key: string;
  /** The header the export writes; matched like the variants. */
  header: string;
  variants: readonly string[];
  required: boolean;
}

export const PLEDGE_COLUMNS: readonly FieldSpec[] = [
  { key: 'externalId', header: 'reference', variants: ['id', 'pledge id', 'reference', 'ref', 'external id', 'pledge reference'], required: false },
  { key: 'entity', header: 'entity', variants: ['pledging entity', 'entity', 'organization', 'organisation', 'org', 'entity name', 'pledger'], required: true },
  { key: 'sector', header: 'sector', variants: ['sector', 'stakeholder type', 'stakeholder category', 'stakeholder', 'category'], required: false },
  { key: 'focusArea', header: 'focus_area', variants: ['focus area', 'area', 'working group', 'focus'], required: true },
  { key: 'pillar', header: 'pillar', variants: ['pillar'], required: false },
  { key: 'title', header: 'title', variants: ['title', 'pledge title', 'pledge name', 'pledge', 'commitment'], required: true },
  { key: 'description', header: 'description', variants: ['description', 'pledge description', 'details', 'summary'], required: true },
  { key: 'type', header: 'type', variants: ['type', 'pledge type', 'kind'], required: true },
  {
    key: 'valueUsd',
    header: 'value_usd',
    variants: ['estimated value usd', 'estimated value', 'value', 'value usd', 'usd', 'amount', 'amount usd', 'estimated value in usd', 'pledge value'],
    required: false,
  },
  { key: 'countries', header: 'countries', variants: ['countries', 'country', 'countries of implementation', 'target countries', 'countries targeted', 'geography'], required: true },
  { key: 'beneficiaries', header: 'beneficiaries', variants: ['beneficiaries', 'beneficiary groups', 'beneficiary', 'target groups', 'target group'], required: true },
  { key: 'sdgs', header: 'sdgs', variants: ['sdgs', 'sdg', 'sdgs targeted', 'sustainable development goals', 'goals'], required: true },
  { key: 'startYear', header: 'start_year', variants: ['start year', 'year', 'from', 'start', 'year announced'], required: true },
  { key: 'endYear', header: 'end_year', variants: ['end year', 'until', 'to', 'end', 'completion year'], required: false },
  { key: 'status', header: 'status', variants: ['status', 'pledge status'], required: false },
  {
    key: 'pledgedAt',
    header: 'created_at',
    variants: ['date', 'pledged on', 'date pledged', 'pledge date', 'date of pledge', 'created', 'created on', 'submitted', 'submitted on', 'date submitted', 'announced on', 'date announced'],
    required: false,
  },
];

/** Columns the pledge export writes that the database assigns or derives: read past, never an error. */
export const PLEDGE_DERIVED_COLUMNS = ['number', 'member_id', 'targets_ldc', 'targets_lldc', 'targets_sids', 'updated_at'];

export const MEMBER_COLUMNS: readonly FieldSpec[] = [
  { key: 'name', header: 'name', variants: ['name', 'full name', 'contact name', 'contact', 'member', 'member name', 'person'], required: true },
  { key: 'email', header: 'email', variants: ['email', 'e mail', 'email address', 'e mail address', 'mail'], required: true },
  { key: 'organization', header: 'organization', variants: ['organization', 'organisation', 'entity', 'pledging entity', 'org', 'company', 'institution'], required: false },
  { key: 'category', header: 'category', variants: ['stakeholder type', 'stakeholder category', 'sector', 'category', 'stakeholder'], required: false },
  { key: 'country', header: 'country', variants: ['country', 'country of origin', 'nationality', 'based in'], required: false },
  { key: 'groups', header: 'group', variants: ['groups', 'group', 'working groups', 'working group', 'focus areas', 'focus area'], required: false },
];

export const MEMBER_DERIVED_COLUMNS = ['member_id', 'time_zone', 'locale', 'joined_at', 'profile_completed_at', 'created_at'];

export function columnsOf(kind: ImportKind): readonly FieldSpec[] {
  return kind === 'pledges' ? PLEDGE_COLUMNS : MEMBER_COLUMNS;
}

const derivedOf = (kind: ImportKind) => (kind === 'pledges' ? PLEDGE_DERIVED_COLUMNS : MEMBER_DERIVED_COLUMNS);

/** A header or field name as compared: case, accents, spacing and punctuation folded. */
export const headerKey = (text: string) => normalize(text.replace(/([a-z])([A-Z])/g, '$1 $2'));

/** A mapping file's content: `{ "<header in the file>": "<field>" }`, a field being a key, its header or a variant. */
export const mappingSchema = z.record(z.string().min(1).max(200), z.string().min(1).max(100)).refine((m) => Object.keys(m).length <= 100, { message: 'at most 100 entries' });
export type HeaderMapping = z.infer<typeof mappingSchema>;

export interface MatchedHeaders {
  /** Field key -> column index. */
  columns: Map<string, number>;
  /** Headers that name no field (and are not among the export's derived columns): ignored. */
  ignored: string[];
  /** Problems of the header row (row 1): a required field with no column, a field named twice, a bad mapping. */
  problems: RowProblem[];
  /**
   * The language of the file when its headers say it: the one language whose export headers (or,
   * for English, the accepted variants) name every column read by its header. Else undefined.
   */
  language?: string;
}

const issue = (message: string, params: Record<string, string | number>) => ({ code: z.ZodIssueCode.custom, path: [], message, params }) as z.ZodIssue;

export function fieldFor(kind: ImportKind, name: string): FieldSpec | undefined {
  const key = headerKey(name);
  return columnsOf(kind).find((f) => headerKey(f.key) === key || headerKey(f.header) === key) ?? columnsOf(kind).find((f) => f.variants.some((v) => headerKey(v) === key));
}

/** Every name a field is known by (folded), with the languages that call it so when they are the export's words. */
function namesOf(kind: ImportKind, words?: SheetWords): CodeTable {
  const names: NamedCode[] = [];
  for (const spec of columnsOf(kind)) {
    for (const name of [spec.key, spec.header, ...spec.variants]) names.push({ word: name, code: spec.key, language: 'en' });
    for (const { language, word } of words?.headers ?? []) names.push({ word: word(spec.header), code: spec.key, language });
  }
  return codeTable(names, headerKey);
}

/** The export's derived columns by every name they are written with (folded). */
function derivedNames(kind: ImportKind, words?: SheetWords): Set<string> {
  return new Set(derivedOf(kind).flatMap((column) => [column, ...(words?.headers ?? []).map(({ word }) => word(column))]).map(headerKey));
}

export function matchHeaders(kind: ImportKind, header: readonly string[], mapping: HeaderMapping = {}, words?: SheetWords): MatchedHeaders {
  const specs = columnsOf(kind);
  const columns = new Map<string, number>();
  const ignored: string[] = [];
  const problems: RowProblem[] = [];
  const mapped = new Map(Object.entries(mapping).map(([from, to]) => [headerKey(from), to]));
  for (const [from, to] of Object.entries(mapping)) {
    if (!fieldFor(kind, to)) problems.push({ row: 1, column: from, input: to, issue: issue('import.error.mapping_field', { fields: specs.map((f) => f.key).join(', ') }) });
  }
  const names = namesOf(kind, words);
  const derived = derivedNames(kind, words);
  let common: Set<string> | undefined;
  header.forEach((raw, index) => {
    const name = headerKey(raw);
    if (!name) return;
    let target: FieldSpec | undefined;
    if (mapped.has(name)) target = fieldFor(kind, mapped.get(name)!);
    else {
      const fields = names.get(name);
      if (fields && fields.size > 1) {
        const candidates = [...fields].map(([field, languages]) => `${field} (${languages.join(', ')})`).join(', ');
        problems.push({ row: 1, column: raw, input: raw, issue: issue('import.error.column_ambiguous', { candidates }) });
        return;
      }
      target = fields ? specs.find((f) => fields.has(f.key)) : undefined;
      if (target) {
        const languages = new Set(fields!.get(target.key));
        common = common ? new Set([...common].filter((l) => languages.has(l))) : languages;
      }
    }
    if (!target) {
      if (!derived.has(name)) ignored.push(raw);
      return;
    }
    const first = columns.get(target.key);
    if (first !== undefined) {
      problems.push({ row: 1, column: raw, input: raw, issue: issue('import.error.column_twice', { field: target.key, other: header[first] }) });
      return;
    }
    columns.set(target.key, index);
  });
  for (const spec of specs) {
    if (spec.required && !columns.has(spec.key)) {
      problems.push({ row: 1, column: spec.key, input: '', issue: issue('import.error.column_missing', { field: spec.key, names: [...new Set([spec.header, ...spec.variants].map((n) => n.replace(/_/g, ' ')))].slice(0, 4).map((n) => `"${n}"`).join(', ') }) });
    }
  }
  return { columns, ignored, problems, language: common?.size === 1 ? [...common][0] : undefined };
}
