// At most `max` Slack turns at once after their acks; the rest wait here in arrival order.
// Events are acked before their turn runs, so a burst would otherwise start every turn at
// once and queue them all in the database pool, which gives up after its connect timeout
// (the member then hears "temporarily unavailable" while the database is fine).
export class TurnLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  /** Turns running now, and turns waiting for one of them to end. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
