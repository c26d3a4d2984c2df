// A member of the local chat with a complete profile, as the conversation tests need one: the
// bot meets them (they say `me`), then their profile is written as if they had answered it.
import type { TestApp } from './in-process-app';

export interface LocalProfile {
  /** false: the member is only met, their profile left empty. */
  complete?: boolean;
  organization?: string;
  category?: string;
  completedAt?: Date;
}

/** The member id of local user `user`; their profile: name USER, organization "<user> Networks", Kenya, Africa/Nairobi (private sector unless told). */
export async function localMember(t: TestApp, user: string, profile: LocalProfile = {}): Promise<string> {
  await t.say(user, { text: 'me' });
  const db = t.app.database.prisma;
  const identity = await db.identity.findFirstOrThrow({ where: { platform: 'local', externalId: user } });
  if (profile.complete !== false) {
    await db.member.update({
      where: { id: identity.memberId },
      data: {
        name: user.toUpperCase(),
        organization: profile.organization ?? `${user} Networks`,
        category: profile.category ?? 'private_sector',
        country: 'KEN',
        timeZone: 'Africa/Nairobi',
        profileCompletedAt: profile.completedAt ?? new Date(),
      },
    });
  }
  return identity.memberId;
}
