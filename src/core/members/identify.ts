// Who is talking: the member behind a platform identity, created on first contact,
// with the roles that configuration grants (the secretariat's ids) applied.
import type { IncomingMessage, Platform } from '../messages';
import type { Identity, Member, Repositories, RoleAssignment, RoleName } from '../ports';

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

export async function identify(
  repositories: Repositories,
  incoming: IncomingMessage,
  now: Date,
  options: { locale: string; seeds: RoleSeed[] },
): Promise<{ member: Member; identity: Identity; roles: RoleAssignment[]; created: boolean }> {
  const { member, identity, created } = await repositories.members.upsertByIdentity(
    {
      platform: incoming.platform,
      externalId: incoming.user.externalId,
      address: incoming.directAddress ?? null,
      // What this contact does not carry (a failed profile lookup) keeps what is stored.
      displayName: incoming.user.displayName,
      email: incoming.user.email,
      emailVerified: incoming.user.email === undefined ? undefined : incoming.user.emailVerified ?? false,
    },
    now,
    { locale: incoming.locale ?? options.locale, name: incoming.user.displayName ?? null },
  );
  let roles = await repositories.roles.rolesOf(member.id);
  const missing = options.seeds.filter(
    (s) => matches(s, incoming.platform, incoming.user.externalId) && !roles.some((r) => r.role === s.role && r.scope === s.scope),
  );
  if (missing.length > 0) {
    for (const seed of missing) {
      await repositories.roles.grant({ memberId: member.id, role: seed.role, scope: seed.scope, source: 'config' });
      await repositories.audit.record({ at: now, actor: 'system', action: 'role.granted', subject: member.id, details: { role: seed.role, scope: seed.scope, source: 'config' } });
    }
    roles = await repositories.roles.rolesOf(member.id);
  }
  return { member, identity, roles, created };
}
