// The reminder tick against a real database with a fake clock: each reminder once,
// through crashes, concurrent schedulers, slow senders and downtime.
import type { Meeting, ReminderDelivery } from '../../src/core/meetings/meeting-ports';
import { ReminderService } from '../../src/core/meetings/reminder-service';
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort, SendOptions } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { openDatabase, type Database } from '../../src/db/open-database';
import { describeEachDatabase } from '../support/databases';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const at = (iso: string) => new Date(iso);
// Weekly on Tuesdays at 14:00 Geneva time: 2026-12-01T13:00Z is an occurrence.
const OCCURRENCE = at('2026-12-01T13:00:00Z');

class RecordingChat implements ChatPort {
  readonly sent: { address: string; message: OutgoingMessage; key?: string }[] = [];
  failFor = new Set<string>();
  /** While set, sends wait for it (a slow, rate-limited platform). */
  gate?: Promise<void>;
  waiting = 0;
  async send(address: string, message: OutgoingMessage, options?: SendOptions) {
    if ([...this.failFor].some((prefix) => address.startsWith(prefix))) throw new Error(`unreachable: ${address}`);
    if (this.gate) {
      this.waiting++;
      await this.gate;
    }
    this.sent.push({ address, message, key: options?.deliveryKey });
    return { ref: String(this.sent.length) };
  }
  async update() {}
}

/** A platform that can look up what it sent (as Slack can, by message metadata). */
class LookupChat extends RecordingChat {
  readonly lookups: string[] = [];
  async findSent(address: string, key: string) {
    this.lookups.push(key);
    const i = this.sent.findIndex((s) => s.address === address && s.key === key);
    return i >= 0 ? { ref: String(i + 1) } : null;
  }
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
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
      prepare: async (m, occurrenceAt, d) => ({ message: { text: `${m.title} at ${occurrenceAt.toISOString()} (${d.offsetMinutes})` }, addresses: addresses.get(d.memberId) ?? [] }),
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

