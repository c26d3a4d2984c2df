// The Teams app package: the committed manifest and icons, and the zip that
// `npm run package:teams` writes (run here as the built script, the way npm runs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse } from 'yaml';
import { createBot } from '../../src/app';
import { systemClock } from '../../src/core/clock';
import type { CountryRegistry } from '../../src/core/countries/country-registry';
import type { Repositories } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { ChatDispatcher } from '../../src/delivery/chat-dispatcher';
import { pngSize } from '../../scripts/teams/png';
import { teamsCommands, teamsLocalization } from '../../scripts/package-teams';
import { catalogLanguages, translator } from '../../src/conversation/catalog/catalog';
import { commandAliases } from '../../src/conversation/understanding/words';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { teamsLocalizationErrors, teamsManifestErrors } from '../support/platform-schemas';
import { readZip } from '../support/zip-reader';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifests/teams/manifest.json'), 'utf8'));
const coalition = loadCoalitionFile(defaultCoalitionFile);
const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

/** The command names of the bot exactly as app.ts builds it. */
function routerCommandNames(): string[] {
  const bot = createBot({ repositories: {} as Repositories, coalition, countries: {} as CountryRegistry, clock: systemClock, chat: new ChatDispatcher(), links: { calendar: () => '' } });
  return bot.router.commands.map((c) => c.name);
}

/** The bot's router exactly as app.ts builds it. */
function routerOf() {
  return createBot({ repositories: {} as Repositories, coalition, countries: {} as CountryRegistry, clock: systemClock, chat: new ChatDispatcher(), links: { calendar: () => '' } }).router;
}

/** What the package lists: the command menu (everyday commands that need no argument). */
function listedCommandNames(): string[] {
  return teamsCommands(coalition).map((c) => c.title);
}

/** Every pixel of an 8-bit RGBA PNG written without filters (as the icon script writes). */
function pixels(png: Buffer): number[][] {
  const { width, height } = pngSize(png);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const out: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    expect(raw[row]).toBe(0);
    for (let x = 0; x < width; x++) out.push([...raw.subarray(row + 1 + x * 4, row + 5 + x * 4)]);
  }
  return out;
}

/** The packaged manifest.json for these environment variables, as `npm run package:teams` writes it. */
function packagedManifest(env: Record<string, string>): { manifest: Record<string, any>; entries: Map<string, Buffer> } {
  const out = join(mkdtempSync(join(tmpdir(), 'teams-package-')), 'teams-app.zip');
  execFileSync(process.execPath, [join(root, 'dist/scripts/package-teams.js'), '--out', out], { cwd: root, env: { PATH: process.env.PATH, ENV_FILE: '', ...env } });
  const entries = readZip(readFileSync(out));
  return { manifest: JSON.parse(entries.get('manifest.json')!.toString('utf8')), entries };
}

