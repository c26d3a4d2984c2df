// How pledge values read back to members.
import { sdgName } from '../../core/pledges/sdgs';
import { coveredCountries, GLOBAL, targetName } from '../../core/pledges/pledge-rules';
import type { PledgeStatus } from '../../core/pledges/pledge-ports';
import type { MessageId, Translate } from '../catalog/catalog';
import type { ConversationContext } from '../context';

export function formatUsd(value: number, ctx: ConversationContext): string {
  return new Intl.NumberFormat(ctx.member.locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value);
}

/** Goals by number and short name, in the reader's language when a translator is given. */
export function formatSdgs(goals: readonly number[], t?: Translate): string {
  return goals.map((g) => `${g} ${(t && g >= 1 && g <= 17 ? t(`sdg.name.${g}` as MessageId) : sdgName(g)) ?? ''}`.trim()).join(', ');
}

export function focusAreaName(ctx: ConversationContext, key: string): string {
  return ctx.coalition.focusAreas.find((a) => a.key === key)?.name ?? key;
}

export function pledgeTypeName(ctx: ConversationContext, key: string): string {
  return ctx.coalition.pledgeTypes.find((t) => t.key === key)?.name ?? key;
}

export function beneficiaryNames(ctx: ConversationContext, keys: readonly string[]): string {
  return keys.map((k) => ctx.coalition.beneficiaryGroups.find((g) => g.key === k)?.name ?? k).join(', ');
}

/** "Kenya, Nepal: 2 countries, of which 1 LDCs, 1 LLDCs and 0 SIDS." */
export function countriesSaidBack(ctx: ConversationContext, codes: readonly string[]): string {
  const names = codes.map((c) => targetName(c, ctx.countries)).join(', ');
  const covered = coveredCountries(codes, ctx.countries);
  if (covered.length === 0 && codes.includes(GLOBAL)) return `${names}. ${ctx.t('pledge.countries.global')}`;
  const counts = ctx.countries.classify(covered);
  return `${names}: ${ctx.t('pledge.countries.groups', { countries: covered.length, ...counts })}`;
}

export function statusName(ctx: ConversationContext, status: PledgeStatus): string {
  return ctx.t(`pledge.status.${status}`);
}
