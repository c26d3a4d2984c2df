// The Slack adapter's own words (App Home headers and buttons, a modal's title, close button and
// loading text) in the reader's language: the Slack client's until the member chooses one, then
// the chosen one, whatever the coalition's default.
import { translator } from '../../src/conversation/catalog/catalog';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { describeEachDatabase } from '../support/databases';
import { allText, FakeSlack, type SlackCall } from '../support/fake-slack';
import type { TestApp } from '../support/in-process-app';
import { fourLanguageCoalition } from '../support/languages';
import type { SlackSender } from '../support/slack-requests';
import { startSlackTestApp } from '../support/slack-test-app';

const coalition = fourLanguageCoalition();

describeEachDatabase('Slack chrome in the reader\'s language', (getUrl) => {
  let slack: FakeSlack;
  let t: TestApp;
  let send: SlackSender;

  beforeAll(async () => {
    ({ t, slack, send } = await startSlackTestApp(getUrl(), {}, { coalition }));
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
});
