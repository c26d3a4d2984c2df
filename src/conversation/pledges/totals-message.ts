// `pledge totals`: count and USD by focus area and type, and the share targeting LDCs, LLDCs and SIDS.
import type { OutgoingMessage } from '../../core/messages';
import { share, type PledgeTotals, type Tally } from '../../core/pledges/totals';
import type { ConversationContext } from '../context';
import { formatUsd, pledgeTypeName } from './format';

export function totalsMessage(ctx: ConversationContext, totals: PledgeTotals): OutgoingMessage {
  if (totals.all.count === 0) return { title: ctx.t('pledge.totals.title'), text: ctx.t('pledge.totals.none') };
  const line = (name: string, tally: Tally) => `${name}: ${ctx.t('pledge.totals.line', { count: tally.count, usd: formatUsd(tally.usd, ctx) })}`;
  const shareOf = (tally: Tally) =>
    ctx.t('pledge.totals.share', { count: tally.count, countShare: share(tally.count, totals.all.count), usd: formatUsd(tally.usd, ctx), usdShare: share(tally.usd, totals.all.usd) });
  return {
    title: ctx.t('pledge.totals.title'),
    text: ctx.t('pledge.totals.all', { count: totals.all.count, usd: formatUsd(totals.all.usd, ctx) }),
    fields: [
      { label: ctx.t('pledge.totals.by_area'), value: ctx.coalition.focusAreas.filter((a) => totals.byFocusArea[a.key]).map((a) => line(a.name, totals.byFocusArea[a.key])).join('\n') },
      { label: ctx.t('pledge.totals.by_type'), value: Object.entries(totals.byType).map(([key, tally]) => line(pledgeTypeName(ctx, key), tally)).join('\n') },
      { label: ctx.t('pledge.totals.ldc'), value: shareOf(totals.ldc) },
      { label: ctx.t('pledge.totals.lldc'), value: shareOf(totals.lldc) },
      { label: ctx.t('pledge.totals.sids'), value: shareOf(totals.sids) },
    ],
  };
}
