// One person, several chats: `link` shows a one-time code, `link <code>` in the other
// chat joins the two members; `notify via <platform>` picks where to be reached.
import { randomInt } from 'node:crypto';
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, LINK_CODE_MINUTES, linkCodeExpiry, linkCodeFrom, mergeSurvivor, normalizeLinkCode } from '../../core/membership/identity-linking';
import type { Platform } from '../../core/messages';
import type { Command } from '../router';

const PLATFORMS: Platform[] = ['slack', 'teams', 'local'];

export const linkCommand: Command = {
  name: 'link',
  summary: 'command.link',
  usage: 'link [code]',
  async run(ctx, args) {
    const typed = normalizeLinkCode(args);
    if (!typed) {
      const code = linkCodeFrom(Array.from({ length: LINK_CODE_LENGTH }, () => randomInt(LINK_CODE_ALPHABET.length)));
      await ctx.repositories.linkCodes.create(code, ctx.member.id, linkCodeExpiry(ctx.now));
      return [{ text: ctx.t('link.code', { code, minutes: LINK_CODE_MINUTES }) }];
    }
    const otherId = await ctx.repositories.linkCodes.consume(typed, ctx.now);
    if (!otherId) return [{ text: ctx.t('link.invalid'), tone: 'error' }];
    if (otherId === ctx.member.id) return [{ text: ctx.t('link.same_chat'), tone: 'error' }];
    const other = await ctx.repositories.members.get(otherId);
    if (!other) return [{ text: ctx.t('link.invalid'), tone: 'error' }];
    const { keep, gone } = mergeSurvivor(ctx.member, other);
    await ctx.repositories.members.merge(keep.id, gone.id, ctx.now, {
      at: ctx.now,
      actor: `member:${ctx.member.id}`,
      action: 'member.linked',
      subject: keep.id,
      details: { merged: gone.id, by: 'code' },
    });
    return [{ text: ctx.t('link.done'), tone: 'success' }];
  },
};

export const notifyCommand: Command = {
  name: 'notify',
  aliases: ['notify via'],
  summary: 'command.notify',
  usage: 'notify via slack|teams|local',
  async run(ctx, args) {
    const wanted = args.trim().toLowerCase().replace(/^via\s+/, '');
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
