// The local web chat's stored conversations (see core/local-chat/local-chat-ports.ts).
import { LOCAL_CHAT_HISTORY_LIMIT, type LocalChatEntry, type LocalChatHistory } from '../../core/local-chat/local-chat-ports';
import type { OutgoingMessage } from '../../core/messages';
import type { DbClient } from '../prisma-client';

interface Row {
  id: number;
  direction: string;
  proactive: boolean;
  body: string;
  createdAt: Date;
}

function toEntry(row: Row): LocalChatEntry {
  const body = JSON.parse(row.body) as unknown;
  if (row.direction === 'member') return { id: row.id, at: row.createdAt, from: 'member', text: (body as { text: string }).text };
  return { id: row.id, at: row.createdAt, from: 'bot', proactive: row.proactive, message: body as OutgoingMessage };
}

const select = { id: true, direction: true, proactive: true, body: true, createdAt: true } as const;

export function localChatHistory(prisma: DbClient, limit = LOCAL_CHAT_HISTORY_LIMIT): LocalChatHistory {
  /** Keeps the newest `limit` messages of `user`. */
  async function trim(user: string): Promise<void> {
    const [oldestKept] = await prisma.localChatMessage.findMany({ where: { user }, orderBy: { id: 'desc' }, skip: limit - 1, take: 1, select: { id: true } });
    if (oldestKept) await prisma.localChatMessage.deleteMany({ where: { user, id: { lt: oldestKept.id } } });
  }

  async function markRead(rows: Row[], now: Date): Promise<void> {
    const ids = rows.filter((r) => r.proactive).map((r) => r.id);
    if (ids.length) await prisma.localChatMessage.updateMany({ where: { id: { in: ids }, deliveredAt: null }, data: { deliveredAt: now } });
  }

  return {
    async addMemberMessage(user, text, at) {
      const row = await prisma.localChatMessage.create({ data: { user, direction: 'member', body: JSON.stringify({ text }), createdAt: at }, select: { id: true } });
      await trim(user);
      return row.id;
    },

    async addReplies(user, messages, at, toMessage) {
      if (messages.length === 0) return;
      if (toMessage !== undefined && (await prisma.localChatMessage.count({ where: { id: toMessage } })) === 0) return;
      // One by one, so their ids keep the order they were said in (createMany does not promise it).
      for (const message of messages) await prisma.localChatMessage.create({ data: { user, direction: 'bot', body: JSON.stringify(message), createdAt: at }, select: { id: true } });
      await trim(user);
    },

    async addProactive(user, message, at, deliveryKey) {
      const row = await prisma.localChatMessage.create({ data: { user, direction: 'bot', proactive: true, body: JSON.stringify(message), deliveryKey: deliveryKey ?? null, createdAt: at }, select: { id: true } });
      await trim(user);
      return row.id;
    },

    async findDelivery(user, deliveryKey, since) {
      const row = await prisma.localChatMessage.findFirst({ where: { user, deliveryKey, createdAt: { gte: since } }, select: { id: true } });
      return row?.id ?? null;
    },

    async replaceUnread(user, id, message) {
      const { count } = await prisma.localChatMessage.updateMany({ where: { id, user, proactive: true, deliveredAt: null }, data: { body: JSON.stringify(message) } });
      return count === 1;
    },

    async read(user, options, now) {
      const rows = await prisma.localChatMessage.findMany({
        where: { user, ...(options.after !== undefined && { id: { gt: options.after } }) },
        orderBy: { id: 'desc' },
        take: Math.min(options.limit, limit),
        select,
      });
      rows.reverse();
      await markRead(rows, now);
      return rows.map(toEntry);
    },

    async takeUnread(user, now) {
      const rows = await prisma.localChatMessage.findMany({ where: { user, proactive: true, deliveredAt: null }, orderBy: { id: 'asc' }, take: limit, select });
      await markRead(rows, now);
      return rows.map(toEntry);
    },

    async users(max) {
      const groups = await prisma.localChatMessage.groupBy({ by: ['user'], _max: { id: true }, orderBy: { _max: { id: 'desc' } }, take: max });
      return groups.map((g) => g.user);
    },

    async deleteBefore(before) {
      const { count } = await prisma.localChatMessage.deleteMany({ where: { createdAt: { lt: before } } });
      return count;
    },
  };
}