describe('Teams app manifest', () => {
  it('is valid against Microsoft\'s schema of its manifestVersion (the template with a sample app id)', () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    const sample = JSON.parse(JSON.stringify(manifest).split('{{MICROSOFT_APP_ID}}').join(APP_ID));
    expect(teamsManifestErrors(sample)).toEqual([]);
  });

  it('the schema check can fail: a developer name of 33 characters is refused', () => {
    const sample = JSON.parse(JSON.stringify(manifest).split('{{MICROSOFT_APP_ID}}').join(APP_ID));
    sample.developer.name = 'Partner2Connect Digital Coalition';
    expect(teamsManifestErrors(sample)).toEqual([expect.stringContaining('/developer/name must NOT have more than 32 characters')]);
    expect(teamsManifestErrors({ ...sample, manifestVersion: '1.5' })).toEqual([expect.stringContaining('has no schema')]);
  });

  it('has the fields Teams requires', () => {
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.id).toBe('{{MICROSOFT_APP_ID}}');
    for (const key of ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(manifest.developer[key]).toEqual(expect.any(String));
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(manifest.developer[key]).toMatch(/^https:\/\//);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    // A bot without tabs or sign-in cards needs no domain in the template; the package adds PUBLIC_URL's.
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe('{{MICROSOFT_APP_ID}}');
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team']);
  });

  it('offers the everyday commands that work from the menu, pledge among them, none needing an argument (npm run package:teams -- --update-manifest rewrites them)', () => {
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.map((c: { title: string }) => c.title)).toEqual(listedCommandNames());
      expect(routerCommandNames()).toEqual(expect.arrayContaining(listedCommandNames()));
      expect(listedCommandNames()).toEqual(['help', 'me', 'profile', 'join', 'groups', 'my groups', 'meetings', 'reminders', 'pledge', 'pledges']);
      for (const c of list.commands) expect(c.description.length).toBeGreaterThan(0);
    }
  });

  it("the Slack slash command's usage hint offers the same menu; its description names each language's word for help, which the bot understands", () => {
    const helpWords = catalogLanguages().map((language) => translator(language)('words.command.help').split('|')[0]!.trim());
    expect(helpWords).toEqual(['help', 'aide', 'ayuda', 'مساعدة']);
    // Typed by anyone: the English router, with no words of the member's language.
    for (const word of helpWords) expect(routerOf().route(word)).toMatchObject({ kind: 'command', command: { name: 'help' } });
    for (const file of ['manifest.yaml', 'manifest-socket-mode.yaml']) {
      const slack = parse(readFileSync(join(root, 'manifests/slack', file), 'utf8'));
      expect(slack.features.slash_commands[0].usage_hint).toBe(`[${listedCommandNames().join(' | ')}]`);
      expect(slack.features.slash_commands[0].description).toContain(helpWords.join(' · '));
      for (const word of helpWords.slice(1)) expect(slack.display_information.long_description).toContain(`/p2c ${word}`);
    }
  });

  it('ships a 192x192 colour icon and a 32x32 outline icon that is white on transparent', () => {
    const color = readFileSync(join(root, 'manifests/teams/color.png'));
    const outline = readFileSync(join(root, 'manifests/teams/outline.png'));
    expect(pngSize(color)).toMatchObject({ width: 192, height: 192 });
    expect(pngSize(outline)).toMatchObject({ width: 32, height: 32, colourType: 6 });
    const outlinePixels = pixels(outline);
    expect(outlinePixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 255)).toBe(true);
    expect(outlinePixels.some(([, , , a]) => a === 0)).toBe(true);
  });
});

