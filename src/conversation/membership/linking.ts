// One person, several chats: `link` shows a one-time code, `link <code>` in the other chat
// joins the two members. When either holds a role (secretariat, chair) the code must come from
// the role holder's own chat and both chats must answer `link confirm`: a code someone was
// talked into typing never hands over a role. `notify via <platform>` picks where to be reached.
import { randomInt } from 'node:crypto';
import {
  codeLinkRule,
  identityKey,
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_MINUTES,
  linkCodeExpiry,
  linkCodeFrom,
  mergeSurvivor,
  normalizeLinkCode,
} from '../../core/membership/identity-linking';
import type { OutgoingMessage, Platform } from '../../core/messages';
import type { Member, PendingLink, RoleAssignment } from '../../core/ports';
import type { ConversationContext } from '../context';
import { writeFor, type ForReader } from '../reader';
import type { Translate } from '../catalog/catalog';
import type { Command } from '../router';
import { commandWord, isWord } from '../understanding/words';

const PLATFORMS: Platform[] = ['slack', 'teams', 'local'];

function roleNames(ctx: ConversationContext, roles: RoleAssignment[]): string {
  return roles.map((r) => (r.role === 'secretariat' ? ctx.t('me.role_secretariat') : ctx.t('me.role_chair', { group: r.scope }))).join(', ');
}

function thisIdentity(ctx: ConversationContext): string {
  return identityKey({ platform: ctx.incoming.platform, externalId: ctx.incoming.user.externalId });
}

/** Sends a line to the chat of one identity ("platform:externalId"), when it can be reached. */
async function tellIdentity(ctx: ConversationContext, memberId: string, key: string, message: ForReader): Promise<void> {
  const identity = (await ctx.repositories.members.identities(memberId)).find((i) => identityKey(i) === key);
  if (identity?.address) await ctx.chat.send(identity.address, writeFor(ctx, await ctx.repositories.members.get(memberId), message));
}

/** Joins the code's owner and its claimer into one member (the survivor is returned). */
async function merge(ctx: ConversationContext, owner: Member, claimer: Member, identities: [string, string], confirmed: boolean): Promise<Member> {
  const { keep, gone } = mergeSurvivor(owner, claimer);
  await ctx.repositories.members.merge(
    keep.id,
    gone.id,
    ctx.now,
    { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'member.linked', subject: keep.id, details: { merged: gone.id, by: 'code', confirmedInBoth: confirmed, identities } },
    { allowRoleHolders: confirmed, link: { at: ctx.now, by: 'code', identities } },
  );
  return keep;
}

async function typedCode(ctx: ConversationContext, typed: string): Promise<OutgoingMessage[]> {
  const code = await ctx.repositories.linkCodes.consume(typed, ctx.now);
  if (!code) return [{ text: ctx.t('link.invalid'), tone: 'error' }];
  if (code.memberId === ctx.member.id) return [{ text: ctx.t('link.same_chat'), tone: 'error' }];
  const owner = await ctx.repositories.members.get(code.memberId);
  if (!owner) return [{ text: ctx.t('link.invalid'), tone: 'error' }];
  const ownerRoles = await ctx.repositories.roles.rolesOf(owner.id);
  // A code from before codes named their chat: any of the owner's identities other than this one.
  const ownerIdentity = code.identity ?? identityKey((await ctx.repositories.members.identities(owner.id))[0] ?? { platform: 'local', externalId: owner.id });
  const claimerIdentity = thisIdentity(ctx);
  const rule = codeLinkRule({ holdsRole: ownerRoles.length > 0 }, { holdsRole: ctx.roles.length > 0 });
  if (rule === 'refuse') {
    await ctx.repositories.audit.record({
      at: ctx.now, actor: `member:${ctx.member.id}`, action: 'member.link_refused', subject: ctx.member.id,
      details: { reason: 'role holder typed a code from another chat', identities: [ownerIdentity, claimerIdentity] },
    });
    return [{ text: ctx.t('link.role_code_elsewhere', { roles: roleNames(ctx, ctx.roles) }), tone: 'error' }];
  }
  if (rule === 'merge') {
    await merge(ctx, owner, ctx.member, [ownerIdentity, claimerIdentity], false);
    return [{ text: ctx.t('link.done'), tone: 'success' }];
  }
  await ctx.repositories.linkCodes.openPending({ ownerId: owner.id, ownerIdentity, claimerId: ctx.member.id, claimerIdentity, expiresAt: linkCodeExpiry(ctx.now) });
  await ctx.repositories.audit.record({
    at: ctx.now, actor: `member:${ctx.member.id}`, action: 'member.link_requested', subject: owner.id, details: { identities: [ownerIdentity, claimerIdentity] },
  });
  await tellIdentity(ctx, owner.id, ownerIdentity, (reader) => ({ text: reader.t('link.confirm_other_chat', { platform: ctx.incoming.platform }) }));
  return [{ text: ctx.t('link.confirm_needed', { roles: roleNames(ctx, [...ownerRoles, ...ctx.roles]), minutes: LINK_CODE_MINUTES }) }];
}

function sideOf(ctx: ConversationContext, pending: PendingLink): 'owner' | 'claimer' | undefined {
  const me = thisIdentity(ctx);
  if (pending.ownerId === ctx.member.id && pending.ownerIdentity === me) return 'owner';
  if (pending.claimerId === ctx.member.id && pending.claimerIdentity === me) return 'claimer';
  return undefined;
}

