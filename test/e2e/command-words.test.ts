// The commands a French, Spanish or Arabic member is told to type are written in their language
// and are ones the bot runs: every command `help all` lists, the next steps after a flow (their
// buttons' labels), and every "type …" word of the catalog. Each is sent back through the real bot
// (local chat, real database) and must do what the English command does; English still works.
import type { IntlMessageFormat } from 'intl-messageformat';
import type { OutgoingMessage } from '../../src/core/messages';
import { commandWords, compileMessage, messageIds, ownMessages, translator, type MessageId, type Translate } from '../../src/conversation/catalog/catalog';
import { normalize } from '../../src/core/text/similarity';
import { commandAliases, exportKindWords, isWord, periodWords, saysAll, words as wordList } from '../../src/conversation/understanding/words';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';
import { localMember } from '../support/local-members';

const coalition = fourLanguageCoalition();
const LANGUAGES = ['fr', 'es', 'ar'] as const;

/** `{cmd_…}` words that are a command and a word after it, and how that word reads (`tout` is `all`, `confirmer` is `confirm`). */
const SUB_WORDS: Partial<Record<string, (args: string, t: Translate) => boolean>> = {
  cmd_help_all: (args, t) => saysAll(args, t),
  cmd_link_confirm: (args, t) => isWord(args, t, 'confirm'),
  cmd_link_cancel: (args, t) => isWord(args, t, 'cancel'),
  // Only the first confirm word, as the sentence writes it: forgetting cannot be undone.
  cmd_forget_me_confirm: (args, t) => normalize(args) === normalize(t('words.confirm').split('|')[0]!),
};

/**
 * What is typed after each command of the secretariat, the chairs and the rarer member commands:
 * answers that read, or that refuse, the same whichever the command's word.
 */
const TYPED_AFTER: Record<string, string> = {
  me: '',
  link: '',
  notify: 'slack',
  claim_pledge: '999',
  check_in: '999',
  roster: 'access',
  composition: '',
  meeting: 'zzzz9999',
  cancel_meeting: 'zzzz9999',
  reschedule: 'zzzz9999',
  schedule: '',
  applications: '',
  approve: 'nope1234',
  reject: 'nope1234 not a fit',
  claims: '',
  approve_claim: 'nope1234',
  decline_claim: 'nope1234 not yours',
  chair_add: 'access',
  chair_remove: 'access',
  digest: 'last 30 days',
  export: 'pledges xlsx',
  dashboard: '',
};

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