describe('npm run package:teams', () => {
  const script = join(root, 'dist/scripts/package-teams.js');

  it('writes a zip with the manifest (app id filled in), color.png and outline.png', () => {
    const { manifest: packaged, entries } = packagedManifest({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://bot.example.org' });
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png', 'fr.json', 'es.json', 'ar.json']);
    expect(packaged.id).toBe(APP_ID);
    expect(packaged.bots[0].botId).toBe(APP_ID);
    expect(JSON.stringify(packaged)).not.toContain('{{');
    expect(packaged.validDomains).toEqual(['bot.example.org']);
    expect(packaged.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(listedCommandNames());
    expect(entries.get('color.png')!.equals(readFileSync(join(root, 'manifests/teams/color.png')))).toBe(true);
    expect(pngSize(entries.get('outline.png')!)).toMatchObject({ width: 32, height: 32 });
  });

  it('adds a localization file per other language, valid against Microsoft\'s localization schema, with the catalog\'s command descriptions', () => {
    const { manifest: packaged, entries } = packagedManifest({ MICROSOFT_APP_ID: APP_ID });
    expect(packaged.localizationInfo).toEqual({
      defaultLanguageTag: 'en',
      additionalLanguages: [{ languageTag: 'fr', file: 'fr.json' }, { languageTag: 'es', file: 'es.json' }, { languageTag: 'ar', file: 'ar.json' }],
    });
    expect(teamsManifestErrors(packaged)).toEqual([]);
    const commands = packaged.bots[0].commandLists[0].commands as { title: string; description: string }[];
    for (const language of ['fr', 'es', 'ar']) {
      const file = JSON.parse(entries.get(`${language}.json`)!.toString('utf8'));
      expect(teamsLocalizationErrors(file)).toEqual([]);
      const t = translator(language);
      expect(file['name.short']).toBe(coalitionIn(coalition, language).botName.slice(0, 30));
      expect(file['description.short']).not.toBe(packaged.description.short);
      expect(file['description.full']).toContain(coalitionIn(coalition, language).name);
      const bot = routerOf();
      const aliases = commandAliases(t);
      commands.forEach((command, i) => {
        // The title is the language's word where it has one, and the bot reads it as that command.
        const title = file[`bots[0].commandLists[0].commands[${i}].title`];
        const routed = bot.route(title, aliases);
        expect([title, routed.kind === 'command' ? routed.command.name : routed.kind]).toEqual([title, command.title]);
        const description = file[`bots[0].commandLists[0].commands[${i}].description`];
        expect(description).not.toBe(command.description);
        expect(description.length).toBeLessThanOrEqual(128);
      });
      expect(file['bots[0].commandLists[0].commands[0].description']).toBe(t('command.help'));
      expect(file['bots[0].commandLists[0].commands[0].title']).toBe({ fr: 'aide', es: 'ayuda', ar: 'مساعدة' }[language]);
      expect(file).toEqual(teamsLocalization(coalition, language, packaged as never));
    }
  });

  it('the localization schema check can fail: a short description over 80 characters or an unknown key is refused', () => {
    const file = teamsLocalization(coalition, 'fr', manifest);
    expect(teamsLocalizationErrors({ ...file, 'description.short': 'x'.repeat(81) })).toEqual([expect.stringContaining('/description.short must NOT have more than 80 characters')]);
    expect(teamsLocalizationErrors({ ...file, 'bots[0].commandLists[0].commands[0].title': 'x'.repeat(33) })).toHaveLength(1);
    expect(teamsLocalizationErrors({ ...file, nickname: 'x' })).toEqual([expect.stringContaining('must NOT have additional properties')]);
  });

  it.each([
    ['a PUBLIC_URL without a port', { PUBLIC_URL: 'https://bot.example.org' }, ['bot.example.org']],
    ['a PUBLIC_URL with a port', { PUBLIC_URL: 'https://bot.example.org:8443/' }, ['bot.example.org:8443']],
    ['no PUBLIC_URL', {}, []],
  ])('packages a manifest valid against Microsoft\'s schema, with %s', (_what, env, domains) => {
    const { manifest: packaged } = packagedManifest({ MICROSOFT_APP_ID: APP_ID, ...env });
    expect(teamsManifestErrors(packaged)).toEqual([]);
    expect(packaged.validDomains).toEqual(domains);
    expect(packaged.developer.name.length).toBeLessThanOrEqual(32);
  });

  it('reads the env file as the bot does: what the environment leaves unset comes from it', () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'teams-env-')), 'bot.env');
    writeFileSync(envFile, `MICROSOFT_APP_ID=${APP_ID}\nPUBLIC_URL=https://from-file.example.org\n`);
    const { manifest: packaged } = packagedManifest({ ENV_FILE: envFile, PUBLIC_URL: 'https://from-environment.example.org' });
    expect(packaged.id).toBe(APP_ID);
    expect(packaged.validDomains).toEqual(['from-environment.example.org']);
  });

  it('refuses to build without a valid MICROSOFT_APP_ID, saying what is needed', () => {
    const run = spawnSync(process.execPath, [script, '--out', join(tmpdir(), 'never.zip')], { cwd: root, env: { PATH: process.env.PATH, ENV_FILE: '', MICROSOFT_APP_ID: 'my-bot' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MICROSOFT_APP_ID must be set');
  });
});
