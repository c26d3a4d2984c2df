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