describeEachDatabase('commands a member is told to type, in their language', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', {}, coalition);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** The gist of a text's replies, the question it may have opened cancelled (so the next one starts afresh). */
  /** A local member of the secretariat who reads `language`. */
  async function secretariatIn(user: string, language: string): Promise<void> {
    const memberId = await localMember(t, user);
    await t.app.database.repositories.roles.grant({ memberId, role: 'secretariat', scope: '', source: 'chat' });
    await t.say(user, { text: `language ${language}` });
  }

  async function run(user: string, text: string, browser: string): Promise<string> {
    const replies = await t.say(user, { text }, browser);
    await t.say(user, { text: 'cancel' }, browser);
    return gist(replies);
  }

  it.each(LANGUAGES)('%s: every {cmd_…} of every message routes to its English command', (language) => {
    const router = t.app.bot.router;
    const english = commandWords('en');
    const t9 = translator(language);
    const aliases = commandAliases(t9);
    const words = commandWords(language);
    const used = new Set<string>();
    for (const id of messageIds()) {
      const template = ownMessages(language)[id];
      if (!template) continue;
      for (const name of argumentsOf(compileMessage(template, language).getAst()).filter((a) => a.startsWith('cmd_'))) used.add(name);
    }
    expect(used.size).toBeGreaterThanOrEqual(25);
    const wrong: string[] = [];
    for (const name of used) {
      const word = words[name];
      const routed = typeof word === 'string' ? router.route(word, aliases) : undefined;
      const want = router.route(String(english[name]));
      const ran = routed?.kind === 'command' ? [routed.command.name, ...(routed.args ? [routed.args] : [])] : [];
      // A command with a word after it in the member's language (`aide tout`, `relier confirmer`): the same command, the word read as the English one is.
      const subWord = SUB_WORDS[name];
      const ok =
        routed?.kind === 'command' && want.kind === 'command' && routed.command.name === want.command.name && (subWord ? subWord(routed.args, t9) : routed.args === want.args);
      if (!ok) wrong.push(`${name}: "${String(word)}" → ${ran.join(' ') || 'nothing'}`);
      // The member reads their own word, not the English one (`composition` is the same word in French).
      if (!ok || subWord) continue;
      expect([name, word]).not.toEqual([name, english[name]]);
    }
    expect(wrong).toEqual([]);
  });
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
    // Every command, the secretariat's and the chairs' too: English only where the language's word is the same.
    const untranslated = typed.filter((word, i) => word === englishHelp[i]);
    expect(untranslated).toEqual(language === 'fr' ? ['composition'] : []);
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

  it('every command has words in every language; each word names one command, the one the Router runs for it, never another\'s English name nor a word that answers a question (yes, no, cancel, back, skip, confirm)', () => {
    const router = t.app.bot.router;
    const englishNames = new Map<string, string>();
    for (const command of router.commands) for (const name of [command.name, ...(command.aliases ?? [])]) englishNames.set(name, command.name);
    const withWords = new Set(commandAliases(translator('en')).values());
    expect(router.commands.map((c) => c.name).filter((name) => !withWords.has(name))).toEqual([]);
    const keys = messageIds().filter((id) => id.startsWith('words.command.'));
    const problems: string[] = [];
    for (const language of ['en', ...LANGUAGES]) {
      const t9 = translator(language);
      const aliases = commandAliases(t9);
      const flowWords = new Map<string, string>();
      for (const list of ['yes', 'no', 'cancel', 'back', 'skip', 'confirm'] as const) for (const word of wordList(t9, list)) flowWords.set(word, list);
      const seen = new Map<string, string>();
      for (const id of keys) {
        const englishFirst = translator('en')(id).split('|')[0]!;
        const command = englishNames.get(englishFirst);
        if (!command) problems.push(`${id}: "${englishFirst}" is no command`);
        for (const typed of t9(id).split('|')) {
          const word = normalize(typed);
          if (seen.has(word) && seen.get(word) !== id) problems.push(`${language}: "${typed}" is both ${seen.get(word)} and ${id}`);
          seen.set(word, id);
          if (flowWords.has(word)) problems.push(`${language}: "${typed}" (${id}) is a "${flowWords.get(word)}" word`);
          const english = englishNames.get(word);
          if (english && english !== command) problems.push(`${language}: "${typed}" (${id}) is the English name of ${english}`);
          const routed = router.route(typed, aliases);
          const ran = routed.kind === 'command' ? `${routed.command.name}${routed.args ? ` + ${routed.args}` : ''}` : 'nothing';
          if (ran !== command) problems.push(`${language}: "${typed}" (${id}) runs ${ran}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(LANGUAGES)("%s: the secretariat's and chairs' commands, link, notify, claim pledge and check in, typed with each of their words, do what the English ones do", async (language) => {
    const user = `words-sec-${language}`;
    const browser = `${language},en;q=0.5`;
    await secretariatIn(user, language);
    const t9 = translator(language);
    const english = translator('en');
    const differ: string[] = [];
    let typedWords = 0;
    for (const [key, after] of Object.entries(TYPED_AFTER)) {
      const id = `words.command.${key}` as MessageId;
      const ours = await run(user, `${english(id).split('|')[0]} ${after}`.trim(), browser);
      for (const word of t9(id).split('|')) {
        const theirs = await run(user, `${word} ${after}`.trim(), browser);
        typedWords++;
        if (theirs !== ours) differ.push(`${word} ${after} ≠ ${english(id).split('|')[0]} ${after}: ${theirs.slice(0, 300)} / ${ours.slice(0, 300)}`);
      }
    }
    // `link confirm` and `link cancel` with the language's confirm and cancel words (`relier confirmer`, `ربط إلغاء`).
    for (const list of ['confirm', 'cancel'] as const) {
      const ours = await run(user, `link ${list}`, browser);
      for (const word of t9(`words.${list}`).split('|').slice(0, 3)) {
        const theirs = await run(user, `${String(commandWords(language).cmd_link)} ${word}`, browser);
        if (theirs !== ours) differ.push(`link ${word} ≠ link ${list}: ${theirs.slice(0, 300)} / ${ours.slice(0, 300)}`);
      }
    }
    expect(typedWords).toBeGreaterThanOrEqual(40);
    expect(differ).toEqual([]);
  });

  it.each(LANGUAGES)("%s: digest's periods and export's kinds in the member's words (`synthèse 30 derniers jours`, `exportar compromisos últimos 30 días xlsx`, `تصدير التعهدات آخر ٧ أيام`)", async (language) => {
    const user = `words-periods-${language}`;
    const browser = `${language},en;q=0.5`;
    await secretariatIn(user, language);
    const t9 = translator(language);
    const words = commandWords(language);
    const say = async (text: string) => gist(await t.say(user, { text }, browser));
    const days30 = await say('digest last 30 days');
    expect(await say(`${String(words.cmd_digest)} ${periodWords(t9, 30)}`)).toBe(days30);
    // Another number of days is another period (the digest's title names its days).
    expect(await say(`${String(words.cmd_digest)} ${periodWords(t9, 7)}`)).not.toBe(days30);
    expect(await say(`${String(words.cmd_digest)} ${periodWords(t9, 7)}`)).toBe(await say('digest last 7 days'));
    // Each way the language says it, with the language's digits too (normalize reads ٧ as 7).
    for (const pattern of t9('words.period_days').split('|')) {
      expect([pattern, await say(`${String(words.cmd_digest)} ${pattern.replace('N', language === 'ar' ? '٧' : '7')}`)]).toEqual([pattern, await say('digest last 7 days')]);
    }
    const refused = await t.say(user, { text: `${String(words.cmd_digest)} ${periodWords(t9, 999)}` }, browser);
    expect(refused[0]!.tone).toBe('error');
    // Every kind, by each of its words, with a period and a format.
    for (const [kind, names] of exportKindWords(t9)) {
      const ours = await say(`export ${kind} last 30 days xlsx`);
      // The file is named by the member's word for its kind.
      expect(ours).toContain(names[0]!);
      for (const name of names) expect([name, await say(`${String(words.cmd_export)} ${name} ${periodWords(t9, 30)} xlsx`)]).toEqual([name, ours]);
    }
    // help names the kinds and the period in the member's words.
    const help = (await t.say(user, { text: 'help all' }, browser))[0]!.fields!.map((f) => f.label);
    const exportLine = help.find((label) => label.startsWith(String(words.cmd_export)))!;
    expect(exportLine).toBe(`${String(words.cmd_export)} <${['pledges', 'members', 'applications', 'meetings', 'rsvps'].map((k) => exportKindWords(t9).get(k)![0]).join('|')}> [${t9('words.arg.period')}] [xlsx]`);
    expect(help.find((label) => label.startsWith(String(words.cmd_digest)))).toBe(`${String(words.cmd_digest)} [${periodWords(t9, 30)} | YYYY-MM-DD..YYYY-MM-DD]`);
  });

  it.each(LANGUAGES)('%s: approve, reject and cancel meeting in the member\'s words change what the English commands change', async (language) => {
    const { repositories } = t.app.database;
    const now = t.clock.now();
    const user = `words-decider-${language}`;
    await secretariatIn(user, language);
    const words = commandWords(language);
    const applicant = async (name: string) => {
      const { member } = await repositories.members.upsertByIdentity({ platform: 'local', externalId: `${name}-${language}`, address: `local:${name}-${language}` }, now, { locale: language, name });
      return (await repositories.applications.create({ memberId: member.id, groupKey: 'access', answers: {}, submittedAt: now }))!;
    };
    const approved = await applicant('Ama');
    const approving = await t.say(user, { text: `${String(words.cmd_approve)} ${approved.id}` });
    expect([approving[0]!.tone, (await repositories.applications.get(approved.id))!.status]).toEqual(['success', 'approved']);
    const rejected = await applicant('Ben');
    const rejecting = await t.say(user, { text: `${String(words.cmd_reject)} ${rejected.id} pas de rapport avec le groupe` });
    const decided = (await repositories.applications.get(rejected.id))!;
    expect([rejecting[0]!.tone, decided.status, decided.reason]).toEqual(['success', 'rejected', 'pas de rapport avec le groupe']);
    const meeting = await repositories.meetings.create(
      { group: 'access', title: `Access call ${language}`, startLocal: '2026-12-20T14:00', timeZone: 'Europe/Zurich', firstStartAt: new Date('2026-12-20T13:00:00Z'), durationMinutes: 60, joinUrl: null, agenda: null, rrule: null, createdById: null },
      now,
    );
    const cancelling = await t.say(user, { text: `${String(words.cmd_cancel_meeting)} ${meeting.id.slice(0, 8)}` });
    expect([cancelling[0]!.tone, (await repositories.meetings.get(meeting.id))!.status]).toEqual(['success', 'cancelled']);
  });

  it.each(LANGUAGES)('%s: forget me is done by the words the sentence gives (`oubliez moi confirmer`), and by no other confirm word', async (language) => {
    const user = `words-forget-${language}`;
    const memberId = await localMember(t, user);
    await t.say(user, { text: `language ${language}` });
    const t9 = translator(language);
    const words = commandWords(language);
    const asked = (await t.say(user, { text: String(words.cmd_forget_me) }))[0]!;
    expect(asked.text).toBe(t9('forget_me.confirm'));
    expect(asked.text).toContain(String(words.cmd_forget_me_confirm));
    // Another of the language's confirm words (not a spelling of the first: تاكيد is تأكيد) asks again, and nothing is deleted.
    const [first, ...others] = t9('words.confirm').split('|');
    const other = others.find((word) => normalize(word) !== normalize(first!))!;
    expect((await t.say(user, { text: `${String(words.cmd_forget_me)} ${other}` }))[0]!.text).toBe(t9('forget_me.confirm'));
    expect(await t.app.database.repositories.members.get(memberId)).not.toBeNull();
    const done = (await t.say(user, { text: String(words.cmd_forget_me_confirm) }))[0]!;
    expect(done.text).toBe(t9('forget_me.done'));
    expect(await t.app.database.repositories.members.get(memberId)).toBeNull();
  });

  it.each(LANGUAGES)('%s: a link code shown by the language\'s word is taken by it in the other chat: both chats are one member', async (language) => {
    const { prisma } = t.app.database;
    const first = `words-link-a-${language}`;
    const second = `words-link-b-${language}`;
    for (const user of [first, second]) await t.say(user, { text: `language ${language}` });
    const link = String(commandWords(language).cmd_link);
    // (Isolates aside: in Arabic the code keeps its own direction.)
    const shown = (await t.say(first, { text: link }))[0]!.text.replace(/[\u2068\u2069]/g, '');
    // The code, and the sentence naming the member's word for link with it.
    const code = /\b[A-Z0-9]{8}\b/.exec(shown)![0];
    expect(shown).toContain(`${link} ${code}`);
    const done = await t.say(second, { text: `${link} ${code}` });
    expect([done[0]!.tone, done[0]!.text]).toEqual(['success', translator(language)('link.done')]);
    const owners = await prisma.identity.findMany({ where: { platform: 'local', externalId: { in: [first, second] } } });
    expect(new Set(owners.map((i) => i.memberId)).size).toBe(1);
  });

  it('a member who reads English, writing from a client in French, is understood in French too (a Teams menu in the client\'s language)', async () => {
    await t.say('en-reader', { text: 'language en' }, 'fr');
    const english = gist(await t.say('en-reader', { text: 'meetings' }, 'fr'));
    expect(gist(await t.say('en-reader', { text: 'réunions' }, 'fr'))).toBe(english);
    // Without the French client, "réunions" is no command for an English reader (of French words, only help's is).
    expect((await t.say('en-reader', { text: 'réunions' }, 'en'))[0]!.tone).toBe('error');
  });
});
