// The commands a French, Spanish or Arabic member is told to type are written in their language
// and are ones the bot runs: every command `help all` lists, the next steps after a flow (their
// buttons' labels), and every "type …" word of the catalog. Each is sent back through the real bot
// (local chat, real database) and must do what the English command does; English still works.
import type { IntlMessageFormat } from 'intl-messageformat';
import { createBot } from '../../src/app';
import { systemClock } from '../../src/core/clock';
import type { CountryRegistry } from '../../src/core/countries/country-registry';
import type { OutgoingMessage } from '../../src/core/messages';
import type { Repositories } from '../../src/core/ports';
import { commandWords, compileMessage, messageIds, ownMessages, translator } from '../../src/conversation/catalog/catalog';
import { commandAliases } from '../../src/conversation/understanding/words';
import { loadCountryRegistry } from '../../src/data/countries';
import { ChatDispatcher } from '../../src/delivery/chat-dispatcher';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';

const coalition = fourLanguageCoalition();
const LANGUAGES = ['fr', 'es', 'ar'] as const;

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The argument names of a message, inside plural and select branches too. */
function argumentsOf(elements: Element[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === 1) return [element.value];
    if (element.type === 5 || element.type === 6) return [element.value, ...Object.values(element.options).flatMap((option) => argumentsOf(option.value))];
    if (element.type === 8) return argumentsOf(element.children);
    return [];
  });
}

