// `digest` and `export` for the secretariat: the digest for a period on demand, and a CSV (or
// .xlsx) in the asker's language behind a signed link that expires after an hour.
import type { Digest } from '../../core/digest/digest';
import { parsePeriod, type Period } from '../../core/digest/period';
import { EXPORT_KINDS, isExportKind, type ExportData, type ExportFormat, type ExportKind } from '../../core/exports/export-ports';
import { catalogLanguage, type Translate } from '../catalog/catalog';
import type { Command } from '../router';
import { commandWord, exportKindOf, exportKindWords, periodInEnglish, periodWords } from '../understanding/words';
import { digestMessage } from './digest-message';

export const LINK_LIFETIME_MS = 3600_000;

const wholeSeconds = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

export interface DigestCommandDeps {
  digest(period: Period, now: Date): Promise<Digest>;
  exports: ExportData;
  /** The coalition's time zone: typed periods are read in it. */
  timeZone: string;
  /** A signed link to an export (CSV, or an .xlsx workbook) with its header row in `language`, valid until `expiresAt`. */
  exportLink(kind: ExportKind, period: Period | undefined, expiresAt: Date, format: ExportFormat, language: string): string;
}

/** An export kind by the member's first word for it (`engagements`), English where the language has none. */
const kindWord = (t: Translate, kind: ExportKind) => exportKindWords(t).get(kind)?.[0] ?? kind;

export function digestCommands(deps: DigestCommandDeps): Command[] {
  const digest: Command = {
    name: 'digest',
    readOnly: true,
    summary: 'command.digest',
    usage: 'digest [last 30 days | YYYY-MM-DD..YYYY-MM-DD]',
    localUsage: (t) => `${commandWord(t, 'digest')} [${periodWords(t, 30)} | YYYY-MM-DD..YYYY-MM-DD]`,
    role: 'secretariat',
    async run(ctx, args) {
      const period = parsePeriod(periodInEnglish(args, ctx.t), ctx.now, ctx.coalition.digest.periodDays, deps.timeZone);
      if (!period) return [{ text: ctx.t('digest.period_invalid', { text: args }), tone: 'error' }];
      return [digestMessage(await deps.digest(period, ctx.now), ctx.coalition, deps.timeZone, ctx.t, ctx.member.locale)];
    },
  };
  const exportCommand: Command = {
    name: 'export',
    readOnly: true,
    summary: 'command.export',
    usage: `export <${EXPORT_KINDS.join('|')}> [period] [xlsx]`,
    localUsage: (t) => `${commandWord(t, 'export')} <${EXPORT_KINDS.map((k) => kindWord(t, k)).join('|')}> [${t('words.arg.period')}] [xlsx]`,
    role: 'secretariat',
    async run(ctx, args) {
      const [typed = '', ...rest] = args.trim().split(/\s+/);
      // The kind in the member's words (`engagements`) or in English; a button sends the English one.
      const kind = exportKindOf(typed, ctx.t) ?? typed.toLowerCase();
      const kinds = EXPORT_KINDS.map((k) => kindWord(ctx.t, k));
      const usage = [{ text: ctx.t('export.usage', { kinds: kinds.join(', ') }), tone: 'error' as const, choices: { options: EXPORT_KINDS.map((k) => ({ label: kindWord(ctx.t, k), value: `export ${k}` })) } }];
      if (!isExportKind(kind)) return usage;
      // "xlsx" (or "csv") as the last word chooses the file's format.
      const last = rest.at(-1)?.toLowerCase();
      const format: ExportFormat = last === 'xlsx' ? 'xlsx' : 'csv';
      if (last === 'xlsx' || last === 'csv') rest.pop();
      const periodText = rest.join(' ');
      const typedPeriod = periodText ? parsePeriod(periodInEnglish(periodText, ctx.t), ctx.now, ctx.coalition.digest.periodDays, deps.timeZone) : undefined;
      if (typedPeriod === null) return [{ text: ctx.t('digest.period_invalid', { text: periodText }), tone: 'error' }];
      // In whole seconds, as the link carries it: the rows counted here are the rows of the file.
      const period = typedPeriod && { start: wholeSeconds(typedPeriod.start), end: wholeSeconds(typedPeriod.end) };
      const table = await deps.exports.table(kind, period);
      // The file's header row and coded cells in the language of the member who asks.
      const language = catalogLanguage(ctx.member.locale) ?? catalogLanguage(ctx.coalition.defaultLocale) ?? 'en';
      const url = deps.exportLink(kind, period, new Date(ctx.now.getTime() + LINK_LIFETIME_MS), format, language);
      return [{ text: ctx.t(format === 'xlsx' ? 'export.ready_xlsx' : 'export.ready', { kind: kindWord(ctx.t, kind), count: table.rows.length }), fields: [{ label: ctx.t('export.link'), value: url }], tone: 'success' }];
    },
  };
  return [digest, exportCommand];
}