async function confirm(ctx: ConversationContext): Promise<OutgoingMessage[]> {
  const pending = await ctx.repositories.linkCodes.pendingOf(ctx.member.id, ctx.now);
  if (!pending) return [{ text: ctx.t('link.nothing_pending'), tone: 'error' }];
  const side = sideOf(ctx, pending);
  if (!side) return [{ text: ctx.t('link.wrong_chat'), tone: 'error' }];
  const updated = await ctx.repositories.linkCodes.confirmPending(pending.id, side, ctx.now);
  if (!updated) return [{ text: ctx.t('link.nothing_pending'), tone: 'error' }];
  if (!updated.ownerConfirmedAt || !updated.claimerConfirmedAt) return [{ text: ctx.t('link.confirmed_waiting') }];
  // Of two final confirmations at once, the one that removes the pending link merges.
  if (!(await ctx.repositories.linkCodes.removePending(pending.id))) return [{ text: ctx.t('link.nothing_pending'), tone: 'error' }];
  const otherId = side === 'owner' ? pending.claimerId : pending.ownerId;
  const other = await ctx.repositories.members.get(otherId);
  if (!other) return [{ text: ctx.t('link.nothing_pending'), tone: 'error' }];
  const owner = side === 'owner' ? ctx.member : other;
  const keep = await merge(ctx, owner, side === 'owner' ? other : ctx.member, [pending.ownerIdentity, pending.claimerIdentity], true);
  await tellIdentity(ctx, keep.id, side === 'owner' ? pending.claimerIdentity : pending.ownerIdentity, (reader) => ({ text: reader.t('link.done'), tone: 'success' }));
  return [{ text: ctx.t('link.done'), tone: 'success' }];
}

async function cancel(ctx: ConversationContext): Promise<OutgoingMessage[]> {
  const pending = await ctx.repositories.linkCodes.pendingOf(ctx.member.id, ctx.now);
  if (!pending || !(await ctx.repositories.linkCodes.removePending(pending.id))) return [{ text: ctx.t('link.nothing_pending'), tone: 'error' }];
  await ctx.repositories.audit.record({
    at: ctx.now, actor: `member:${ctx.member.id}`, action: 'member.link_cancelled', subject: ctx.member.id, details: { identities: [pending.ownerIdentity, pending.claimerIdentity] },
  });
  return [{ text: ctx.t('link.cancelled') }];
}

/** `confirm` or `cancel` after `link`, in the member's words (`relier confirmer`, `ربط إلغاء`) or in English. */
function linkStep(args: string, t: Translate): 'confirm' | 'cancel' | undefined {
  const word = args.trim().toLowerCase();
  if (word === 'confirm' || isWord(word, t, 'confirm')) return 'confirm';
  if (word === 'cancel' || isWord(word, t, 'cancel')) return 'cancel';
  return undefined;
}

const firstWord = (t: Translate, list: 'confirm' | 'cancel') => t(`words.${list}`).split('|')[0]!.trim();

export const linkCommand: Command = {
  name: 'link',
  summary: 'command.link',
  usage: 'link [code | confirm | cancel]',
  localUsage: (t) => `${commandWord(t, 'link')} [${t('words.arg.code')} | ${firstWord(t, 'confirm')} | ${firstWord(t, 'cancel')}]`,
  // Linking starts no question of its own: typed in the middle of one, it runs and the question
  // is asked again (in a question that takes any text, `link <code>` asks first: it could be a name).
  readOnly: true,
  neverAnAnswer: (args, t) => linkStep(args, t) !== undefined,
  async run(ctx, args) {
    const step = linkStep(args, ctx.t);
    if (step === 'confirm') return confirm(ctx);
    if (step === 'cancel') return cancel(ctx);
    const typed = normalizeLinkCode(args);
    if (typed.length > 64) return [{ text: ctx.t('link.invalid'), tone: 'error' }];
    if (typed) return typedCode(ctx, typed);
    const code = linkCodeFrom(Array.from({ length: LINK_CODE_LENGTH }, () => randomInt(LINK_CODE_ALPHABET.length)));
    await ctx.repositories.linkCodes.create(code, ctx.member.id, thisIdentity(ctx), linkCodeExpiry(ctx.now));
    return [{ text: ctx.t('link.code', { code, minutes: LINK_CODE_MINUTES }) }];
  },
};

export const notifyCommand: Command = {
  name: 'notify',
  aliases: ['notify via'],
  summary: 'command.notify',
  usage: 'notify via slack|teams|local',
  // The member's word for it already says "via" (`me contacter via`, `contactarme por`, `التواصل عبر`).
  localUsage: (t) => `${commandWord(t, 'notify')} ${PLATFORMS.join('|')}`,
  async run(ctx, args) {
    const wanted = args.trim().toLowerCase().replace(/^(via|vía|por|par|عبر)\s+/, '');
    const platform = PLATFORMS.find((p) => p === wanted);
    if (!platform) return [{ text: ctx.t('notify.usage', { platforms: PLATFORMS.join(', ') }), tone: 'error' }];
    const identities = await ctx.repositories.members.identities(ctx.member.id);
    if (!identities.some((i) => i.platform === platform && i.address)) return [{ text: ctx.t('notify.no_identity', { platform }), tone: 'error' }];
    await ctx.repositories.members.updateProfile(
      ctx.member.id,
      { preferredPlatform: platform },
      { at: ctx.now, actor: `member:${ctx.member.id}`, action: 'member.notify_via', subject: ctx.member.id, details: { platform } },
    );
    return [{ text: ctx.t('notify.done', { platform }), tone: 'success' }];
  },
};
