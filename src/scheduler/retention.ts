// What the bot keeps no longer than it needs: unfinished flows (drafts that may hold personal
// answers) untouched for the retention period, link codes once expired, the records of
// platform deliveries and job runs once no retry or replay can refer to them any more, and
// local chat messages older than LOCAL_CHAT_RETENTION_DAYS.
import type { Clock } from '../core/clock';
import { LOCAL_CHAT_RETENTION_DAYS, type LocalChatHistory } from '../core/local-chat/local-chat-ports';
import type { Repositories } from '../core/ports';
import type { Logger } from '../logger';

/** Delivery records outlive Slack's retries (minutes) and replay window (5 minutes) by far. */
export const PROCESSED_EVENT_DAYS = 7;
const DAY_MS = 24 * 3600_000;

export interface RetentionResult {
  flows: number;
  linkCodes: number;
  processedEvents: number;
  jobLeases: number;
  localChatMessages: number;
}

export function createRetentionJob(options: {
  repositories: Pick<Repositories, 'flows' | 'linkCodes' | 'processedEvents' | 'jobLeases'>;
  /** The local chat's stored conversations, when the local chat is on. */
  localChat?: Pick<LocalChatHistory, 'deleteBefore'>;
  clock: Clock;
  flowRetentionDays: number;
  log: Logger;
}) {
  const { repositories, localChat, clock, flowRetentionDays, log } = options;
  return async (): Promise<RetentionResult> => {
    const now = clock.now();
    const weekAgo = new Date(now.getTime() - PROCESSED_EVENT_DAYS * DAY_MS);
    const result: RetentionResult = {
      flows: await repositories.flows.deleteUntouchedSince(new Date(now.getTime() - flowRetentionDays * DAY_MS)),
      linkCodes: await repositories.linkCodes.deleteExpired(now),
      processedEvents: await repositories.processedEvents.prune(weekAgo),
      jobLeases: await repositories.jobLeases.prune(weekAgo),
      localChatMessages: localChat ? await localChat.deleteBefore(new Date(now.getTime() - LOCAL_CHAT_RETENTION_DAYS * DAY_MS)) : 0,
    };
    if (Object.values(result).some((n) => n > 0)) log.info(result, 'retention: expired records deleted');
    return result;
  };
}
