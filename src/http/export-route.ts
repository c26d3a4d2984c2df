// GET /exports/<kind>[-<from>-<to>][.<language>].csv|.xlsx?expires=…&sig=… : an export as CSV or
// an .xlsx workbook, its header row and coded cells in the language of the member who asked, for
// signed links only (the period, the language and the format are in the path, so they are signed
// too). Expired or tampered: 403.
import type { Clock } from '../core/clock';
import type { Period } from '../core/digest/period';
import { toCsv, type Table } from '../core/exports/csv';
import { isExportKind, type ExportData, type ExportFormat, type ExportKind } from '../core/exports/export-ports';
import { toXlsx } from '../data/sheets';
import { HttpError, type Handler } from './server';
import type { LinkSigner } from './signed-links';

export function exportPath(kind: ExportKind, period?: Period, format: ExportFormat = 'csv', language?: string): string {
  const range = period ? `-${Math.floor(period.start.getTime() / 1000)}-${Math.floor(period.end.getTime() / 1000)}` : '';
  return `/exports/${kind}${range}${language ? `.${language}` : ''}.${format}`;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportRouteDeps {
  exports: ExportData;
  /** The table as a reader of `language` (one of `languages`) gets it. */
  sheet(kind: ExportKind, table: Table, language: string): Table;
  /** The catalog's languages. */
  languages: readonly string[];
  /** The language of a path without one (links signed before languages were in the path). */
  defaultLanguage: string;
  signer: () => LinkSigner;
  clock: Clock;
}

export function exportRoute(deps: ExportRouteDeps): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/exports\/([a-z]+)(?:-(\d+)-(\d+))?(?:\.([a-z]{2,3}))?\.(csv|xlsx)$/.exec(url.pathname);
    if (!match || !isExportKind(match[1])) throw new HttpError(404, 'no such export');
    const verdict = deps.signer().check(url.pathname, url.searchParams, deps.clock.now());
    if (verdict !== 'ok') throw new HttpError(403, verdict === 'expired' ? 'this link has expired' : 'this link is not valid');
    const period = match[2] ? { start: new Date(Number(match[2]) * 1000), end: new Date(Number(match[3]) * 1000) } : undefined;
    const language = match[4] ?? deps.defaultLanguage;
    if (!deps.languages.includes(language)) throw new HttpError(404, 'no such export');
    const table = deps.sheet(match[1], await deps.exports.table(match[1], period), language);
    const xlsx = match[5] === 'xlsx';
    const body = xlsx ? await toXlsx(table, match[1]) : toCsv(table);
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${match[1]}-${day}.${match[5]}"`,
      'cache-control': 'no-store',
    });
    res.end(body);
  };
}
