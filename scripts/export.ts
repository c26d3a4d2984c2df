// `npm run export -- <pledges|members|applications|meetings|rsvps> [period] [--format csv|xlsx]`:
// the table the `export` command serves, written to standard output for operators as CSV or an
// .xlsx workbook (the same database settings as the bot: DATABASE_URL, COALITION_FILE, TZ).
import { parsePeriod } from '../src/core/digest/period';
import { toCsv } from '../src/core/exports/csv';
import { EXPORT_KINDS, isExportKind } from '../src/core/exports/export-ports';
import { isSettingsError, loadSettings } from '../src/settings';
import { openDatabase } from '../src/db/open-database';
import { loadCountryRegistry } from '../src/data/countries';
import { exportData } from '../src/db/repositories/exports';
import { toXlsx } from '../src/data/sheets';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--format');
  const format = at === -1 ? 'csv' : args[at + 1];
  if (format !== 'csv' && format !== 'xlsx') fail(`--format takes csv or xlsx${format ? `, not "${format}"` : ''}`);
  const [kind = '', ...rest] = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  if (!isExportKind(kind)) fail(`usage: npm run export -- <${EXPORT_KINDS.join('|')}> [last 30 days | YYYY-MM-DD..YYYY-MM-DD] [--format csv|xlsx]`);
  if (format === 'xlsx' && process.stdout.isTTY) fail('an .xlsx workbook is not for a terminal: redirect it, e.g. npm run export -- pledges --format xlsx > pledges.xlsx');
  let settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (isSettingsError(error)) fail(error.message);
    throw error;
  }
  const { config, coalition } = settings;
  const periodText = rest.join(' ');
  const period = periodText ? parsePeriod(periodText, new Date(), coalition.digest.periodDays, config.timeZone ?? coalition.defaultTimeZone) : undefined;
  if (period === null) fail(`"${periodText}" is not a period: use "last 30 days" or YYYY-MM-DD..YYYY-MM-DD`);
  const database = await openDatabase({ url: config.databaseUrl });
  try {
    const table = await exportData(database.prisma, loadCountryRegistry()).table(kind, period);
    process.stdout.write(format === 'xlsx' ? await toXlsx(table, kind) : toCsv(table));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