  it('a claim and a sent mark are stored as the model reads them back', async () => {
    const r = db.repositories.reminders;
    const key = { meetingId: meeting.id, occurrenceAt: at('2026-11-03T13:00:00Z'), memberId: members[1], offsetMinutes: 60 };
    const claimed = (await r.claim(key, at('2026-11-03T12:05:00.250Z'), at('2026-11-03T12:00:00.125Z')))!;
    expect(await r.list({})).toEqual([claimed]);
    expect(claimed).toMatchObject({ ...key, status: 'claimed', attempts: 1, platform: null, lastError: null, sentAt: null });
    // Claimed again while its lease holds: refused, the row unchanged.
    expect(await r.claim(key, at('2026-11-03T12:10:00Z'), at('2026-11-03T12:01:00Z'))).toBeNull();
    expect(await r.list({})).toEqual([claimed]);
    await r.markSent(claimed.id, 'teams', at('2026-11-03T12:00:01.500Z'));
    expect(await r.list({})).toEqual([{ ...claimed, status: 'sent', platform: 'teams', sentAt: at('2026-11-03T12:00:01.500Z'), leaseUntil: null, lastError: null }]);
    expect(await r.unclaimable(meeting.id, key.occurrenceAt, at('2026-11-03T12:02:00Z'))).toEqual([{ memberId: members[1], offsetMinutes: 60 }]);
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

  it('a live sender keeps renewing its claims while it is slow: another sender takes none of them over', async () => {
    const now = at('2026-12-01T12:00:05Z');
    let release!: () => void;
    chat.gate = new Promise<void>((resolve) => (release = resolve));
    // The slow sender's own monotonic clock, moved on by hand: 30 s pass while it waits.
    let elapsed = 0;
    const slow = service({ leaseMs: 1_000, renewEveryMs: 20, elapsed: () => elapsed });
    const running = slow.tick(now);
    await until(() => chat.waiting === 3, 'the slow sender holds all three');
    elapsed = 30_000;
    await until(
      async () => (await db.repositories.reminders.list({ status: 'claimed' })).every((r) => r.leaseUntil!.getTime() >= now.getTime() + 30_000),
      'the leases are renewed',
    );
    // Another replica ticking 30 s later finds every claim still held.
    expect(await service().tick(at('2026-12-01T12:00:35Z'))).toMatchObject({ claimed: 0 });
    release();
    expect(await running).toMatchObject({ claimed: 3, sent: 3 });
    expect(sentCount()).toBe(3);
    expect((await db.repositories.reminders.list({ status: 'sent' })).map((r) => r.attempts)).toEqual([1, 1, 1]);
  });

  it("a dead sender's claims are taken over after the short lease, not after ten minutes", async () => {
    const now = at('2026-12-01T12:00:05Z');
    for (const memberId of members) {
      await db.repositories.reminders.claim({ meetingId: meeting.id, occurrenceAt: OCCURRENCE, memberId, offsetMinutes: 60 }, at('2026-12-01T12:01:05Z'), now);
    }
    expect(await service().tick(at('2026-12-01T12:01:00Z'))).toMatchObject({ claimed: 0 });
    expect(await service().tick(at('2026-12-01T12:01:10Z'))).toMatchObject({ claimed: 3, sent: 3 });
    expect(sentCount()).toBe(3);
  });

  it('renewing extends only claims still held by the same attempt', async () => {
    const now = at('2026-12-01T12:00:05Z');
    const key = { meetingId: meeting.id, occurrenceAt: OCCURRENCE, memberId: members[0], offsetMinutes: 60 };
    const first = (await db.repositories.reminders.claim(key, at('2026-12-01T12:01:05Z'), now))!;
    // Taken over by another sender once the lease ran out: the first sender's renewal misses it.
    const second = (await db.repositories.reminders.claim(key, at('2026-12-01T12:03:00Z'), at('2026-12-01T12:02:00Z')))!;
    expect(second.attempts).toBe(2);
    expect(await db.repositories.reminders.renew([{ id: first.id, attempts: first.attempts }], at('2026-12-01T12:09:00Z'))).toBe(0);
    expect(await db.repositories.reminders.renew([{ id: second.id, attempts: second.attempts }], at('2026-12-01T12:09:00Z'))).toBe(1);
    const [row] = await db.repositories.reminders.list({ status: 'claimed' });
    expect(row.leaseUntil).toEqual(at('2026-12-01T12:09:00Z'));
    await db.repositories.reminders.markSent(second.id, 'local', at('2026-12-01T12:02:01Z'));
    expect(await db.repositories.reminders.renew([{ id: second.id, attempts: second.attempts }], at('2026-12-01T12:10:00Z'))).toBe(0);
  });

  it('a claim taken over that the dead sender had already delivered is marked sent, not sent again', async () => {
    const lookup = new LookupChat();
    chat = lookup;
    const now = at('2026-12-01T12:00:05Z');
    const claims: ReminderDelivery[] = [];
    for (const memberId of members) {
      claims.push((await db.repositories.reminders.claim({ meetingId: meeting.id, occurrenceAt: OCCURRENCE, memberId, offsetMinutes: 60 }, at('2026-12-01T12:01:05Z'), now))!);
    }
    // It got as far as the platform for the first member, then died before marking it sent.
    await lookup.send(addresses.get(members[0])![0].address, { text: 'the reminder' }, { deliveryKey: claims[0].id });
    const result = await service({ chat: lookup }).tick(at('2026-12-01T12:01:10Z'));
    expect(result).toMatchObject({ claimed: 3, sent: 3, recovered: 1 });
    expect(lookup.sent.map((s) => s.address).sort()).toEqual(['local:ana', 'local:bo', 'local:chen']);
    expect(lookup.sent.every((s) => s.key && claims.some((c) => c.id === s.key))).toBe(true);
    expect(lookup.lookups.sort()).toEqual(claims.map((c) => c.id).sort());
    expect((await db.repositories.reminders.list({ status: 'sent' })).map((r) => r.attempts)).toEqual([2, 2, 2]);
  });

  it('first attempts are sent without a look-up, each carrying its delivery key', async () => {
    const lookup = new LookupChat();
    chat = lookup;
    await service({ chat: lookup }).tick(at('2026-12-01T12:00:05Z'));
    expect(lookup.lookups).toEqual([]);
    const rows = await db.repositories.reminders.list({ status: 'sent' });
    expect(lookup.sent.map((s) => s.key).sort()).toEqual(rows.map((r) => r.id).sort());
  });
  it('an occurrence moved alone is stored with the meeting and reminded at its new time; a cancelled one not at all', async () => {
    const moved = await db.repositories.meetings.setException(meeting.id, { occurrenceAt: OCCURRENCE, startLocal: '2026-12-02T09:00', cancelled: false }, at('2026-11-20T00:00:00Z'), {
      at: at('2026-11-20T00:00:00Z'),
      actor: 'test',
      action: 'meeting.rescheduled',
      subject: meeting.id,
    });
    expect(moved.sequence).toBe(meeting.sequence + 1);
    expect((await db.repositories.meetings.get(meeting.id))!.exceptions).toEqual([{ occurrenceAt: OCCURRENCE, startLocal: '2026-12-02T09:00', cancelled: false }]);
    const next = at('2026-12-08T13:00:00Z');
    await db.repositories.meetings.setException(meeting.id, { occurrenceAt: next, startLocal: null, cancelled: true }, at('2026-11-20T00:00:00Z'));
    const tick = service();
    // An hour before the original time, the day-before reminder of the new one (08:00Z) is due; then its hour-before one.
    await tick.tick(at('2026-12-01T12:00:05Z'));
    expect(await tick.tick(at('2026-12-02T07:00:05Z'))).toMatchObject({ claimed: 3, sent: 3 });
    expect(chat.sent.map((m) => m.message.text)).toEqual([
      ...Array(3).fill('Access WG call at 2026-12-02T08:00:00.000Z (1440)'),
      ...Array(3).fill('Access WG call at 2026-12-02T08:00:00.000Z (60)'),
    ]);
    await tick.tick(at('2026-12-07T13:00:05Z'));
    await tick.tick(at('2026-12-08T12:00:05Z'));
    expect(sentCount()).toBe(6);
    // A new start for the series drops the exceptions of the old one.
    const series = await db.repositories.meetings.update(meeting.id, { startLocal: '2026-12-16T14:00', rrule: 'FREQ=WEEKLY;BYDAY=WE' }, at('2026-12-09T00:00:00Z'));
    expect(series.exceptions).toEqual([]);
  });
});
