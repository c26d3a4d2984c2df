// node-cron tasks with a database-backed run coordinator: with several replicas,
// the first to claim a fire's slot in the database runs it, the others skip it.
import { randomUUID } from 'node:crypto';
import { createTask, type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock';
import type { JobLeases } from '../core/ports';
import type { Logger } from '../logger';

export function databaseRunCoordinator(leases: JobLeases, clock: Clock, owner: string): RunCoordinator {
  return {
    // node-cron's key is "<task name>:<slot ISO time>", so each fire is claimed once.
    shouldRun: (key, ttlMs) => {
      const now = clock.now();
      return leases.acquire(key, owner, now, new Date(now.getTime() + Math.max(ttlMs, 60_000)));
    },
  };
}

export interface Job {
  name: string;
  cron: string;
  run: () => Promise<unknown>;
}

export class Scheduler {
  readonly owner = randomUUID();
  private readonly tasks: ScheduledTask[] = [];

  constructor(private readonly deps: { leases: JobLeases; clock: Clock; log: Logger; timeZone: string }) {}

  add(job: Job): void {
    const coordinator = databaseRunCoordinator(this.deps.leases, this.deps.clock, this.owner);
    const task = createTask(
      job.cron,
      async () => {
        try {
          await job.run();
        } catch (error) {
          this.deps.log.error({ err: error, job: job.name }, 'scheduled job failed');
        }
      },
      { name: job.name, timezone: this.deps.timeZone, noOverlap: true, distributed: true, runCoordinator: coordinator },
    );
    this.tasks.push(task);
  }

  async start(): Promise<void> {
    for (const task of this.tasks) await task.start();
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.destroy();
  }
}
