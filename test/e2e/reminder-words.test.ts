// `reminders` in the member's language, through the local chat and a real database: every example
// the help shows a French, Spanish or Arabic member, sent back, stores the same preference as the
// English word does; the usage names the options in their words; English works in every language;
// a wrong option or date is answered in the member's language.
import type { ReminderPreferences } from '../../src/core/meetings/reminder-policy';
import { translator } from '../../src/conversation/catalog/catalog';
import { normalize } from '../../src/core/text/similarity';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition, LANGUAGES } from '../support/languages';

const coalition = fourLanguageCoalition();
const OTHERS = ['fr', 'es', 'ar'] as const;
type Key = Parameters<ReturnType<typeof translator>>[0];

/** The examples of a help line ("Change them with: reminders 24h 1h · reminders off · …"), each as typed. */
function examples(help: string): string[] {
  return help
    .slice(help.indexOf(':') + 1)
    .split('·')
    .map((example) => example.replace(/[\u2066-\u2069]/g, '').trim());
}

describeEachDatabase('reminder settings in the member\'s language', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', {}, coalition);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function prefsOf(user: string): Promise<ReminderPreferences> {
    const identity = await t.app.database.prisma.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
    return t.app.database.repositories.members.reminderPreferences(identity.memberId);
  }

  /** What the text stores, from a known starting point (own offsets 2 h, paused, not off). */
  async function stored(user: string, text: string): Promise<{ tone?: string; prefs: ReminderPreferences }> {
    await t.say(user, { text: 'reminders 2h' });
    await t.say(user, { text: 'reminders pause until 2026-12-20' });
    const [reply] = await t.say(user, { text });
    return { tone: reply!.tone, prefs: await prefsOf(user) };
  }

  it.each(OTHERS)('%s: each example of the help stores what its English example stores', async (language) => {
    const user = `reminders-${language}`;
    await t.say(user, { text: `language ${language}` });
    const t9 = translator(language);
    const shown = (await t.say(user, { text: t9('words.command.reminders').split('|')[0]! }))[0]!;
    expect(shown.text).toContain(examples(t9('reminders.help', {}))[0]);
    const theirs = examples(shown.text.split('\n').at(-1)!);
    const english = examples(translator('en')('reminders.help', {}));
    expect(theirs).toHaveLength(english.length);
    // Their words, not the English ones: no example shares a word with its English one but the dates' figures.
    for (const [i, example] of theirs.entries()) {
      const own = normalize(example).split(' ').filter((w) => !/^\d+$/.test(w));
      expect([example, own.filter((w) => normalize(english[i]!).split(' ').includes(w))]).toEqual([example, []]);
    }
    for (const [i, example] of theirs.entries()) {
      const ours = await stored(user, example);
      await t.say(user, { text: 'language en' });
      const englishResult = await stored(user, english[i]!);
      await t.say(user, { text: `language ${language}` });
      // The dates differ (6 January, 2027-01-06 are the same day here): both are a pause to that day.
      expect([example, ours]).toEqual([example, englishResult]);
      expect(ours.tone).not.toBe('error');
    }
    // The English words still work for them.
    expect((await stored(user, 'reminders off')).prefs.off).toBe(true);
    expect((await stored(user, 'reminders default')).prefs).toEqual({ offsets: null, off: false, pausedUntil: null });
  });

  it('each option in fr, es and ar changes the preference as the English one does, lead times and dates in their words', async () => {
    const user = 'reminders-options';
    const cases: { language: string; says: string; english: string }[] = [
      { language: 'fr', says: 'rappels désactiver', english: 'reminders off' },
      { language: 'fr', says: 'rappels activer', english: 'reminders on' },
      { language: 'fr', says: 'rappels par défaut', english: 'reminders default' },
      { language: 'fr', says: "rappels pause jusqu'au 6 janvier", english: 'reminders pause until 2027-01-06' },
      { language: 'fr', says: 'rappels 1 jour 2 h 30 min', english: 'reminders 1d 2h 30m' },
      { language: 'fr', says: 'rappels 1h30 et 2 j', english: 'reminders 90m 2d' },
      { language: 'es', says: 'recordatorios desactivar', english: 'reminders off' },
      { language: 'es', says: 'recordatorios activar', english: 'reminders on' },
      { language: 'es', says: 'recordatorios por defecto', english: 'reminders default' },
      { language: 'es', says: 'recordatorios pausa hasta el 6 de enero', english: 'reminders pause until 2027-01-06' },
      { language: 'es', says: 'recordatorios 2 días, 1 hora', english: 'reminders 2d 1h' },
      { language: 'ar', says: 'تذكيرات تعطيل', english: 'reminders off' },
      { language: 'ar', says: 'تذكيرات تفعيل', english: 'reminders on' },
      { language: 'ar', says: 'تذكيرات الافتراضي', english: 'reminders default' },
      { language: 'ar', says: 'تذكيرات تعليق حتى ٦ يناير', english: 'reminders pause until 2027-01-06' },
      { language: 'ar', says: 'تذكيرات تعليق حتى ٦ كانون الثاني', english: 'reminders pause until 2027-01-06' },
      { language: 'ar', says: 'تذكيرات ٢٤ ساعة و٣٠ دقيقة', english: 'reminders 24h 30m' },
      { language: 'ar', says: 'تذكيرات يوم ٢ ساعات', english: 'reminders 1d 2h' },
    ];
    const differ: string[] = [];
    for (const { language, says, english } of cases) {
      await t.say(user, { text: 'language en' });
      const ours = await stored(user, english);
      await t.say(user, { text: `language ${language}` });
      const theirs = await stored(user, says);
      if (JSON.stringify(theirs) !== JSON.stringify(ours)) differ.push(`${says}: ${JSON.stringify(theirs)} ≠ ${english}: ${JSON.stringify(ours)}`);
    }
    expect(differ).toEqual([]);
  });

  it.each(LANGUAGES)('%s: a wrong option, a past or unreadable date, a missing date get a specific answer in the member\'s language', async (language) => {
    const user = `reminders-wrong-${language}`;
    await t.say(user, { text: `language ${language}` });
    const t9 = translator(language);
    const cmd = t9('words.command.reminders').split('|')[0]!;
    const pause = `${t9('words.reminders.pause').split('|')[0]!} ${t9('words.reminders.until').split('|')[0]!}`;
    const before = await prefsOf(user);
    for (const [typed, id, input] of [
      [`${cmd} bientôt`, 'reminders.bad_offset', 'bientôt'],
      [`${cmd} 15 ${t9('words.reminders.days').split('|').at(-1)!}`, 'reminders.bad_offset', `15 ${t9('words.reminders.days').split('|').at(-1)!}`],
      [`${cmd} ${pause} 2020-01-01`, 'reminders.bad_date', '2020-01-01'],
      [`${cmd} ${pause} whenever`, 'reminders.bad_date', 'whenever'],
    ] as const) {
      const [reply] = await t.say(user, { text: typed });
      expect([typed, reply!.tone, reply!.text]).toEqual([typed, 'error', t9(id as Key, { input })]);
    }
    const [reply] = await t.say(user, { text: `${cmd} ${t9('words.reminders.pause').split('|')[0]!}` });
    expect(reply!.text).toBe(t9('reminders.no_date', {}));
    expect(await prefsOf(user)).toEqual(before);
  });

  it.each(OTHERS)('%s: `help all` shows the usage with the options in the member\'s words', async (language) => {
    const user = `reminders-help-${language}`;
    await t.say(user, { text: `language ${language}` });
    const t9 = translator(language);
    const help = (await t.say(user, { text: 'help all' }))[0]!;
    const line = help.fields!.map((f) => f.label.replace(/[\u2066-\u2069]/g, '')).find((label) => label.startsWith(t9('words.command.reminders').split('|')[0]!))!;
    const first = (list: string) => t9(`words.reminders.${list}` as Key).split('|')[0]!;
    expect(line).toBe(`${t9('words.command.reminders').split('|')[0]!} [${t9('reminders.usage_times')} | ${first('off')} | ${first('on')} | ${first('pause')} ${first('until')} <${t9('words.arg.date')}> | ${first('default')}]`);
    expect(line).not.toMatch(/\b(off|on|pause|until|default)\b/);
  });
});

describe('reminder words never say a flow word or another option of the same language', () => {
  it.each(LANGUAGES)('%s', (language) => {
    const t9 = translator(language);
    const list = (key: string) => t9(key as Key).split('|').map((w) => normalize(w)).filter(Boolean);
    const flow = new Set(['words.cancel', 'words.back', 'words.skip', 'words.confirm', 'words.yes', 'words.no'].flatMap(list));
    const options = ['off', 'on', 'pause', 'default'].map((o) => [o, list(`words.reminders.${o}`)] as const);
    expect(options.flatMap(([, words]) => words.filter((w) => flow.has(w)))).toEqual([]);
    // The English words, read in every language, are no flow word of this one either.
    const english = ['off', 'on', 'pause', 'default'].flatMap((o) => translator('en')(`words.reminders.${o}` as Key).split('|').map((w) => normalize(w)));
    expect(english.filter((w) => flow.has(w))).toEqual([]);
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [option, words] of options) {
      for (const w of words) {
        if (seen.has(w) && seen.get(w) !== option) clashes.push(`${w}: ${seen.get(w)}, ${option}`);
        seen.set(w, option);
      }
    }
    expect(clashes).toEqual([]);
  });
});
