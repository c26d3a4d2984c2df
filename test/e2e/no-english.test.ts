// No English reaches a French, Spanish or Arabic member: each flow is run end to end through
// the local chat in each language (a browser in that language, then `language` chosen), and
// no reply, proactive message or copy for the secretariat may contain a sentence of the
// English catalog (or an English text of the coalition file, where the file has the language).
import type { IntlMessageFormat } from 'intl-messageformat';
import { coalitionIn } from '../../src/core/coalition/coalition';
import type { OutgoingMessage } from '../../src/core/messages';
import { compileMessage, englishTemplate, messageIds, ownMessages } from '../../src/conversation/catalog/catalog';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The literal pieces of a message (between its placeholders, inside its plural branches). */
function literals(elements: Element[]): string[] {
  return elements.flatMap((element) => {
    if (element.type === 0) return [element.value];
    if (element.type === 5 || element.type === 6) return Object.values(element.options).flatMap((option) => literals(option.value));
    if (element.type === 8) return literals(element.children);
    return [];
  });
}

/** Sentences long enough to be recognised, not shared with the language's own catalog. */
function englishFragments(language: string): { fragment: string; id: string }[] {
  const own = Object.values(ownMessages(language)).join('\n');
  return messageIds()
    .filter((id) => !id.startsWith('words.'))
    .flatMap((id) => literals(compileMessage(englishTemplate(id)).getAst()).map((piece) => ({ fragment: piece.trim(), id })))
    .filter(({ fragment }) => fragment.length >= 12 && /\p{L}{3,}\s+\p{L}{3,}/u.test(fragment) && !own.includes(fragment));
}

/** Every text a member reads in a message. */
function textsOf(message: OutgoingMessage): string[] {
  return [
    message.title,
    message.text,
    ...(message.fields ?? []).flatMap((f) => [f.label, f.value]),
    ...(message.choices?.options ?? []).map((o) => o.label),
  ].filter((text): text is string => typeof text === 'string' && text !== '');
}

const SAMPLES: Record<string, { name: string; organization: string; evidence: string; title: string; description: string }> = {
  fr: {
    name: 'Awa Diop',
    organization: 'Ministère de la Communication',
    evidence: 'Depuis 2021, nous avons connecté 120 écoles rurales dans trois régions et formé leurs enseignants.',
    title: 'Écoles connectées au Sahel',
    description: 'Connecter 500 écoles rurales au haut débit avec des sites solaires.',
  },
  es: {
    name: 'Juan Quispe',
    organization: 'Ministerio de Obras Públicas',
    evidence: 'Desde 2021 conectamos 120 escuelas rurales en tres departamentos y formamos a sus docentes.',
    title: 'Escuelas conectadas en los Andes',
    description: 'Conectar 500 escuelas rurales a la banda ancha con sitios solares.',
  },
  ar: {
    name: 'سارة العمري',
    organization: 'وزارة الاتصالات وتقنية المعلومات',
    evidence: 'منذ عام 2021 وصلنا 120 مدرسة ريفية بالإنترنت في ثلاث محافظات ودربنا معلميها على استخدامه.',
    title: 'مدارس متصلة في اليمن',
    description: 'ربط 500 مدرسة ريفية بالنطاق العريض عبر مواقع تعمل بالطاقة الشمسية.',
  },
};

