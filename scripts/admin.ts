// `npm run admin -- <command>`: diagnose and repair the bot without SQL. Reads the same settings
// as the bot (DATABASE_URL, COALITION_FILE, TZ, ...); every change is audited as done by "operator".
import { ConfigError, type Config } from '../src/config';
import type { Coalition } from '../src/core/coalition/coalition';
import { collectDigest } from '../src/core/digest/digest';
import { lastDays, parsePeriod } from '../src/core/digest/period';
import { toCsv } from '../src/core/exports/csv';
import { EXPORT_KINDS, HEADER_STYLES, isExportKind, type HeaderStyle } from '../src/core/exports/export-ports';
import { findMember } from '../src/core/membership/member-lookup';
import type { Member, RoleName } from '../src/core/ports';
import { digestMessage } from '../src/conversation/digest/digest-message';
import { catalogLanguage, catalogLanguages, translator } from '../src/conversation/catalog/catalog';
import { exportSheet } from '../src/conversation/digest/export-sheet';
import { CoalitionFileError } from '../src/data/coalition-file';
import { loadStartup } from '../src/startup';
import { loadCountryRegistry } from '../src/data/countries';
import { openDatabase, type Database } from '../src/db/open-database';
import { parseDatabaseUrl } from '../src/db/database-url';
import { LINK_KEY_SETTING, newLinkKey } from '../src/http/signed-links';
import { backupSqlite } from '../src/db/backup';
import { checkLine, doctor } from './admin/doctor';
import { remindersDue } from './admin/reminders';
import { messageLines } from './chat-format';
import { ImportUsageError, IMPORT_USAGE, parseImportArgs, runImport } from './admin/import';
import { toXlsx } from '../src/data/sheets';

const HELP = `usage: npm run admin -- <command>

  help                                   this text
  doctor                                 check configuration, database, coalition file, Slack and Teams
  secretariat list                       who is in the secretariat
  secretariat add|remove <member>        a member by id, email or name
  chair list                             the chairs of every working group
  chair add|remove <group> <member>      a chair of a working group (its key)
  reminders due                          what the next reminder tick would send
  reminders failed                       reminders that failed for good
  reminders resend <id>                  make a failed reminder claimable by the next tick
  digest now                             the secretariat digest of the last period
  export <${EXPORT_KINDS.join('|')}> [period] [--format csv|xlsx] [--lang <code>] [--headers words|machine]
                                         the table to standard output (xlsx: redirect it to a file); its
                                         header row and coded cells in --lang (default: the coalition's
                                         default language), or the machine names and keys (integrations)
  import <pledges|members> <file> [--dry-run] [--mapping <file>]
                                         bring in a register (.csv or .xlsx): every row checked, the
                                         whole file or nothing; --dry-run shows what would be created
  backup <file>                          a consistent copy of the SQLite database, taken while the bot runs
  links rotate                           a new key for signed links (calendar, exports, my data): old links stop working
`;

class UsageError extends Error {}

const out = (line = '') => process.stdout.write(`${line}\n`);
const describe = (m: Member) => `${m.id}  ${m.name ?? '(no name)'}${m.email ? ` <${m.email}>` : ''}`;
const OPERATOR = 'operator';


async function member(db: Database, text: string | undefined): Promise<Member> {
  if (!text) throw new UsageError('name the member: an id, an email or a name');
  const found = findMember(await db.repositories.members.list(), text);
  if (found.kind === 'member') return found.member;
  if (found.kind === 'unknown') throw new UsageError(`no member matches "${text}"`);
  throw new UsageError(`"${text}" matches several members, use an id:\n${found.candidates.map((m) => `  ${describe(m)}`).join('\n')}`);
}

