// The tables the secretariat can export; src/db reads them.
import type { Period } from '../digest/period';
import type { Table } from './csv';

export const EXPORT_KINDS = ['pledges', 'members', 'applications', 'meetings', 'rsvps'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The file an export is served as: CSV, or an .xlsx workbook with the same columns. */
export type ExportFormat = 'csv' | 'xlsx';

export function isExportKind(text: string): text is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(text);
}

export interface ExportData {
  /**
   * The table of `kind`; with a period, only the rows created (pledges), joined (members: one row
   * per membership), submitted (applications), first starting (meetings) or answered (rsvps) in it.
   */
  table(kind: ExportKind, period?: Period): Promise<Table>;
}

/** How an export's header row and coded cells are written: the reader's words, or the machine names and keys. */
export type HeaderStyle = 'words' | 'machine';
export const HEADER_STYLES: readonly HeaderStyle[] = ['words', 'machine'];

/** What a coded column of an export holds: keys the file shows as names in the reader's language. */
export type CodedValue = 'category' | 'focusArea' | 'group' | 'pillar' | 'pledgeType' | 'beneficiaries' | 'pledgeStatus' | 'rsvp';

/** The coded columns of each export (by machine name); every other column is written as stored. */
export const CODED_COLUMNS: Record<ExportKind, Readonly<Record<string, CodedValue>>> = {
  pledges: { sector: 'category', focus_area: 'focusArea', pillar: 'pillar', type: 'pledgeType', beneficiaries: 'beneficiaries', status: 'pledgeStatus' },
  members: { category: 'category', group: 'group' },
  applications: { group: 'group' },
  meetings: { group: 'group' },
  rsvps: { response: 'rsvp' },
};
