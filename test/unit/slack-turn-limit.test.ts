// The Slack adapter's bound on turns running at once: the rest wait in arrival order,
// a failing turn frees its slot, and nothing waits when there is room.
import { TurnLimit } from '../../adapters/slack/turn-limit';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('TurnLimit', () => {
  it('runs at most `max` turns at once and starts the waiting ones in arrival order', async () => {
    const limit = new TurnLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => limit.run(async () => (started.push(i), gate.promise)));
    await settle();
    expect(started).toEqual([0, 1]);
    expect(limit.load).toEqual({ active: 2, waiting: 2 });
    gates[1].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2].resolve();
    gates[3].resolve();
    await Promise.all(runs);
    expect(limit.load).toEqual({ active: 0, waiting: 0 });
  });

  it('frees the slot of a turn that fails and passes its error to the caller', async () => {
    const limit = new TurnLimit(1);
    const failing = limit.run(async () => {
      throw new Error('boom');
    });
    const next = limit.run(async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    expect(limit.load).toEqual({ active: 0, waiting: 0 });
  });
});
