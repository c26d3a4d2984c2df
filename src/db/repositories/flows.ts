import { randomUUID } from 'node:crypto';
import type { FlowState as FlowRow } from '.prisma/coalition-sqlite';
import { BotError } from '../../core/errors';
import type { FlowState, FlowStateRepository } from '../../core/ports';
import type { DbClient } from '../prisma-client';
import { isRecordNotFound, isUniqueViolation } from '../prisma-errors';

function toFlow(row: FlowRow): FlowState {
  return {
    memberId: row.memberId,
    conversation: row.conversation,
    flow: row.flow,
    step: row.step,
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    version: row.version,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
  };
}

export function flowStateRepository(prisma: DbClient): FlowStateRepository {
  return {
    async get(memberId, conversation) {
      const row = await prisma.flowState.findUnique({ where: { memberId_conversation: { memberId, conversation } } });
      return row ? toFlow(row) : null;
    },

    async save(state, expectedVersion, now) {
      const { memberId, conversation, flow, step } = state;
      const answers = JSON.stringify(state.answers);
      const stale = (cause: unknown) =>
        new BotError('FLOW.STALE', `flow state changed since version ${expectedVersion ?? 'none'}`, {}, { cause });
      if (expectedVersion === null) {
        try {
          const row = await prisma.flowState.create({
            data: { id: randomUUID(), memberId, conversation, flow, step, answers, version: 1, startedAt: state.startedAt ?? now, updatedAt: now },
          });
          return toFlow(row);
        } catch (error) {
          if (isUniqueViolation(error)) throw stale(error);
          throw error;
        }
      }
      try {
        // The version in the where makes the check and the write one statement.
        const row = await prisma.flowState.update({
          where: { memberId_conversation: { memberId, conversation }, version: expectedVersion },
          data: { flow, step, answers, version: expectedVersion + 1, updatedAt: now, ...(state.startedAt && { startedAt: state.startedAt }) },
        });
        return toFlow(row);
      } catch (error) {
        if (isRecordNotFound(error)) throw stale(error);
        throw error;
      }
    },

    async delete(memberId, conversation) {
      await prisma.flowState.deleteMany({ where: { memberId, conversation } });
    },

    async untouchedSince(before) {
      const rows = await prisma.flowState.findMany({ where: { updatedAt: { lt: before } }, orderBy: { updatedAt: 'asc' } });
      return rows.map(toFlow);
    },

    async deleteUntouchedSince(before) {
      const { count } = await prisma.flowState.deleteMany({ where: { updatedAt: { lt: before } } });
      return count;
    },
  };
}
