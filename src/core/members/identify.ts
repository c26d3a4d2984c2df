// Who is talking: the member behind a platform identity, created on first contact,
// with the roles that configuration grants (the secretariat's ids) applied.
import { isBotError } from '../errors';
import type { IncomingMessage, Platform } from '../messages';
import { emailLinkTarget, identityKey, mergeSurvivor } from '../membership/identity-linking';
import type { FlowState, Identity, Member, Newcomer, Repositories, RoleAssignment, RoleName, TurnRead } from '../ports';
import { supportedLocale } from './locale';

/** A role that configuration gives to a platform user id. */
export interface RoleSeed {
  platform: Platform;
  /** The platform's user id: matches the identity's externalId or its last ":" segment. */
  userId: string;
  role: RoleName;
  scope: string;
}

function matches(seed: RoleSeed, platform: Platform, externalId: string): boolean {
  return seed.platform === platform && (seed.userId === externalId || seed.userId === externalId.split(':').at(-1));
}

/** What identify's options say about the coalition: its default language and those the bot may write in. */
interface Languages {
  /** The coalition's default. */
  locale: string;
  /** Those the bot may write in (the platform's locale is taken only then). */
  languages?: readonly string[];
}

/**
 * A first contact's rows as identify would create them: the identity from what the platform
 * told, the member in the platform's language (when the coalition has it) and display name.
 * The turn's first statement may create them (admitAndFindForTurn) so that identify need not.
 */
export function newcomerOf(incoming: IncomingMessage & { reachable?: boolean }, options: Languages): Newcomer {
  const { user } = incoming;
  return {
    input: {
      platform: incoming.platform,
      externalId: user.externalId,
      address: incoming.directAddress ?? null,
      // What this contact does not carry (a failed profile lookup) keeps what is stored.
      displayName: user.displayName,
      email: user.email,
      emailVerified: user.email === undefined ? undefined : user.emailVerified ?? false,
      ...(incoming.reachable ? { reachable: true } : {}),
    },
    defaults: { locale: supportedLocale(incoming.locale, options.languages ?? [options.locale]) ?? options.locale, name: user.displayName ?? null },
  };
}

/** The identity and member as the platform tells them now: created, or refreshed where they differ. */
function upsert(repositories: Repositories, incoming: IncomingMessage & { reachable?: boolean }, now: Date, options: Languages, known: TurnRead | null) {
  const { input, defaults } = newcomerOf(incoming, options);
  return repositories.members.upsertByIdentity(input, now, defaults, known && { member: known.member, identity: known.identity });
}

/** Reads the identity, member, roles and flow once, then writes only what changed (see upsertByIdentity). */
export async function identify(
  repositories: Repositories,
  incoming: IncomingMessage & { reachable?: boolean },
  now: Date,
  /**
   * read: what findForTurn answered already (with the delivery record), so it is not asked again;
   * created: that read is the newcomer the same statement created (newcomerOf), nothing to write.
   */
  options: Languages & { seeds: RoleSeed[]; read?: TurnRead | null; created?: boolean },
): Promise<{ member: Member; identity: Identity; roles: RoleAssignment[]; created: boolean; flow?: FlowState | null }> {
  const platformLocale = supportedLocale(incoming.locale, options.languages ?? [options.locale]);
  // One read for the turn: identity, member, roles and the flow state in this conversation.
  const known = options.read !== undefined ? options.read : await repositories.members.findForTurn(incoming.platform, incoming.user.externalId, incoming.conversation);
  const upserted = options.created && known ? { member: known.member, identity: known.identity, created: true } : await upsert(repositories, incoming, now, options, known);
  const { identity, created } = upserted;
  // The platform's language follows the member (they changed Slack's or Teams' language)
  // until the member chooses one of their own; a write only when it differs.
  if (!created && platformLocale && !upserted.member.localeChosen && upserted.member.locale !== platformLocale) {
    upserted.member = await repositories.members.updateProfile(upserted.member.id, { locale: platformLocale });
  }
  // Whoever configuration makes a role holder is one before the first grant below.
  const seeded = options.seeds.some((s) => matches(s, incoming.platform, incoming.user.externalId));
  const member = seeded ? upserted.member : await linkByVerifiedEmail(repositories, upserted.member, identity, now);
  // The same member as read (not created, not merged just now): what was read holds.
  const read = known && known.member.id === member.id ? known : null;
  // A member created by this contact (and not merged into another) has no roles yet.
  const fresh = created && member.id === upserted.member.id;
  let roles = read ? read.roles : fresh ? [] : await repositories.roles.rolesOf(member.id);
  const missing = options.seeds.filter(
    (s) => matches(s, incoming.platform, incoming.user.externalId) && !roles.some((r) => r.role === s.role && r.scope === s.scope),
  );
  if (missing.length > 0) {
    for (const seed of missing) {
      await repositories.roles.grant(
        { memberId: member.id, role: seed.role, scope: seed.scope, source: 'config' },
        { at: now, actor: 'system', action: 'role.granted', subject: member.id, details: { role: seed.role, scope: seed.scope, source: 'config' } },
      );
    }
    roles = await repositories.roles.rolesOf(member.id);
  }
  // A member created now has no flow; one merged just now is read again when needed (undefined).
  const flow = read ? read.flow : created ? null : undefined;
  return { member, identity: { ...identity, memberId: member.id }, roles, created, flow };
}

