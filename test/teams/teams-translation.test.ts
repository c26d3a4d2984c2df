// The Teams adapter's pure parts: addresses, card rendering and escaping, activity parsing,
// and the unauthenticated-mode fence.
import { decodeTeamsAddress, encodeTeamsAddress } from '../../adapters/teams/address';
import { cardInputOf, externalIdOf, parseCardData, stripBotMention, toIncoming } from '../../adapters/teams/inbound';
import { isLoopbackUrl, unauthenticatedRefusal } from '../../adapters/teams/receiver';
import { card, escapeCardText, formElements, renderCard, renderCombined } from '../../adapters/teams/render';
import { adaptiveCardErrors } from '../support/platform-schemas';
import { isBotError } from '../../src/core/errors';
import { translator } from '../../src/conversation/catalog/catalog';
import { rejectionOf } from '../support/rejection';
import { activities, BOT_ID, teamsUser, TENANT } from '../support/teams-activities';

const t = translator('en');

describe('Teams addresses', () => {
  it('round-trips a conversation and a user-only address, and refuses foreign or broken ones', async () => {
    const conversation = { conversationId: 'a:1xyz', serviceUrl: 'https://smba.trafficmanager.net/emea/', tenantId: TENANT, botId: BOT_ID, conversationType: 'personal' as const, externalId: `${TENANT}:aad` };
    const encoded = encodeTeamsAddress(conversation);
    expect(encoded).toMatch(/^teams:[A-Za-z0-9_-]+$/);
    expect(decodeTeamsAddress(encoded)).toEqual(conversation);
    const userOnly = { serviceUrl: 'https://smba.trafficmanager.net/amer/', tenantId: TENANT, userId: '29:abc' };
    expect(decodeTeamsAddress(encodeTeamsAddress(userOnly))).toEqual(userOnly);
    for (const bad of ['slack:T1:D1', 'teams:!!!', `teams:${Buffer.from('{"serviceUrl":"https://x.example/"}').toString('base64url')}`, `teams:${Buffer.from('[]').toString('base64url')}`]) {
      const error = await rejectionOf(Promise.resolve().then(() => decodeTeamsAddress(bad)));
      expect(isBotError(error, 'INPUT.INVALID')).toBe(true);
    }
  });
});

