// Builds the Teams app package: dist/teams-app.zip with manifest.json (app id from
// MICROSOFT_APP_ID, command list from the bot's router, names from the coalition file,
// PUBLIC_URL's host among the valid domains), color.png and outline.png, and one localization
// file per other language of the coalition (<language>.json: name, description and the command
// descriptions from the catalog).
//   npm run package:teams                         writes dist/teams-app.zip
//   npm run package:teams -- --out <file>         writes it elsewhere
//   npm run package:teams -- --update-manifest    rewrites the command list in manifests/teams/manifest.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createBot } from '../src/app';
import { applyEnvFile } from '../src/config';
import { systemClock } from '../src/core/clock';
import { coalitionIn, type Coalition } from '../src/core/coalition/coalition';
import type { Repositories } from '../src/core/ports';
import type { CountryRegistry } from '../src/core/countries/country-registry';
import { menuCommands } from '../src/conversation/menu';
import { translator } from '../src/conversation/catalog/catalog';
import { commandWord } from '../src/conversation/understanding/words';
import { defaultCoalitionFile, loadCoalitionFile } from '../src/data/coalition-file';
import { ChatDispatcher } from '../src/delivery/chat-dispatcher';
import { projectFile } from '../src/paths';
import { createZip } from './teams/zip';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsCommand {
  /** The command's English name (the manifest's own title); not written to the package. */
  name?: string;
  title: string;
  description: string;
}

/**
 * The command menu (src/conversation/menu.ts) of the bot as app.ts builds it, in the manifest's
 * shape; Teams allows titles up to 32 characters and descriptions up to 128.
 */
export function teamsCommands(coalition: Coalition, locale = coalition.defaultLocale): TeamsCommand[] {
  const bot = createBot({ repositories: {} as Repositories, coalition, countries: {} as CountryRegistry, clock: systemClock, chat: new ChatDispatcher(), links: { calendar: () => '' } });
  const t = translator(locale);
  return menuCommands(bot.router.commands).map((c) => ({ name: c.name, title: commandWord(t, c.name).slice(0, 32), description: shorten(t(c.summary), 128) }));
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const LOCALIZATION_SCHEMA = 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.Localization.schema.json';

/** The coalition's languages other than the manifest's own (its default): one localization file each. */
export function teamsLanguages(coalition: Coalition): string[] {
  return coalition.languages.filter((language) => language !== coalition.defaultLocale);
}

/**
 * A Teams localization file for `language`: the app's name and description and each command's
 * title and description in it (a title is the language's word for the command, which the bot reads
 * from a member whose client shows that language; English titles elsewhere). Keys as
 * Microsoft's localization schema names them; lengths as Teams allows.
 */
export function teamsLocalization(coalition: Coalition, language: string, manifest: Pick<Manifest, 'bots'>): Record<string, string> {
  const theirs = coalitionIn(coalition, language);
  const t = translator(language);
  const file: Record<string, string> = {
    $schema: LOCALIZATION_SCHEMA,
    'name.short': theirs.botName.slice(0, 30),
    'name.full': `${theirs.botName}: ${theirs.name}`.slice(0, 100),
    'description.short': shorten(t('teams.app.description_short', { bot: theirs.botName }), 80),
    'description.full': shorten(t('teams.app.description_full', { coalition: theirs.name }), 4000),
  };
  const commands = teamsCommands(coalition, language);
  manifest.bots.forEach((bot, b) =>
    bot.commandLists.forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const translated = commands.find((x) => x.name === command.title);
        if (!translated || b > 0) return;
        file[`bots[${b}].commandLists[${l}].commands[${c}].title`] = translated.title;
        file[`bots[${b}].commandLists[${l}].commands[${c}].description`] = translated.description;
      }),
    ),
  );
  return file;
}

/** The fields of the Teams manifest this script writes; the rest is kept as the template has it. */
interface Manifest {
  bots: { commandLists: { commands: TeamsCommand[] }[] }[];
  validDomains: string[];
  name?: { short: string; full: string };
  localizationInfo?: { defaultLanguageTag: string; additionalLanguages?: { languageTag: string; file: string }[] };
  version?: string;
  [field: string]: unknown;
}

export function buildManifest(template: Manifest, options: { appId: string; coalition: Coalition; publicUrl?: string; version?: string }): Manifest {
  const manifest = JSON.parse(JSON.stringify(template).split('{{MICROSOFT_APP_ID}}').join(options.appId)) as Manifest;
  const { coalition } = options;
  manifest.name = { short: coalition.botName.slice(0, 30), full: `${coalition.botName}: ${coalition.name}`.slice(0, 100) };
  if (options.version) manifest.version = options.version;
  for (const bot of manifest.bots) for (const list of bot.commandLists) list.commands = teamsCommands(coalition).map(({ title, description }) => ({ title, description }));
  const languages = teamsLanguages(coalition);
  manifest.localizationInfo = {
    defaultLanguageTag: coalition.defaultLocale,
    ...(languages.length > 0 ? { additionalLanguages: languages.map((language) => ({ languageTag: language, file: `${language}.json` })) } : {}),
  };
  if (options.publicUrl) {
    const host = new URL(options.publicUrl).host;
    if (!manifest.validDomains.includes(host)) manifest.validDomains.push(host);
  }
  return manifest;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  // COALITION_FILE, MICROSOFT_APP_ID and PUBLIC_URL as the bot reads them: the environment, then .env (or ENV_FILE).
  applyEnvFile();
  const templatePath = projectFile('manifests/teams/manifest.json');
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as Manifest;
  const coalition = loadCoalitionFile(process.env.COALITION_FILE ? resolve(process.env.COALITION_FILE) : defaultCoalitionFile);

  if (process.argv.includes('--update-manifest')) {
    for (const bot of template.bots) for (const list of bot.commandLists) list.commands = teamsCommands(coalition).map(({ title, description }) => ({ title, description }));
    writeFileSync(templatePath, `${JSON.stringify(template, null, 2)}\n`);
    console.log(`updated the command list in ${templatePath}`);
    return;
  }

  const appId = process.env.MICROSOFT_APP_ID?.trim();
  if (!appId || !GUID.test(appId)) {
    console.error('MICROSOFT_APP_ID must be set to the bot\'s Microsoft app id (a GUID such as 00000000-0000-0000-0000-000000000000).');
    process.exit(1);
  }
  const version = (JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string }).version;
  const manifest = buildManifest(template, { appId, coalition, publicUrl: process.env.PUBLIC_URL, version });
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: 'color.png', data: readFileSync(projectFile('manifests/teams/color.png')) },
    { name: 'outline.png', data: readFileSync(projectFile('manifests/teams/outline.png')) },
    ...teamsLanguages(coalition).map((language) => ({ name: `${language}.json`, data: Buffer.from(JSON.stringify(teamsLocalization(coalition, language, manifest), null, 2)) })),
  ]);
  const root = resolve(dirname(templatePath), '..', '..');
  const out = resolve(argument('--out') ?? resolve(root, 'dist', 'teams-app.zip'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`wrote ${out}: upload it in Teams (Apps, Manage your apps, Upload a custom app)`);
}

if (require.main === module) main();