/**
 * A person an import brought in (`admin import members`) becomes reachable when they first write
 * with that email verified by their platform: the two records are merged as an email link is
 * (the imported one, being older, stays; a role holder is never merged). An unverified email
 * (Teams' roster) never links.
 */
async function linkImported(repositories: Repositories, member: Member, identity: Identity, now: Date): Promise<Member> {
  if (!identity.emailVerified || !identity.email) return member;
  const imported = await repositories.members.importedByEmail(identity.email);
  if (!imported || imported.id === member.id) return member;
  if ((await repositories.roles.rolesOf(member.id)).length > 0) return member;
  const { keep, gone } = mergeSurvivor(member, imported);
  const identities: [string, string] = [identityKey(identity), `import:${imported.id}`];
  try {
    return await repositories.members.merge(
      keep.id,
      gone.id,
      now,
      { at: now, actor: 'system', action: 'member.linked', subject: keep.id, details: { merged: gone.id, by: 'email', platforms: [identity.platform, 'import'], identities } },
      { link: { at: now, by: 'email', identities } },
    );
  } catch (error) {
    if (isBotError(error, 'AUTH.ROLE_HOLDER')) return member;
    if (!isBotError(error, 'NOT_FOUND')) throw error;
    return (await repositories.members.findByIdentity(identity.platform, identity.externalId))?.member ?? member;
  }
}

/**
 * One person on two platforms is one member: when this identity's verified email is the
 * verified email of another member's identity on another platform, the two are merged. Never
 * into or out of a member who holds a role: an email says who someone claims to be, and roles
 * move only by a link the role holder confirms in both chats (`link`). Every link is recorded
 * with both identities.
 */
async function linkByVerifiedEmail(repositories: Repositories, member: Member, identity: Identity, now: Date): Promise<Member> {
  if (!identity.emailVerified || !identity.email) return member;
  const target = emailLinkTarget(identity, await repositories.members.identitiesByVerifiedEmail(identity.email));
  if (!target) return linkImported(repositories, member, identity, now);
  const other = await repositories.members.get(target.memberId);
  if (!other) return member;
  if ((await repositories.roles.rolesOf(member.id)).length > 0 || (await repositories.roles.rolesOf(other.id)).length > 0) return member;
  const { keep, gone } = mergeSurvivor(member, other);
  const identities: [string, string] = [identityKey(identity), identityKey(target)];
  let merged: Member;
  try {
    merged = await repositories.members.merge(
      keep.id,
      gone.id,
      now,
      { at: now, actor: 'system', action: 'member.linked', subject: keep.id, details: { merged: gone.id, by: 'email', platforms: [identity.platform, target.platform], identities } },
      { link: { at: now, by: 'email', identities } },
    );
  } catch (error) {
    // A role granted meanwhile (checked again in the merge's transaction): no link.
    if (isBotError(error, 'AUTH.ROLE_HOLDER')) return member;
    // A concurrent first contact of the same person merged them already: use the result.
    if (!isBotError(error, 'NOT_FOUND')) throw error;
    return (await repositories.members.findByIdentity(identity.platform, identity.externalId))?.member ?? member;
  }
  return merged;
}