describe('Adaptive Card rendering', () => {
  it('renders title, text, facts and buttons with their values', () => {
    const c = renderCard(
      { title: 'Your profile', text: 'Line one\nLine two', tone: 'success', fields: [{ label: 'Name', value: 'Ada' }], choices: { options: [{ label: 'Confirm', value: 'confirm', style: 'primary' }, { label: 'Cancel', value: 'cancel', style: 'danger' }] } },
      t,
    );
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(c.body).toEqual([
      { type: 'TextBlock', text: 'Your profile', wrap: true, weight: 'Bolder', size: 'Medium' },
      { type: 'TextBlock', text: 'Line one', wrap: true, color: 'Good' },
      { type: 'TextBlock', text: 'Line two', wrap: true, color: 'Good', spacing: 'Small' },
      { type: 'FactSet', facts: [{ title: 'Name', value: 'Ada' }] },
    ]);
    expect(c.actions).toEqual([
      { type: 'Action.Submit', title: 'Confirm', data: { action: 'confirm' }, style: 'positive' },
      { type: 'Action.Submit', title: 'Cancel', data: { action: 'cancel' }, style: 'destructive' },
    ]);
  });

  it('turns many or multiple choices into one choice set with a submit button', () => {
    const options = Array.from({ length: 9 }, (_, i) => ({ label: `Option ${i}`, value: `o${i}` }));
    const many = renderCard({ text: 'Pick', choices: { options } }, t);
    expect(many.body[1]).toMatchObject({ type: 'Input.ChoiceSet', id: 'choice', isMultiSelect: false, style: 'compact' });
    expect(many.actions).toEqual([{ type: 'Action.Submit', title: 'Choose', data: { chosen: 'one' } }]);
    const multiple = renderCard({ text: 'Pick some', choices: { options: options.slice(0, 3), multiple: true } }, t);
    expect(multiple.body[1]).toMatchObject({ isMultiSelect: true });
    expect(parseCardData({ chosen: 'many', choice: 'o1,o2' })).toEqual({ kind: 'action', action: ['o1', 'o2'] });
    expect(parseCardData({ chosen: 'one', choice: 'o1' })).toEqual({ kind: 'action', action: 'o1' });
    expect(parseCardData({ chosen: 'one' })).toEqual({ kind: 'invalid', reason: 'nothing was chosen' });
  });

  it('renders a form as inputs whose ids are the field ids, submitted with the form id', () => {
    const c = renderCard(
      {
        text: 'Form',
        form: {
          id: 'pledge',
          title: 'A pledge',
          submitLabel: 'Save',
          fields: [
            { id: 'title', label: 'Title', kind: 'text', required: true },
            { id: 'notes', label: 'Notes', kind: 'textarea', required: false, initial: 'x' },
            { id: 'amount', label: 'Amount', kind: 'number', required: true },
            { id: 'type', label: 'Type', kind: 'choice', required: true, choices: [{ label: 'Money', value: 'money' }] },
            { id: 'areas', label: 'Areas', kind: 'multi-choice', required: false, choices: [{ label: 'A', value: 'a' }] },
            { id: 'by', label: 'By', kind: 'date', required: false },
            { id: 'public', label: 'Public', kind: 'yes-no', required: true },
            { id: 'countries', label: 'Countries', kind: 'countries', required: false },
          ],
        },
      },
      t,
    );
    const inputs = c.body.filter((e) => String(e.type).startsWith('Input.'));
    expect(inputs.map((e) => [e.type, e.id, e.isRequired])).toEqual([
      ['Input.Text', 'title', true],
      ['Input.Text', 'notes', false],
      ['Input.Number', 'amount', true],
      ['Input.ChoiceSet', 'type', true],
      ['Input.ChoiceSet', 'areas', false],
      ['Input.Date', 'by', false],
      ['Input.ChoiceSet', 'public', true],
      ['Input.Text', 'countries', false],
    ]);
    expect(inputs[1]).toMatchObject({ isMultiline: true, value: 'x' });
    expect(inputs[4]).toMatchObject({ isMultiSelect: true });
    expect(inputs[6]).toMatchObject({ choices: [{ title: 'Yes', value: 'yes' }, { title: 'No', value: 'no' }] });
    expect(c.actions).toEqual([{ type: 'Action.Submit', title: 'Save', style: 'positive', data: { form: 'pledge' } }]);
    expect(parseCardData({ form: 'pledge', title: 'T', amount: 5, public: 'yes', msteams: { x: 1 } })).toEqual({ kind: 'form', id: 'pledge', values: { title: 'T', amount: '5', public: 'yes' } });
    expect(parseCardData({ form: 'pledge', title: { nested: true } })).toEqual({ kind: 'invalid', reason: 'form field title is not text' });
  });

  it('a number input shown again holds a number, or nothing when the refused answer was not one (the schema wants a number)', () => {
    const form = { id: 'f', title: 'F', submitLabel: 'Save', fields: [{ id: 'n', label: 'N', kind: 'number' as const, required: false }] };
    const shown = (value: string) => formElements(form, t, { values: { n: value }, errors: { n: 'Not a number' } });
    expect(shown('12.5').body[1]).toMatchObject({ type: 'Input.Number', value: 12.5 });
    expect(shown('-2m').body[1]).not.toHaveProperty('value');
    for (const value of ['12.5', '-2m', '']) expect(adaptiveCardErrors(card(shown(value).body, shown(value).actions))).toEqual([]);
  });

  it('neutralises links and tags in member text but leaves ordinary text as typed', () => {
    expect(escapeCardText('Ada (Analytical Engines) *Ltd* 100%')).toBe('Ada (Analytical Engines) *Ltd* 100%');
    const link = escapeCardText('[Reset password](https://evil.example)');
    expect(link).not.toMatch(/\]\s*\(/);
    const mention = escapeCardText('<at>Everyone</at> <https://evil.example>');
    expect(mention).not.toContain('<');
    const c = renderCard({ title: '<at>x</at>', text: '[a](b)', fields: [{ label: '[l](u)', value: '<at>v</at>' }], choices: { options: [] } }, t);
    expect(JSON.stringify(c)).not.toMatch(/<at>|\]\(/);
  });

  it('combines several messages into one card keeping the last question\'s buttons', () => {
    const [c, ...more] = renderCombined([{ text: 'Wrong', tone: 'error' }, { text: 'Again?', choices: { options: [{ label: 'Yes', value: 'yes' }] } }], t);
    expect(more).toEqual([]);
    expect(c.body.map((e) => e.text)).toEqual(['Wrong', 'Again?']);
    expect(c.body[1]).toMatchObject({ separator: true });
    expect(c.actions).toEqual([{ type: 'Action.Submit', title: 'Yes', data: { action: 'yes' } }]);
  });
});

