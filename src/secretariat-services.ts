// Builds the secretariat's services from the app's parts: the digest and export commands, the
// signed export download route, and the scheduled digest job.
import type { Clock } from './core/clock';
import type { Coalition } from './core/coalition/coalition';
import type { CountryRegistry } from './core/countries/country-registry';
import { collectDigest } from './core/digest/digest';
import type { Period } from './core/digest/period';
import type { ChatPort } from './core/ports';
import type { Table } from './core/exports/csv';
import type { ExportKind } from './core/exports/export-ports';
import { catalogLanguage, catalogLanguages } from './conversation/catalog/catalog';
import { digestCommands } from './conversation/digest/commands';
import { exportSheet } from './conversation/digest/export-sheet';
import type { Command } from './conversation/router';
import type { Database } from './db/open-database';
import { exportPath, exportRoute } from './http/export-route';
import type { HttpServer } from './http/server';
import type { LinkSigner } from './http/signed-links';
import type { Logger } from './logger';
import { DigestJob } from './scheduler/digest';

export interface SecretariatServices {
  commands: Command[];
  register(server: HttpServer): void;
  digestJob: DigestJob;
}

export function secretariatServices(deps: {
  database: Database;
  coalition: Coalition;
  countries: CountryRegistry;
  chat: ChatPort;
  /** The secretariat's channel addresses, filled in by the adapters at start. */
  channels: readonly string[];
  signer: () => LinkSigner;
  cron: string;
  timeZone: string;
  clock: Clock;
  log: Logger;
}): SecretariatServices {
  const { database, coalition, signer, clock } = deps;
  const { repositories, stores } = database;
  const exports = stores.exports(deps.countries);
  const sources = { data: stores.digestData, meetings: repositories.meetings, flows: repositories.flows, coalition, countries: deps.countries };
  const digest = (period: Period, now: Date) => collectDigest(sources, period, now);
  return {
    commands: digestCommands({ digest, exports, timeZone: deps.timeZone, exportLink: (kind, period, expiresAt, format, language) => signer().url(exportPath(kind, period, format, language), expiresAt) }),
    register(server) {
      const sheet = (kind: ExportKind, table: Table, language: string) => exportSheet(kind, table, coalition, language, 'words');
      const defaultLanguage = catalogLanguage(coalition.defaultLocale) ?? 'en';
      server.routePrefix('GET', '/exports/', exportRoute({ exports, sheet, languages: catalogLanguages(), defaultLanguage, signer, clock }));
    },
    digestJob: new DigestJob({ runs: stores.digestRuns, repositories, digest, chat: deps.chat, coalition, channels: deps.channels, cron: deps.cron, timeZone: deps.timeZone, clock, log: deps.log }),
  };
}