async function roles(db: Database, coalition: Coalition, role: RoleName, args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { roles, members } = db.repositories;
  if (action === 'list') {
    const holders = await roles.holders(role);
    if (holders.length === 0) out(`no ${role} yet`);
    for (const h of holders.sort((a, b) => a.scope.localeCompare(b.scope))) {
      const m = await members.get(h.memberId);
      out(`${h.scope ? `${h.scope}  ` : ''}${m ? describe(m) : h.memberId}  (${h.source})`);
    }
    return;
  }
  if (action !== 'add' && action !== 'remove') throw new UsageError(`usage: ${role} list|add|remove ${role === 'chair' ? '<group> ' : ''}<member>`);
  let scope = '';
  if (role === 'chair') {
    scope = rest.shift() ?? '';
    if (!coalition.focusAreas.some((f) => f.key === scope)) throw new UsageError(`"${scope}" is not a working group: ${coalition.focusAreas.map((f) => f.key).join(', ')}`);
  }
  const m = await member(db, rest.join(' '));
  const now = new Date();
  if (action === 'add') {
    // The role and its audit entry are written together (none when the role was already held).
    await roles.grant({ memberId: m.id, role, scope, source: 'operator' }, { at: now, actor: OPERATOR, action: 'role.granted', subject: m.id, details: { role, scope, source: 'operator' } });
    out(`${describe(m)} is now ${role}${scope ? ` of ${scope}` : ''}`);
  } else {
    const revoked = await roles.revoke(m.id, role, scope, { at: now, actor: OPERATOR, action: 'role.revoked', subject: m.id, details: { role, scope } });
    if (!revoked) throw new UsageError(`${describe(m)} is not ${role}${scope ? ` of ${scope}` : ''}`);
    out(`${describe(m)} is no longer ${role}${scope ? ` of ${scope}` : ''}`);
  }
}

async function reminders(db: Database, coalition: Coalition, args: string[]): Promise<void> {
  const [action, id] = args;
  const { reminders, meetings, audit } = db.repositories;
  const now = new Date();
  if (action === 'due') {
    const due = await remindersDue({ meetings, reminders, defaultOffsets: coalition.reminders.offsetsMinutes, tickMs: 60_000 }, now);
    if (due.length === 0) out('no reminder is due');
    for (const d of due) out(`${d.occurrenceAt.toISOString()}  ${d.title}  member ${d.memberId}  ${d.offsetMinutes} min before${d.late ? '  (late)' : ''}`);
  } else if (action === 'failed') {
    const failed = await reminders.list({ status: 'failed' });
    if (failed.length === 0) out('no failed reminder');
    for (const r of failed) out(`${r.id}  meeting ${r.meetingId} at ${r.occurrenceAt.toISOString()}  member ${r.memberId}  ${r.attempts} attempts: ${r.lastError ?? ''}`);
  } else if (action === 'resend') {
    if (!id) throw new UsageError('usage: reminders resend <id> (see reminders failed)');
    if (!(await reminders.requeue(id, now))) throw new UsageError(`${id} is not a failed reminder`);
    await audit.record({ at: now, actor: OPERATOR, action: 'reminder.requeued', subject: id });
    out(`reminder ${id} will be sent by the next tick while its meeting has not begun`);
  } else throw new UsageError('usage: reminders due|failed|resend <id>');
}

async function digest(db: Database, config: Config, coalition: Coalition, args: string[]): Promise<void> {
  if (args[0] !== 'now') throw new UsageError('usage: digest now');
  const now = new Date();
  const timeZone = config.timeZone ?? coalition.defaultTimeZone;
  const sources = { data: db.stores.digestData, meetings: db.repositories.meetings, flows: db.repositories.flows, coalition, countries: loadCountryRegistry() };
  const message = digestMessage(await collectDigest(sources, lastDays(now, coalition.digest.periodDays), now), coalition, timeZone, translator(coalition.defaultLocale));
  for (const line of messageLines(message)) out(line);
}

