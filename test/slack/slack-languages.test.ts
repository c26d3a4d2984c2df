// The Slack adapter's own words (App Home headers and buttons, a modal's title, close button and
// loading text) in the reader's language: the Slack client's until the member chooses one, then
// the chosen one, whatever the coalition's default.
import { translator } from '../../src/conversation/catalog/catalog';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';
import { SlackSender } from '../support/slack-requests';
import { SLACK_TEST_SECRET, startSlackTestApp } from '../support/slack-test-app';

const coalition = fourLanguageCoalition();

describeEachDatabase('Slack chrome in the reader\'s language', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = getUrl();
    ({ t, slack, send } = await startSlackTestApp(databaseUrl, {}, { coalition }));
  });
  afterAll(async () => {
    await t?.stop();
    await slack?.stop();
  });

  const next = (mark: number, match: (c: SlackCall) => boolean, what: string) => slack.waitFor((c) => slack.calls.indexOf(c) >= mark && match(c), 15_000, what);
  const buttonLabels = (call: SlackCall) =>
    (call.args.view.blocks as { type: string; elements?: { text: { text: string } }[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.text.text));

  it('publishes the App Home and opens a modal in French for a French Slack user', async () => {
    const fr = translator('fr');
    slack.users.U0FRANCINE = { real_name: 'Francine Faye', locale: 'fr-FR' };
    let mark = slack.calls.length;
    await send.homeOpened('U0FRANCINE');
    const home = await next(mark, (c) => c.method === 'views.publish', 'views.publish');
    expect(home.args.view.blocks[0].text.text).toBe(fr('slack.home.title', { bot: coalitionIn(coalition, 'fr').botName }));
    expect(allText(home)).toContain(fr('slack.home.hello', { name: 'Francine Faye', coalition: coalitionIn(coalition, 'fr').name }).split(' ; ')[0]!);
    expect(buttonLabels(home)).toEqual(expect.arrayContaining([fr('slack.home.profile'), fr('slack.home.profile_form'), fr('slack.home.help')]));
    expect(buttonLabels(home)).not.toContain(translator('en')('slack.home.profile'));

    mark = slack.calls.length;
    await send.slash('U0FRANCINE', 'profile form');
    const opened = await next(mark, (c) => c.method === 'views.open', 'views.open');
    expect(opened.args.view.close.text).toBe(fr('slack.form_cancel'));
    expect(allText(opened)).toContain(fr('slack.form_loading'));
    const form = await next(mark, (c) => c.method === 'views.update', 'views.update');
    expect(form.args.view.close.text).toBe(fr('slack.form_cancel'));
    expect(form.args.view.title.text).toBe(coalitionIn(coalition, 'fr').botName.slice(0, 24));
  });

  it('follows the language the member chose over the Slack client\'s', async () => {
    const es = translator('es');
    slack.users.U0SOFIA = { real_name: 'Sofia Solis', locale: 'fr-FR' };
    let mark = slack.calls.length;
    await send.dm('U0SOFIA', 'language es');
    await next(mark, (c) => c.method === 'chat.postMessage', 'the language answer');
    mark = slack.calls.length;
    await send.homeOpened('U0SOFIA');
    const home = await next(mark, (c) => c.method === 'views.publish', 'views.publish');
    expect(buttonLabels(home)).toEqual(expect.arrayContaining([es('slack.home.profile'), es('slack.home.meetings')]));
    mark = slack.calls.length;
    await send.slash('U0SOFIA', 'profile form');
    expect((await next(mark, (c) => c.method === 'views.open', 'views.open')).args.view.close.text).toBe(es('slack.form_cancel'));
    expect((await next(mark, (c) => c.method === 'views.update', 'views.update')).args.view.close.text).toBe(es('slack.form_cancel'));
  });

  it('writes "X chose Y" in the language of the message the button was on, not the default nor the presser\'s', async () => {
    const es = translator('es');
    const en = translator('en');
    slack.users.U0PILAR = { real_name: 'Pilar Paz', locale: 'es-ES' };
    slack.users.U0EDDIE = { real_name: 'Eddie Eng', locale: 'en-US' };
    /** Help's reply (a button for every command) in the member's DM, as Slack would hand its blocks back. */
    const helpMessage = async (user: string) => {
      const mark = slack.calls.length;
      await send.dm(user, 'help');
      const posted = await next(mark, (c) => c.method === 'chat.postMessage' && c.args.channel === `D${user.slice(1)}` && c.args.blocks?.some((b: { type: string }) => b.type === 'actions'), 'help with its button');
      return posted.args.blocks as { type: string; block_id?: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    };
    const press = async (user: string, channel: string, blocks: Awaited<ReturnType<typeof helpMessage>>) => {
      const button = blocks.find((b) => b.type === 'actions')!.elements![0]!;
      const mark = slack.calls.length;
      await send.blockAction(user, { channel, ts: '1700000100.000001', blocks }, { type: 'button', action_id: button.action_id, value: button.value, text: button.text });
      const updated = await next(mark, (c) => c.method === 'chat.update', 'the message updated in place');
      return { label: button.text.text, line: (updated.args.blocks as { type: string; elements?: { text: string }[] }[]).find((b) => b.type === 'context')!.elements![0]!.text };
    };
    const spanish = await helpMessage('U0PILAR');
    const english = await helpMessage('U0EDDIE');
    // A Spanish message in a shared channel, its button pressed by an English reader: the line is in Spanish.
    let pressed = await press('U0EDDIE', 'C0SHARED', spanish);
    expect(pressed.line).toBe(es('slack.chose', { user: '<@U0EDDIE>', choice: pressed.label }));
    // An English message, pressed by a Spanish reader in the channel: English, as the message.
    pressed = await press('U0PILAR', 'C0SHARED', english);
    expect(pressed.line).toBe(en('slack.chose', { user: '<@U0PILAR>', choice: pressed.label }));
    // In her own DM, the Spanish reader's answer reads in Spanish too.
    pressed = await press('U0PILAR', 'D0PILAR', spanish);
    expect(pressed.line).toBe(es('slack.chose', { user: '<@U0PILAR>', choice: pressed.label }));
  });

  it('after a restart (a new bot on the same database), the App Home and a modal\'s loading view open in the language the member chose', async () => {
    const fr = translator('fr');
    slack.users.U0RENEE = { real_name: 'Renée Roy', locale: 'en-US' };
    let mark = slack.calls.length;
    await send.dm('U0RENEE', 'language fr');
    await next(mark, (c) => c.method === 'chat.postMessage', 'the language answer');
    // A new bot on the same database: nothing of the member is in its memory.
    await t.stop();
    t = await startTestApp(databaseUrl, '2026-11-29T10:05:00Z', { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SLACK_TEST_SECRET, SLACK_API_URL: slack.apiUrl }, coalition);
    send = new SlackSender(t.url, SLACK_TEST_SECRET, slack.url);

    mark = slack.calls.length;
    await send.slash('U0RENEE', 'profile form');
    // The loading view is written before the form is asked for: from the stored language, not Slack's English.
    const opened = await next(mark, (c) => c.method === 'views.open', 'views.open');
    expect(opened.args.view.close.text).toBe(fr('slack.form_cancel'));
    expect(allText(opened)).toContain(fr('slack.form_loading'));
    mark = slack.calls.length;
    await send.homeOpened('U0RENEE');
    const home = await next(mark, (c) => c.method === 'views.publish', 'views.publish');
    expect(home.args.view.blocks[0].text.text).toBe(fr('slack.home.title', { bot: coalitionIn(coalition, 'fr').botName }));
    expect(buttonLabels(home)).toEqual(expect.arrayContaining([fr('slack.home.profile'), fr('slack.home.help')]));
  });
});
