// The per-person message limit, minute by minute, against a model of it written here.
import { RateLimit } from '../../src/conversation/rate-limit';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + seconds * 1000);

describe('RateLimit', () => {
  it('allows the limit, then one notice, then silence until the minute since the first message has passed', () => {
    const limit = new RateLimit(3);
    const decisions = [0, 1, 2, 3, 4, 59].map((s) => limit.take('local:ann', at(s)));
    expect(decisions).toEqual(['allowed', 'allowed', 'allowed', 'notify', 'silent', 'silent']);
    expect(limit.secondsLeft('local:ann', at(4))).toBe(56);
    expect(limit.take('local:ann', at(60))).toBe('allowed');
  });

  it('counts each person apart, and agrees with a model over a random stream', () => {
    const limit = new RateLimit(5);
    const model = new Map<string, { start: number; count: number; notified: boolean }>();
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    let second = 0;
    for (let i = 0; i < 2000; i++) {
      second += rand(4);
      const who = `slack:U${rand(3)}`;
      let w = model.get(who);
      if (!w || second - w.start >= 60) model.set(who, (w = { start: second, count: 0, notified: false }));
      w.count++;
      const expected = w.count <= 5 ? 'allowed' : w.notified ? 'silent' : ((w.notified = true), 'notify');
      expect([i, limit.take(who, at(second))]).toEqual([i, expected]);
    }
  });
});