/** `--<name> <value>` taken out of the arguments (undefined when absent). */
function option(args: string[], name: string, allowed: readonly string[]): { value: string | undefined; rest: string[] } {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return { value: undefined, rest: args };
  const value = args[at + 1];
  if (value === undefined || !allowed.includes(value)) throw new UsageError(`--${name} takes ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}${value ? `, not "${value}"` : ''}`);
  return { value, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

async function exportTable(db: Database, config: Config, coalition: Coalition, args: string[]): Promise<void> {
  const format = option(args, 'format', ['csv', 'xlsx']);
  const lang = option(format.rest, 'lang', catalogLanguages());
  const headers = option(lang.rest, 'headers', HEADER_STYLES);
  const [kind = '', ...rest] = headers.rest;
  if (!isExportKind(kind)) throw new UsageError(`usage: export <${EXPORT_KINDS.join('|')}> [last 30 days | YYYY-MM-DD..YYYY-MM-DD] [--format csv|xlsx] [--lang ${catalogLanguages().join('|')}] [--headers words|machine]`);
  const text = rest.join(' ');
  const period = text ? parsePeriod(text, new Date(), coalition.digest.periodDays, config.timeZone ?? coalition.defaultTimeZone) : undefined;
  if (period === null) throw new UsageError(`"${text}" is not a period: use "last 30 days" or YYYY-MM-DD..YYYY-MM-DD`);
  if (format.value === 'xlsx' && process.stdout.isTTY) throw new UsageError('an .xlsx workbook is not for a terminal: redirect it, e.g. npm run admin -- export pledges --format xlsx > pledges.xlsx');
  const language = lang.value ?? catalogLanguage(coalition.defaultLocale) ?? 'en';
  const table = exportSheet(kind, await db.stores.exports(loadCountryRegistry()).table(kind, period), coalition, language, (headers.value ?? 'words') as HeaderStyle);
  process.stdout.write(format.value === 'xlsx' ? await toXlsx(table, kind) : toCsv(table));
}

async function importFile(db: Database, coalition: Coalition, args: string[]): Promise<number> {
  try {
    return await runImport(db.stores.imports, coalition, loadCountryRegistry(), parseImportArgs(args), out, { now: new Date(), tty: Boolean(process.stdout.isTTY) });
  } catch (error) {
    if (error instanceof ImportUsageError) throw new UsageError(error.message);
    throw error;
  }
}

async function backup(args: string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length > 1) throw new UsageError('usage: backup <file> (the copy to write; it must not exist yet)');
  const { config } = loadStartup();
  const target = parseDatabaseUrl(config.databaseUrl);
  if (target.provider !== 'sqlite') throw new UsageError('backup copies a SQLite database; for PostgreSQL use pg_dump (see docs/deployment.md, "Backups")');
  const copy = await backupSqlite(target.file, file);
  out(`backed up ${target.file} to ${copy.file}: ${copy.pages} pages, integrity ok`);
  return 0;
}

async function rotateLinks(db: Database, args: string[]): Promise<void> {
  if (args[0] !== 'rotate') throw new UsageError('usage: links rotate');
  await db.repositories.sharedValues.replace(LINK_KEY_SETTING, newLinkKey());
  await db.repositories.audit.record({ at: new Date(), actor: OPERATOR, action: 'links.key_rotated', subject: LINK_KEY_SETTING });
  out('a new link key is stored: restart every replica to sign with it; links handed out before (calendar subscriptions, exports, my data) no longer open');
}

async function main(args: string[]): Promise<number> {
  const [command = 'help', ...rest] = args;
  if (command === 'help' || command === '--help') {
    out(HELP);
    return 0;
  }
  if (command === 'doctor') {
    const checks = await doctor(process.env);
    for (const check of checks) out(checkLine(check));
    return checks.every((c) => c.ok) ? 0 : 1;
  }
  if (command === 'backup') return backup(rest);
  if (command === 'import' && rest.length === 0) throw new UsageError(IMPORT_USAGE);
  if (!['secretariat', 'chair', 'reminders', 'digest', 'export', 'import', 'links'].includes(command)) throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  const { config, coalition } = loadStartup();
  const db = await openDatabase({ url: config.databaseUrl });
  let code = 0;
  try {
    await db.repositories.coalition.sync(coalition);
    if (command === 'secretariat') await roles(db, coalition, 'secretariat', rest);
    else if (command === 'chair') await roles(db, coalition, 'chair', rest);
    else if (command === 'reminders') await reminders(db, coalition, rest);
    else if (command === 'digest') await digest(db, config, coalition, rest);
    else if (command === 'links') await rotateLinks(db, rest);
    else if (command === 'import') code = await importFile(db, coalition, rest);
    else await exportTable(db, config, coalition, rest);
  } finally {
    await db.close();
  }
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof ConfigError || error instanceof CoalitionFileError;
    process.stderr.write(`${known || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : error.message}\n`);
    process.exit(known ? 2 : 1);
  },
);
