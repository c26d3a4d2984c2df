// The reminder tick against a real database with a fake clock: each reminder once,
// through crashes, concurrent schedulers and downtime.
import type { Meeting } from '../../src/core/meetings/meeting-ports';
import { ReminderService } from '../../src/core/meetings/reminder-service';
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const at = (iso: string) => new Date(iso);
// Weekly on Tuesdays at 14:00 Geneva time: 2026-12-01T13:00Z is an occurrence.
const OCCURRENCE = at('2026-12-01T13:00:00Z');

class RecordingChat implements ChatPort {
  readonly sent: { address: string; message: OutgoingMessage }[] = [];
  failFor = new Set<string>();
  async send(address: string, message: OutgoingMessage) {
    if ([...this.failFor].some((prefix) => address.startsWith(prefix))) throw new Error(`unreachable: ${address}`);
    this.sent.push({ address, message });
    return { ref: String(this.sent.length) };
  }
  async update() {}
}

describeEachDatabase('reminder tick', (getUrl) => {
  let db: Database;
  let chat: RecordingChat;
  let meeting: Meeting;
  let members: string[];
  const addresses = new Map<string, { address: string; platform: string }[]>();

  function service(overrides: Partial<ConstructorParameters<typeof ReminderService>[0]> = {}) {
    return new ReminderService({
      meetings: db.repositories.meetings,
      reminders: db.repositories.reminders,
      chat,
      addressesOf: async (id) => addresses.get(id) ?? [],
      compose: async (m, occurrenceAt, d) => ({ text: `${m.title} at ${occurrenceAt.toISOString()} (${d.offsetMinutes})` }),
      defaultOffsets: coalition.reminders.offsetsMinutes,
      tickMs: 60_000,
      ...overrides,
    });
  }

  const sentCount = () => chat.sent.length;

  beforeEach(async () => {
    db = await openDatabase({ url: getUrl() });
    await db.repositories.coalition.sync(coalition);
    chat = new RecordingChat();
    members = [];
    for (const name of ['ana', 'bo', 'chen']) {
      const { member } = await db.repositories.members.upsertByIdentity({ platform: 'local', externalId: name }, at('2026-11-01T00:00:00Z'), { locale: 'en' });
      members.push(member.id);
      addresses.set(member.id, [{ address: `local:${name}`, platform: 'local' }]);
      await db.repositories.memberships.add(member.id, 'access', at('2026-11-01T00:00:00Z'));
    }
    meeting = await db.repositories.meetings.create(
      {
        group: 'access',
        title: 'Access WG call',
        startLocal: '2026-11-03T14:00',
        timeZone: 'Europe/Zurich',
        firstStartAt: at('2026-11-03T13:00:00Z'),
        durationMinutes: 60,
        joinUrl: 'https://meet.example.org/a',
        agenda: null,
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
        createdById: members[0],
      },
      at('2026-11-01T00:00:00Z'),
    );
  });

  afterEach(async () => {
    await db.close();
  });

  it('delivers each offset once to every member, however often the tick runs', async () => {
    const tick = service();
    expect(await tick.tick(at('2026-11-30T12:58:00Z'))).toMatchObject({ claimed: 0 });
    expect(await tick.tick(at('2026-11-30T13:00:10Z'))).toEqual({ claimed: 3, sent: 3, failed: 0, late: 0, dropped: 0 });
    await tick.tick(at('2026-11-30T13:01:10Z'));
    await tick.tick(at('2026-11-30T18:00:00Z'));
    expect(sentCount()).toBe(3);
    expect(await tick.tick(at('2026-12-01T12:00:05Z'))).toEqual({ claimed: 3, sent: 3, failed: 0, late: 0, dropped: 0 });
    await tick.tick(at('2026-12-01T12:30:00Z'));
    await tick.tick(at('2026-12-01T13:10:00Z'));
    expect(chat.sent.map((s) => s.message.text).sort()).toEqual(
      [...Array(3).fill(`Access WG call at ${OCCURRENCE.toISOString()} (1440)`), ...Array(3).fill(`Access WG call at ${OCCURRENCE.toISOString()} (60)`)].sort(),
    );
    const rows = await db.repositories.reminders.list({ status: 'sent' });
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.occurrenceAt.getTime() === OCCURRENCE.getTime() && r.platform === 'local')).toBe(true);
  });

  it('a sender that died between claim and send is replaced once its lease expires; the reminder goes out once', async () => {
    const now = at('2026-12-01T12:00:05Z');
    // The crashed process claimed all three and sent nothing.
    for (const memberId of members) {
      await db.repositories.reminders.claim({ meetingId: meeting.id, occurrenceAt: OCCURRENCE, memberId, offsetMinutes: 60 }, at('2026-12-01T12:05:05Z'), now);
    }
    const tick = service();
    expect(await tick.tick(at('2026-12-01T12:03:00Z'))).toMatchObject({ claimed: 0 });
    expect(sentCount()).toBe(0);
    expect(await tick.tick(at('2026-12-01T12:06:00Z'))).toMatchObject({ claimed: 3, sent: 3 });
    await tick.tick(at('2026-12-01T12:20:00Z'));
    expect(sentCount()).toBe(3);
    expect((await db.repositories.reminders.list({ status: 'sent' })).map((r) => r.attempts)).toEqual([2, 2, 2]);
  });

  it('two schedulers ticking at the same moment send each reminder once', async () => {
    const now = at('2026-12-01T12:00:05Z');
    const results = await Promise.all([service().tick(now), service().tick(now), service().tick(now)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(3);
    expect(sentCount()).toBe(3);
    expect(new Set(chat.sent.map((s) => s.address)).size).toBe(3);
  });

  it('after downtime the nearest missed reminder goes out late, if the meeting has not started', async () => {
    const result = await service().tick(at('2026-12-01T12:40:00Z'));
    expect(result).toEqual({ claimed: 3, sent: 3, failed: 0, late: 3, dropped: 0 });
    expect(chat.sent.every((s) => s.message.text.endsWith('(60)'))).toBe(true);
    // Down until after the next start: nothing is sent for that occurrence, and the miss is
    // recorded (once) for the log and the digest.
    chat.sent.length = 0;
    expect(await service().tick(at('2026-12-08T13:05:00Z'))).toMatchObject({ claimed: 0, dropped: 3 });
    expect(await service().tick(at('2026-12-08T13:06:00Z'))).toMatchObject({ claimed: 0, dropped: 0 });
    expect(sentCount()).toBe(0);
    const dropped = await db.repositories.reminders.list({ status: 'dropped' });
    expect(dropped.map((d) => [d.occurrenceAt.toISOString(), d.offsetMinutes])).toEqual(Array(3).fill(['2026-12-08T13:00:00.000Z', 60]));
    // The occurrence whose reminders went out is not counted as dropped.
    expect(dropped.every((d) => d.occurrenceAt.getTime() !== OCCURRENCE.getTime())).toBe(true);
  });

  it('honours preferences: off, paused and own offsets', async () => {
    await db.prisma.member.update({ where: { id: members[0] }, data: { remindersOff: true } });
    await db.prisma.member.update({ where: { id: members[1] }, data: { remindersPausedUntil: at('2026-12-05T00:00:00Z') } });
    await db.prisma.member.update({ where: { id: members[2] }, data: { reminderOffsets: JSON.stringify([15]) } });
    const tick = service();
    await tick.tick(at('2026-12-01T12:00:05Z'));
    expect(sentCount()).toBe(0);
    await tick.tick(at('2026-12-01T12:45:05Z'));
    expect(chat.sent.map((s) => [s.address, s.message.text.endsWith('(15)')])).toEqual([['local:chen', true]]);
  });

  it('a member unreachable on one platform gets it on the other; with no way to reach them it fails visibly', async () => {
    addresses.set(members[0], [
      { address: 'slack:T1:U1', platform: 'slack' },
      { address: 'local:ana', platform: 'local' },
    ]);
    addresses.set(members[1], []);
    chat.failFor.add('slack:');
    const result = await service().tick(at('2026-12-01T12:00:05Z'));
    expect(result).toMatchObject({ sent: 2, failed: 1 });
    expect(chat.sent.map((s) => s.address).sort()).toEqual(['local:ana', 'local:chen']);
    const failed = await db.repositories.reminders.list({ status: 'failed' });
    expect(failed.map((f) => [f.memberId, f.lastError])).toEqual([[members[1], 'no address to reach the member']]);
  });

  it('a cancelled meeting sends nothing', async () => {
    await db.repositories.meetings.update(meeting.id, { status: 'cancelled' }, at('2026-11-20T00:00:00Z'));
    await service().tick(at('2026-12-01T12:00:05Z'));
    expect(sentCount()).toBe(0);
  });
});