describeEachDatabase('no English for a French, Spanish or Arabic member', (getUrl) => {
  const coalition = fourLanguageCoalition();
  const shipped = loadCoalitionFile(defaultCoalitionFile);
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(getUrl(), '2026-12-07T09:00:00Z', {}, coalition);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each(['fr', 'es', 'ar'])('every flow in %s', async (language) => {
    const sample = SAMPLES[language]!;
    const user = `member-${language}`;
    const browser = `${language},en;q=0.5`;
    const read: { step: string; message: OutgoingMessage }[] = [];
    const run = async (step: string, who: string, body: { text?: string; action?: string | string[] }) => {
      const replies = await t.say(who, body, browser);
      read.push(...replies.map((message) => ({ step, message })));
      return replies;
    };
    const say = (text: string) => run(text, user, { text });
    const press = (action: string | string[]) => run(String(action), user, { action });
    const countries = loadCountryRegistry().inLanguage(language);

    await say('hello');
    await say('help');
    await say('me');
    await say(`language ${language}`);
    await say('language');
    await say('xyzzy');
    // Profile, with one wrong answer on the way.
    await say('profile');
    await say(sample.name);
    await say(sample.organization);
    await press('member_state');
    await say('Atlantis');
    await say(countries.get(language === 'es' ? 'BOL' : language === 'fr' ? 'SEN' : 'YEM')!.name);
    await say('Africa/Dakar');
    await say('not an email');
    await press('skip');
    await press('confirm');
    await say('me');
    await say('groups');
    // An application; the secretariat reads it in the same language here.
    await say('join');
    await press(['access']);
    await say('trop court');
    await say(sample.evidence);
    await press('no');
    await press('no');
    await press('yes');
    await press('confirm');
    await say('my groups');
    const secretariat = async (text: string, action?: string) => {
      const replies = await t.say('demo-secretariat', action ? { action } : { text }, browser);
      read.push(...replies.map((message) => ({ step: `secretariat: ${action ?? text}`, message })));
      return replies;
    };
    await secretariat(`language ${language}`);
    const list = await secretariat('applications');
    const approve = list.flatMap((m) => m.choices?.options ?? []).find((o) => o.value.startsWith('approve '));
    if (approve) await secretariat('', approve.value);
    // A pledge, end to end.
    await say('pledge');
    await press('access');
    await say(sample.title);
    await say(sample.description);
    await press('financial');
    await say('2500000');
    await say(['NER', 'MLI', 'FJI'].map((code) => countries.get(code)!.name).join(', '));
    await press(['women_and_girls', 'schools_and_students']);
    await press(['4', '9']);
    await say('2027');
    await say('2029');
    await press('confirm');
    await say('pledges');
    await say('meetings');
    await say('pledge totals');
    for (const message of await t.inbox(user)) read.push({ step: 'inbox', message });
    for (const message of await t.inbox('demo-secretariat')) read.push({ step: 'secretariat inbox', message });
    await t.say('demo-secretariat', { text: 'language en' });

    // Sanity: the run went through the flows (the member is in the group, the pledge saved).
    const member = (await t.app.database.repositories.members.findByIdentity('local', user))!.member;
    expect(member).toMatchObject({ locale: language, localeChosen: true, name: sample.name });
    expect(member.profileCompletedAt).not.toBeNull();
    const repositories = t.app.database.repositories;
    expect((await repositories.memberships.ofMember(member.id)).map((m) => m.groupKey)).toEqual(['access']);
    expect((await repositories.pledges.ofMember(member.id)).map((p) => p.title)).toEqual([sample.title]);
    expect(read.length).toBeGreaterThan(40);

    const fragments = englishFragments(language);
    const englishCoalitionTexts = shipped.languages.includes(language) ? coalitionTexts(shipped, 'en').filter((text) => !coalitionTexts(shipped, language).includes(text)) : [];
    const english = read.flatMap(({ step, message }) =>
      textsOf(message).flatMap((text) => [
        ...fragments.filter(({ fragment }) => text.includes(fragment)).map(({ fragment, id }) => `[${step}] ${id}: "${fragment}"`),
        ...englishCoalitionTexts.filter((original) => text.includes(original)).map((original) => `[${step}] coalition file: "${original}"`),
      ]),
    );
    expect({ count: english.length, first: [...new Set(english)].slice(0, 40) }).toEqual({ count: 0, first: [] });
  });
});

/** The coalition file's texts in one language (names, purposes, questions). */
function coalitionTexts(coalition: ReturnType<typeof loadCoalitionFile>, language: string): string[] {
  const c = coalitionIn(coalition, language);
  return [
    ...c.focusAreas.flatMap((a) => [a.name, a.purpose, a.workingGroup.name]),
    ...c.stakeholderCategories.map((s) => s.name),
    ...c.joiningCriteria.map((j) => j.question),
    ...c.pledgeTypes.map((p) => p.name),
    ...c.beneficiaryGroups.map((b) => b.name),
  ].filter((text) => text.length >= 8);
}
