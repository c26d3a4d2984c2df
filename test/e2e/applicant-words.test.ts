// What an applicant reads when no secretariat chat can be reached: that the application is
// saved and will be seen, never how the bot failed to deliver it.
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const texts = (replies: OutgoingMessage[]) => replies.map((r) => r.text).join('\n');
const EVIDENCE = 'We have connected 120 rural schools in three provinces since 2021 and train teachers.';

describeEachDatabase('an application nobody could be told about yet', (getUrl) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  it('is saved, the applicant is told the secretariat will see it, and it waits among the applications', async () => {
    // No secretariat member and no secretariat channel: nobody can be messaged.
    await t.app.database.prisma.roleAssignment.deleteMany({ where: { role: 'secretariat' } });
    for (const [text, kind] of [['profile', 'text'], ['Ann Academic', 'text'], ['University of Nairobi', 'text'], ['academia', 'action'], ['KEN', 'text'], ['Africa/Nairobi', 'text'], ['skip', 'text'], ['confirm', 'action']] as const) {
      await t.say('ann', kind === 'text' ? { text } : { action: text });
    }
    expect(texts(await t.say('ann', { text: 'join access' }))).toContain("What shows your organization's commitment");
    await t.say('ann', { text: EVIDENCE });
    await t.say('ann', { text: 'no' });
    await t.say('ann', { text: 'no' });
    await t.say('ann', { text: 'yes' });
    const [done] = await t.say('ann', { action: 'confirm' });
    expect(done).toMatchObject({ tone: 'success' });
    const [saved, next] = done.text.split('\n');
    expect(saved).toBe('Thank you: your application to Access Working Group is saved, and the secretariat will see it among the applications waiting for a decision. I will tell you here when it is decided.');
    expect(next).toMatch(/^Next: my groups/);
    expect(done.text).not.toMatch(/reach|chat/i);
    expect(await t.app.database.prisma.application.count({ where: { status: 'pending' } })).toBe(1);
  });
});
