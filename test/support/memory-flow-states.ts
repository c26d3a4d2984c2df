// An in-memory FlowStateRepository for unit tests of the flow engine; it keeps the
// same optimistic-version contract as the database one (checked by the db contract suite).
import { BotError } from '../../src/core/errors';
import type { FlowState, FlowStateRepository } from '../../src/core/ports';

export class MemoryFlowStates implements FlowStateRepository {
  readonly rows = new Map<string, FlowState>();

  private key(memberId: string, conversation: string) {
    return `${memberId}|${conversation}`;
  }

  async get(memberId: string, conversation: string) {
    const row = this.rows.get(this.key(memberId, conversation));
    return row ? structuredClone(row) : null;
  }

  async save(state: Parameters<FlowStateRepository['save']>[0], expectedVersion: number | null, now: Date) {
    const key = this.key(state.memberId, state.conversation);
    const existing = this.rows.get(key);
    if ((expectedVersion === null && existing) || (expectedVersion !== null && existing?.version !== expectedVersion)) {
      throw new BotError('FLOW.STALE', 'flow state changed');
    }
    const saved: FlowState = {
      memberId: state.memberId,
      conversation: state.conversation,
      flow: state.flow,
      step: state.step,
      answers: structuredClone(state.answers),
      version: (existing?.version ?? 0) + 1,
      startedAt: existing?.startedAt ?? state.startedAt ?? now,
      updatedAt: now,
    };
    this.rows.set(key, saved);
    return structuredClone(saved);
  }

  async delete(memberId: string, conversation: string) {
    this.rows.delete(this.key(memberId, conversation));
  }

  async untouchedSince(before: Date) {
    return [...this.rows.values()].filter((r) => r.updatedAt < before);
  }

  async deleteUntouchedSince(before: Date) {
    const old = [...this.rows.entries()].filter(([, r]) => r.updatedAt < before);
    for (const [key] of old) this.rows.delete(key);
    return old.length;
  }
}