/** The words of a usage line that are the command (before its first argument: `<…>`, `[…]`, a `|` list). */
function commandPart(usage: string): string {
  const words: string[] = [];
  for (const word of usage.trim().split(/\s+/)) {
    if (/[<[|]/.test(word)) break;
    words.push(word);
  }
  return words.join(' ');
}

/** What a reply says, without what changes from one call to the next (signed links, one-time codes, ids). */
function gist(replies: OutgoingMessage[]): string {
  return JSON.stringify(replies.map((r) => ({ title: r.title, text: r.text, fields: r.fields, options: r.choices?.options.map((o) => o.value) })))
    .replace(/https?:\/\/[^\s"]+/g, '<link>')
    .replace(/\b[A-Z0-9]{6,}\b/g, '<code>');
}

describe('the catalog tells members to type only words the bot reads as that command', () => {
  const router = createBot({ repositories: {} as Repositories, coalition, countries: {} as CountryRegistry, clock: systemClock, chat: new ChatDispatcher(), links: { calendar: () => '' } }).router;
  const english = commandWords('en');

  it.each(LANGUAGES)('%s: every {cmd_…} of every message routes to its English command', (language) => {
    const aliases = commandAliases(translator(language));
    const words = commandWords(language);
    const used = new Set<string>();
    for (const id of messageIds()) {
      const template = ownMessages(language)[id];
      if (!template) continue;
      for (const name of argumentsOf(compileMessage(template, language).getAst()).filter((a) => a.startsWith('cmd_'))) used.add(name);
    }
    expect(used.size).toBeGreaterThanOrEqual(10);
    const wrong: string[] = [];
    for (const name of used) {
      const word = words[name];
      const routed = typeof word === 'string' ? router.route(word, aliases) : undefined;
      const want = String(english[name]).split(' ');
      // `help all`: the help command, with the language's word for "all".
      const ran = routed?.kind === 'command' ? [routed.command.name, ...(routed.args ? [routed.args] : [])] : [];
      const ok = name === 'cmd_help_all' ? ran[0] === 'help' && ran.length === 2 : ran.join(' ') === want.join(' ');
      if (!ok) wrong.push(`${name}: "${String(word)}" → ${ran.join(' ') || 'nothing'}`);
      // The member reads their own word, not the English one.
      if (!ok || name === 'cmd_help_all') continue;
      expect([name, word]).not.toEqual([name, english[name]]);
    }
    expect(wrong).toEqual([]);
  });
});

describeEachDatabase('commands a member is told to type, in their language', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', {}, coalition);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** The gist of a text's replies, the question it may have opened cancelled (so the next one starts afresh). */
  async function run(user: string, text: string, browser: string): Promise<string> {
    const replies = await t.say(user, { text }, browser);
    await t.say(user, { text: 'cancel' }, browser);
    return gist(replies);
  }

  it.each(LANGUAGES)('%s: each command `help all` lists runs as its English name does', async (language) => {
    const user = 'demo-secretariat';
    const browser = `${language},en;q=0.5`;
    // The same list in English gives each line's English command (help lists in the router's order).
    await t.say(user, { text: 'language en' });
    const englishHelp = (await t.say(user, { text: 'help all' }))[0]!.fields!.map((f) => commandPart(f.label));
    await t.say(user, { text: `language ${language}` });
    const help = (await t.say(user, { text: 'help all' }, browser))[0]!;
    const typed = help.fields!.map((f) => commandPart(f.label));
    expect(typed).toHaveLength(englishHelp.length);
    expect(typed[0]).toBe(commandWords(language).cmd_help);
    // The member's own words wherever the language has them.
    const translated = typed.filter((word, i) => word !== englishHelp[i]);
    expect(translated.length).toBeGreaterThanOrEqual(10);
    const differ: string[] = [];
    for (const [i, word] of typed.entries()) {
      const theirs = await run(user, word, browser);
      const ours = await run(user, englishHelp[i]!, browser);
      if (theirs !== ours) differ.push(`${word} ≠ ${englishHelp[i]}: ${theirs.slice(0, 200)} / ${ours.slice(0, 200)}`);
    }
    expect(differ).toEqual([]);
    // Argument names in the member's language too: no `<group>` or `<reason>` left in English where the language has its own word.
    const argWord = (name: string) => translator(language)(`words.arg.${name.replace(' ', '_')}` as Parameters<ReturnType<typeof translator>>[0]);
    const englishArguments = ['group', 'id', 'number', 'reason', 'member', 'application id', 'claim id'].filter((name) => argWord(name) !== name);
    expect(englishArguments.length).toBeGreaterThanOrEqual(6);
    expect(help.fields!.map((f) => f.label).filter((label) => englishArguments.some((name) => label.includes(`<${name}>`) || label.includes(`[${name}]`)))).toEqual([]);
    expect(help.fields!.map((f) => f.label).join('\n')).toContain(`<${argWord('group')}>`);
    // `help all` itself, as the member is told to type it ("aide tout"), gives every command.
    const all = await t.say(user, { text: String(commandWords(language).cmd_help_all) }, browser);
    expect(all[0]!.fields!.map((f) => f.label)).toEqual(help.fields!.map((f) => f.label));
    await t.say(user, { text: 'language en' });
  });

  it.each(LANGUAGES)('%s: the next steps after the profile and after a pledge are buttons labelled in the language, and the label typed runs that command', async (language) => {
    const user = `steps-${language}`;
    const browser = `${language},en;q=0.5`;
    const say = (text: string) => t.say(user, { text }, browser);
    const press = (action: string | string[]) => t.say(user, { action }, browser);
    const countries = loadCountryRegistry().inLanguage(language);
    await say(`language ${language}`);
    await say('profile');
    await say('Awa Diop');
    await say('Ministère');
    await press('member_state');
    await say(countries.get('SEN')!.name);
    await say('Africa/Dakar');
    await press('skip');
    const saved = await press('confirm');
    const steps = saved.flatMap((r) => r.choices?.options ?? []);
    expect(steps.map((o) => o.value)).toEqual(['join', 'groups']);
    const words = commandWords(language);
    expect(steps.map((o) => o.label)).toEqual([words.cmd_join, words.cmd_groups]);
    // The sentence above the buttons names the same words.
    const sentence = saved.at(-1)!.text;
    for (const option of steps) expect(sentence).toContain(option.label);

    await say('pledge');
    await press('access');
    await say('Écoles connectées');
    await say('Connecter 500 écoles rurales au haut débit.');
    await press('financial');
    await say('2500000');
    await say(countries.get('NER')!.name);
    await press(['women_and_girls']);
    await press(['4']);
    await say('2027');
    await say('2029');
    const pledged = await press('confirm');
    const after = pledged.flatMap((r) => r.choices?.options ?? []);
    expect(after.map((o) => o.value)).toEqual(['pledges', 'pledge totals']);
    expect(after.map((o) => o.label)).toEqual([words.cmd_pledges, words.cmd_pledge_totals]);

    for (const option of [...steps, ...after]) {
      expect(option.label).not.toBe(option.value);
      expect(await run(user, option.label, browser)).toBe(await run(user, option.value, browser));
    }
  });

  it('pledge status in the member\'s words ("statut engagement 3 en cours", "estado compromiso 3 cumplido", "حالة التعهد 3 مسحوب …"), English still understood', async () => {
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const { member } = await repositories.members.upsertByIdentity({ platform: 'local', externalId: 'status-owner', address: 'local:status-owner' }, now, { locale: 'fr', name: 'Owner' });
    const pledge = () =>
      repositories.pledges.create(
        { memberId: member.id, entity: 'Org', sector: 'academia', nextCheckInAt: null, focusArea: 'access', pillar: null, title: 'Hubs', description: 'Solar hubs in rural schools.', type: 'programmatic', valueUsd: null, countries: ['KEN'], beneficiaries: [], sdgs: [4], startYear: 2027, endYear: 2029 },
        now,
      );
    const statusOf = async (id: number) => (await repositories.pledges.get(id))!.status;
    const cases: { language: string; says: (n: number) => string; status: string }[] = [
      { language: 'fr', says: (n) => `statut engagement ${n} en cours`, status: 'in_progress' },
      { language: 'fr', says: (n) => `statut engagement ${n} réalisé`, status: 'completed' },
      { language: 'es', says: (n) => `estado compromiso ${n} en curso`, status: 'in_progress' },
      { language: 'es', says: (n) => `estado del compromiso ${n} retirado ya no hay fondos`, status: 'withdrawn' },
      { language: 'ar', says: (n) => `حالة التعهد ${n} قيد التنفيذ`, status: 'in_progress' },
      { language: 'ar', says: (n) => `حالة التعهد ${n} مسحوب لم يعد التمويل متاحا`, status: 'withdrawn' },
      { language: 'fr', says: (n) => `pledge status ${n} in progress`, status: 'in_progress' },
      { language: 'ar', says: (n) => `pledge status ${n} completed`, status: 'completed' },
    ];
    for (const { language, says, status } of cases) {
      await repositories.members.updateProfile(member.id, { locale: language, localeChosen: true });
      const created = await pledge();
      const replies = await t.say('status-owner', { text: says(created.id) });
      expect([says(created.id), replies[0]!.tone]).toEqual([says(created.id), 'success']);
      expect(await statusOf(created.id)).toBe(status);
    }
    // The usage the member is shown names the statuses in their language, and its example runs.
    await repositories.members.updateProfile(member.id, { locale: 'fr', localeChosen: true });
    const usage = (await t.say('status-owner', { text: 'statut engagement' }))[0]!;
    expect(usage.text).toBe(translator('fr')('pledge.status.usage'));
    expect(usage.text).toContain('en cours | réalisé | retiré');
  });

  it('a command word of several words takes its argument as the English name does ("quitter groupe Accès", "dejar grupo Acceso", "مغادرة الوصول")', async () => {
    const cases = [
      { language: 'fr', says: 'quitter groupe Accès', english: 'leave Accès' },
      { language: 'fr', says: 'quitter le groupe Adoption', english: 'leave Adoption' },
      { language: 'es', says: 'dejar grupo Acceso', english: 'leave Acceso' },
      { language: 'es', says: 'salir del grupo Adopción', english: 'leave Adopción' },
      { language: 'ar', says: 'مغادرة الوصول', english: 'leave الوصول' },
      { language: 'fr', says: 'rappels', english: 'reminders' },
      { language: 'es', says: 'mis datos', english: 'my data' },
    ];
    for (const { language, says, english } of cases) {
      const user = `args-${language}`;
      await t.say(user, { text: `language ${language}` });
      const ours = gist(await t.say(user, { text: english }));
      expect([says, gist(await t.say(user, { text: says }))]).toEqual([says, ours]);
    }
    // Without its group, `leave` answers with its usage in the member's words.
    for (const language of LANGUAGES) {
      const user = `args-${language}`;
      const t9 = translator(language);
      const usage = `${String(commandWords(language).cmd_leave)} <${t9('words.arg.group' as Parameters<typeof t9>[0])}>`;
      const reply = (await t.say(user, { text: String(commandWords(language).cmd_leave) }))[0]!;
      expect([language, reply.text]).toEqual([language, t9('groups.which', { usage })]);
    }
  });

  it('a member who reads English, writing from a client in French, is understood in French too (a Teams menu in the client\'s language)', async () => {
    await t.say('en-reader', { text: 'language en' }, 'fr');
    const english = gist(await t.say('en-reader', { text: 'meetings' }, 'fr'));
    expect(gist(await t.say('en-reader', { text: 'réunions' }, 'fr'))).toBe(english);
    // Without the French client, "réunions" is no command for an English reader (of French words, only help's is).
    expect((await t.say('en-reader', { text: 'réunions' }, 'en'))[0]!.tone).toBe('error');
  });
});