describe('Teams activities', () => {
  const user = teamsUser('Ada');
  it('strips only the bot\'s own mention and keys the member by tenant and AAD object id', () => {
    const a = activities.channelMention(user, 'http://127.0.0.1:1/', 'profile');
    expect(stripBotMention(a)).toBe('profile');
    a.text = '<at>P2C Bot</at> tell <at>Grace</at>';
    a.entities.push({ type: 'mention', text: '<at>Grace</at>', mentioned: { id: '29:grace' } });
    expect(stripBotMention(a)).toBe('tell <at>Grace</at>');
    expect(externalIdOf(a)).toBe(`${TENANT}:${user.aadObjectId}`);
    delete a.from.aadObjectId;
    expect(externalIdOf(a)).toBe(`${TENANT}:${user.id}`);
  });

  it('reads Action.Submit values and Action.Execute data, refusing other invokes', () => {
    expect(cardInputOf(activities.cardSubmit(user, 'http://127.0.0.1:1/', { action: 'academia' }))).toEqual({ kind: 'action', action: 'academia' });
    expect(cardInputOf(activities.actionExecute(user, 'http://127.0.0.1:1/', { form: 'profile', name: 'Ada' }))).toEqual({ kind: 'form', id: 'profile', values: { name: 'Ada' } });
    expect(cardInputOf(activities.actionExecute(user, 'http://127.0.0.1:1/', {}, 'help'))).toEqual({ kind: 'action', action: 'help' });
    const notExecute = activities.actionExecute(user, 'http://127.0.0.1:1/', {});
    notExecute.value.action.type = 'Action.Submit';
    expect(cardInputOf(notExecute)).toMatchObject({ kind: 'invalid' });
    expect(cardInputOf(activities.personalMessage(user, 'http://127.0.0.1:1/', 'help'))).toBeUndefined();
    const incoming = toIncoming(activities.personalMessage(user, 'http://127.0.0.1:1/', 'help'), undefined, { conversationId: user.chat, directAddress: 'teams:x', email: 'ada@example.org', emailVerified: true });
    expect(incoming).toEqual({
      platform: 'teams',
      user: { externalId: `${TENANT}:${user.aadObjectId}`, displayName: 'Ada', email: 'ada@example.org', emailVerified: true },
      conversation: `teams:${user.chat}`,
      directAddress: 'teams:x',
      locale: 'en-US',
      text: 'help',
    });
  });
});

describe('unauthenticated mode fence', () => {
  it('accepts loopback callers naming a loopback serviceUrl, and nothing else', () => {
    expect(unauthenticatedRefusal('127.0.0.1', 'http://127.0.0.1:3978/')).toBeUndefined();
    expect(unauthenticatedRefusal('::1', 'http://localhost:9000')).toBeUndefined();
    expect(unauthenticatedRefusal('::ffff:127.0.0.1', 'http://[::1]:9000/')).toBeUndefined();
    expect(unauthenticatedRefusal('10.0.0.5', 'http://127.0.0.1:3978/')).toContain('only callers on this machine');
    expect(unauthenticatedRefusal('192.168.1.2', 'http://127.0.0.1:3978/')).toContain('only callers on this machine');
    expect(unauthenticatedRefusal(undefined, 'http://127.0.0.1:3978/')).toContain('only callers on this machine');
    expect(unauthenticatedRefusal('127.0.0.1', 'https://smba.trafficmanager.net/emea/')).toContain('only a loopback serviceUrl');
    for (const url of ['http://127.0.0.1.evil.example/', 'http://localhost.evil.example/', 'file:///etc/passwd', 'ftp://127.0.0.1/', 42, undefined, 'not a url']) {
      expect(isLoopbackUrl(url)).toBe(false);
    }
  });
});
