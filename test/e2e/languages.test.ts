// Choosing the language, through the local chat as a browser speaks to it: the browser's
// Accept-Language until the member chooses (`language`, the welcome's buttons, the profile),
// and what others are sent (the secretariat's copy of an application, the applicant's
// decision) written in each recipient's language.
import { coalitionIn } from '../../src/core/coalition/coalition';
import type { OutgoingMessage } from '../../src/core/messages';
import { translator } from '../../src/conversation/catalog/catalog';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');
const coalition = fourLanguageCoalition();
const EVIDENCE = 'Depuis 2021, nous avons connecté 120 écoles rurales dans trois provinces et formé leurs enseignants.';

describeEachDatabase('languages', (getUrl) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', {}, coalition);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const member = async (user: string) => (await t.app.database.repositories.members.findByIdentity('local', user))!.member;
  const say = (user: string, text: string, language?: string) => t.say(user, { text }, language);
  const press = (user: string, action: string, language?: string) => t.say(user, { action }, language);

  it("follows the browser's language until the member chooses one, then keeps the choice", async () => {
    let r = await say('amina', 'hello', 'fr-FR,fr;q=0.9,en;q=0.5');
    expect((await member('amina')).locale).toBe('fr');
    const fr = translator('fr');
    const frCoalition = coalitionIn(coalition, 'fr');
    expect(r[0]!.text).toBe(`${fr('greeting.hello', { bot: coalition.botName, coalition: frCoalition.name })} ${fr('greeting.next_profile')}`);
    // The first welcome offers every language, each named in itself.
    expect(r[1]!.text).toBe(fr('language.offer'));
    expect(r[1]!.choices!.options).toEqual([
      { label: 'English', value: 'language en' },
      { label: 'Français', value: 'language fr' },
      { label: 'Español', value: 'language es' },
      { label: 'العربية', value: 'language ar' },
    ]);

    // A language the bot does not speak changes nothing; another one it speaks is followed.
    await say('amina', 'help', 'de-DE');
    expect((await member('amina')).locale).toBe('fr');
    await say('amina', 'help', 'es-BO,es;q=0.9');
    expect((await member('amina')).locale).toBe('es');

    // The welcome's button: chosen, answered in the chosen language, kept over the browser's.
    r = await press('amina', 'language ar', 'es-BO');
    expect(await member('amina')).toMatchObject({ locale: 'ar', localeChosen: true });
    expect(r).toEqual([
      expect.objectContaining({ text: translator('ar')('language.changed', { language: 'العربية', coalition: coalitionIn(coalition, 'ar').name }), tone: 'success' }),
    ]);
    await say('amina', 'help', 'fr-FR');
    expect((await member('amina')).locale).toBe('ar');
    r = await say('amina', 'hello', 'fr-FR');
    expect(r).toHaveLength(1); // chosen: no more language buttons
  });

  it('`language` shows the choice, takes a code or a name in any of the languages, and refuses others', async () => {
    let r = await say('bruno', 'language');
    expect(r[0]!.text).toBe(translator('en')('language.current', { language: 'English', list: 'English (en), Français (fr), Español (es), العربية (ar)' }));
    expect(r[0]!.choices!.options.map((o) => o.value)).toEqual(['language en', 'language fr', 'language es', 'language ar']);

    r = await say('bruno', 'language klingon');
    expect(r[0]).toMatchObject({ tone: 'error', text: translator('en')('language.unknown', { input: 'klingon', list: 'English (en), Français (fr), Español (es), العربية (ar)' }) });
    expect((await member('bruno')).localeChosen).toBe(false);

    await say('bruno', 'language Spanish');
    expect((await member('bruno')).locale).toBe('es');
    await say('bruno', 'idioma francés');
    expect((await member('bruno')).locale).toBe('fr');
    await say('bruno', 'langue ES');
    expect((await member('bruno')).locale).toBe('es');
    await say('bruno', 'language العربية');
    expect((await member('bruno')).locale).toBe('ar');
    expect((await member('bruno')).localeChosen).toBe(true);
  });

  it("each language's word for help is understood by anyone, and offers to write in that language", async () => {
    // An English reader types Spanish help: the help in English, then one line in Spanish with its button.
    let r = await say('carmen', 'ayuda', 'en-GB');
    expect(r[0]).toEqual({ text: translator('es')('help.other_language'), choices: { options: [{ label: 'Español', value: 'language es' }] } });
    expect(r.at(-1)!.title).toBe(translator('en')('help.title'));
    expect((await member('carmen')).locale).toBe('en');
    await press('carmen', 'language es', 'en-GB');
    expect(await member('carmen')).toMatchObject({ locale: 'es', localeChosen: true });
    // In Spanish now: its own word brings help in Spanish and no offer; French and Arabic help words offer theirs.
    r = await say('carmen', 'ayuda');
    expect(r.map((m) => m.title)).toEqual([translator('es')('help.title')]);
    r = await say('carmen', 'AIDE');
    expect(r[0]).toEqual({ text: translator('fr')('help.other_language'), choices: { options: [{ label: 'Français', value: 'language fr' }] } });
    expect(r.map((m) => m.title)).toEqual([undefined, translator('es')('help.title')]);
    r = await say('carmen', 'مساعدة');
    // Arabic: the page sets that one message right to left.
    expect(r[0]).toEqual({ text: translator('ar')('help.other_language'), dir: 'rtl', choices: { options: [{ label: 'العربية', value: 'language ar' }] } });
    // English help never offers English: everyone may type it.
    r = await say('carmen', 'help');
    expect(r.map((m) => m.title)).toEqual([translator('es')('help.title')]);
  });

  it('the profile confirms a language the browser gave, and the secretariat and the applicant each read in their own', async () => {
    // The secretariat reads Arabic; the applicant chooses French in her profile.
    await press('demo-secretariat', 'language ar');
    await t.inbox('demo-secretariat');

    // An English browser: the profile does not ask (English is the default, `language` is there).
    await say('english', 'profile', 'en-US');
    for (const answer of ['Eve English', 'Open University']) await say('english', answer);
    await press('english', 'academia');
    await say('english', 'GBR');
    await say('english', 'Europe/London');
    expect((await press('english', 'skip'))[0]!.title).toBe(translator('en')('flow.summary'));
    await press('english', 'confirm');

    // A Spanish browser: asked, with the languages offered; she chooses French.
    await say('chantal', 'profile', 'es-SN');
    await say('chantal', 'Chantal Ndiaye');
    await say('chantal', 'Ministère du Numérique');
    await press('chantal', 'member_state');
    await say('chantal', 'SEN');
    await say('chantal', 'Africa/Dakar');
    let r = await press('chantal', 'skip');
    expect(texts(r)).toContain(translator('es')('profile.language.prompt'));
    expect(r.at(-1)!.choices!.options.map((o) => o.value)).toEqual(expect.arrayContaining(['en', 'fr', 'es', 'ar']));
    await press('chantal', 'fr');
    r = await press('chantal', 'confirm');
    expect(await member('chantal')).toMatchObject({ locale: 'fr', localeChosen: true });
    expect(texts(r).split('\n')[0]).toBe(translator('fr')('profile.saved', { name: 'Chantal Ndiaye' }));

    // Her application: the secretariat's copy is in Arabic, with the group's Arabic name.
    await say('chantal', 'join access');
    await say('chantal', EVIDENCE);
    await press('chantal', 'no');
    await press('chantal', 'no');
    await press('chantal', 'yes');
    await press('chantal', 'confirm');
    const ar = translator('ar');
    const arCoalition = coalitionIn(coalition, 'ar');
    const copies = await t.inbox('demo-secretariat');
    const copy = copies.find((m) => m.choices?.options.some((o) => o.value.startsWith('approve ')));
    expect(copy).toBeDefined();
    expect(copy!.title).toBe(ar('review.title', { name: 'Chantal Ndiaye', group: arCoalition.focusAreas[0]!.workingGroup.name }));
    expect(copy!.fields!.map((f) => f.label)).toContain(ar('profile.organization.label'));

    // Approved by the Arabic-reading secretariat: Chantal is told in French.
    const id = copy!.choices!.options[0]!.value.split(' ')[1]!;
    await press('demo-secretariat', `approve ${id}`);
    const told = await t.inbox('chantal');
    expect(told.map((m) => m.text.split('\n')[0])).toContain(translator('fr')('review.applicant_approved', { group: coalitionIn(coalition, 'fr').focusAreas[0]!.workingGroup.name }));
  });

  it.each([
    ['fr', 'francine', 'deux millions et demi', 'Mali et Niger, Trinité-et-Tobago', ['MLI', 'NER', 'TTO']],
    ['es', 'sofia', 'dos millones y medio', 'Chile e India y Trinidad y Tobago', ['CHL', 'IND', 'TTO']],
    ['ar', 'amal', 'مليون ونصف', 'مالي والنيجر وترينيداد وتوباغو', ['MLI', 'NER', 'TTO']],
  ])('a pledge in %s: the amount and the list of countries in the member\'s words', async (language, user, value, countries, iso3) => {
    await press(user, `language ${language}`);
    const db = t.app.database.prisma;
    const identity = await db.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
    await db.member.update({
      where: { id: identity.memberId },
      data: { name: user, organization: `${user} Networks`, category: 'private_sector', country: 'SEN', timeZone: 'Africa/Dakar', profileCompletedAt: new Date() },
    });
    const tr = translator(language);
    expect(texts(await say(user, 'pledge'))).toContain(tr('pledge.focus_area.prompt'));
    await press(user, 'access');
    await say(user, 'Des écoles en ligne au Sahel');
    await say(user, 'Connecter 500 écoles rurales au haut débit avec des sites solaires.');
    await press(user, 'financial');
    let r = await say(user, value);
    expect(r[0]!.tone).not.toBe('error');
    expect(texts(r)).toContain(tr('pledge.countries.prompt'));
    r = await say(user, countries);
    expect(r[0]!.tone).not.toBe('error');
    const named = loadCountryRegistry().inLanguage(language);
    for (const code of iso3) expect(texts(r)).toContain(named.get(code)!.name);
    await press(user, 'cancel');
  });

  it.each([
    ['fr', 'colette', [['aide', 'help'], ['rejoindre', 'join'], ['réunions', 'meetings'], ['mes groupes', 'my groups'], ['engagement', 'pledge']]],
    ['es', 'pablo', [['ayuda', 'help'], ['unirme', 'join'], ['reuniones', 'meetings'], ['compromiso', 'pledge']]],
    ['ar', 'samir', [['مساعدة', 'help'], ['انضمام', 'join'], ['اجتماعات', 'meetings'], ['تعهد', 'pledge']]],
  ])('commands typed in %s are the English ones', async (language, user, pairs) => {
    await press(user, `language ${language}`);
    for (const [typed, english] of pairs as [string, string][]) {
      const theirs = await say(user, typed);
      await say(user, 'cancel');
      const reference = await say(user, english);
      await say(user, 'cancel');
      expect(texts(theirs)).not.toContain(translator(language)('router.unknown', { word: typed.split(' ')[0]! }));
      expect(texts(theirs)).toBe(texts(reference));
    }
    // English still works, and a command word of another language is not a command here (but for help).
    expect((await say(user, 'help'))[0]!.tone).not.toBe('error');
    const foreign = language === 'fr' ? 'unirme' : 'rejoindre';
    expect(texts(await say(user, foreign))).toContain(translator(language)('router.unknown', { word: foreign }));
  });

  it("a command typed in the member's language interrupts a question as the English one does", async () => {
    await press('lucie', 'language fr');
    const question = await say('lucie', 'profile');
    const asked = texts(question.slice(-1));
    const answered = await say('lucie', 'aide');
    expect(answered.length).toBeGreaterThan(1);
    expect(texts(answered.slice(-1))).toBe(asked); // the help, then the same question again
    expect((await member('lucie')).name).not.toBe('aide');
    const stop = await say('lucie', 'rejoindre');
    expect(stop.at(-1)!.choices!.options.map((o) => o.value)).toEqual(['yes', 'no']); // "stop it and start join?"
    expect((await member('lucie')).name).not.toBe('rejoindre');
    await say('lucie', 'non');
    // A phrase that only holds a command word among symbols is an answer, not a command.
    const named = await say('lucie', '🌍 Engagement 🎉');
    expect(texts(named.slice(-1))).not.toBe(asked);
    expect(named.some((r) => r.choices?.options.some((o) => o.value === 'yes') && r.text.includes('?'))).toBe(false);
    await say('lucie', 'cancel');
  });

  it("sends the scheduled digest in the secretariat member's language", async () => {
    await press('demo-secretariat', 'language es');
    await t.inbox('demo-secretariat');
    t.clock.set('2026-12-14T09:00:00Z'); // the next Monday's slot
    expect(await t.app.runDigest()).toMatchObject({ status: 'sent', delivered: 1 });
    const [digest] = (await t.inbox('demo-secretariat')).filter((m) => m.fields?.length);
    const es = translator('es');
    expect(digest!.text).toBe(es('digest.intro', { coalition: coalitionIn(coalition, 'es').name }));
    expect(digest!.fields!.map((f) => f.label)).toContain(es('digest.applications'));
  });
});
