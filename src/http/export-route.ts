// GET /exports/<kind>[-<from>-<to>].csv|.xlsx?expires=…&sig=… : an export as CSV or an .xlsx
// workbook, for signed links only (the period and the format are in the path, so they are signed
// too). Expired or tampered: 403.
import type { Clock } from '../core/clock';
import type { Period } from '../core/digest/period';
import { toCsv } from '../core/exports/csv';
import { isExportKind, type ExportData, type ExportFormat, type ExportKind } from '../core/exports/export-ports';
import { toXlsx } from '../data/sheets';
import { HttpError, type Handler } from './server';
import type { LinkSigner } from './signed-links';

export function exportPath(kind: ExportKind, period?: Period, format: ExportFormat = 'csv'): string {
  const range = period ? `-${Math.floor(period.start.getTime() / 1000)}-${Math.floor(period.end.getTime() / 1000)}` : '';
  return `/exports/${kind}${range}.${format}`;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportRoute(deps: { exports: ExportData; signer: () => LinkSigner; clock: Clock }): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/exports\/([a-z]+)(?:-(\d+)-(\d+))?\.(csv|xlsx)$/.exec(url.pathname);
    if (!match || !isExportKind(match[1])) throw new HttpError(404, 'no such export');
    const verdict = deps.signer().check(url.pathname, url.searchParams, deps.clock.now());
    if (verdict !== 'ok') throw new HttpError(403, verdict === 'expired' ? 'this link has expired' : 'this link is not valid');
    const period = match[2] ? { start: new Date(Number(match[2]) * 1000), end: new Date(Number(match[3]) * 1000) } : undefined;
    const table = await deps.exports.table(match[1], period);
    const xlsx = match[4] === 'xlsx';
    const body = xlsx ? await toXlsx(table, match[1]) : toCsv(table);
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${match[1]}-${day}.${match[4]}"`,
      'cache-control': 'no-store',
    });
    res.end(body);
  };
}
