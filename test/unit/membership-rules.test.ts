// The pure membership rules: composition gaps, where to reach a member, who may apply
// and decide, identity linking, and reading group names as members type them.
import { canApply, canDecide } from '../../src/core/membership/application-rules';
import { compositionGaps } from '../../src/core/membership/composition-gaps';
import { findGroup, splitGroupArgument } from '../../src/core/membership/group-lookup';
import { emailLinkTarget, linkCodeFrom, mergeSurvivor, normalizeLinkCode, LINK_CODE_ALPHABET } from '../../src/core/membership/identity-linking';
import { findMember } from '../../src/core/membership/member-lookup';
import { notificationAddress } from '../../src/core/membership/notification-address';
import { canSeeComposition, canSeeRoster, canManageGroup } from '../../src/core/membership/roles';
import type { Application, Identity, Member } from '../../src/core/ports';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';

const t = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 9, minutes));

function identity(over: Partial<Identity>): Identity {
  return { id: 'i', memberId: 'm1', platform: 'slack', externalId: 'x', address: 'slack:a', email: null, emailVerified: false, displayName: null, unreachableAt: null, lastSeenAt: t(0), ...over };
}

function member(over: Partial<Member>): Member {
  return { id: 'm', name: null, organization: null, category: null, country: null, timeZone: null, email: null, locale: 'en', profileCompletedAt: null, preferredPlatform: null, createdAt: t(0), ...over };
}

describe('compositionGaps', () => {
  const groups = [{ key: 'access', name: 'Access' }, { key: 'adoption', name: 'Adoption' }];
  const categories = [{ key: 'academia', name: 'Academia' }, { key: 'youth', name: 'Youth Group' }];

  it('counts members per group and category and names every missing category', () => {
    const matrix = compositionGaps(groups, categories, [
      { groupKey: 'access', category: 'youth' },
      { groupKey: 'access', category: 'youth' },
      { groupKey: 'access', category: null },
      { groupKey: 'adoption', category: 'academia' },
      { groupKey: 'adoption', category: 'youth' },
      { groupKey: 'elsewhere', category: 'academia' },
    ]);
    expect(matrix.rows.map((r) => [r.group.key, r.counts, r.total, r.uncategorized])).toEqual([
      ['access', { academia: 0, youth: 2 }, 3, 1],
      ['adoption', { academia: 1, youth: 1 }, 2, 0],
    ]);
    expect(matrix.gaps).toEqual([{ groupKey: 'access', groupName: 'Access', categoryKey: 'academia', categoryName: 'Academia' }]);
  });

  it('an empty group lacks every category; an unknown category counts as uncategorized', () => {
    const matrix = compositionGaps(groups, categories, [{ groupKey: 'adoption', category: 'retired' }]);
    expect(matrix.gaps.map((g) => `${g.groupName}/${g.categoryName}`)).toEqual(['Access/Academia', 'Access/Youth Group', 'Adoption/Academia', 'Adoption/Youth Group']);
    expect(matrix.rows[1]).toMatchObject({ total: 1, uncategorized: 1 });
  });
});

describe('notificationAddress', () => {
  const slack = identity({ id: 's', platform: 'slack', address: 'slack:s', lastSeenAt: t(10) });
  const teams = identity({ id: 't', platform: 'teams', address: 'teams:t', lastSeenAt: t(20) });

  it('uses the platform used last without a preference', () => {
    expect(notificationAddress({ preferredPlatform: null }, [slack, teams])).toBe('teams:t');
    expect(notificationAddress({ preferredPlatform: null }, [{ ...slack, lastSeenAt: t(30) }, teams])).toBe('slack:s');
  });

  it('uses the chosen platform when it has a reachable identity', () => {
    expect(notificationAddress({ preferredPlatform: 'slack' }, [slack, teams])).toBe('slack:s');
    expect(notificationAddress({ preferredPlatform: 'local' }, [slack, teams])).toBe('teams:t');
  });

  it('skips unreachable identities and identities without an address', () => {
    expect(notificationAddress({ preferredPlatform: 'slack' }, [{ ...slack, unreachableAt: t(11) }, teams])).toBe('teams:t');
    expect(notificationAddress({ preferredPlatform: null }, [slack, { ...teams, address: null }])).toBe('slack:s');
    expect(notificationAddress({ preferredPlatform: null }, [{ ...slack, unreachableAt: t(1) }])).toBeNull();
    expect(notificationAddress({ preferredPlatform: null }, [])).toBeNull();
  });
});

describe('application rules', () => {
  const app = (over: Partial<Application>): Application => ({ id: 'a1', memberId: 'm1', groupKey: 'access', status: 'pending', answers: {}, submittedAt: t(0), decidedAt: null, decidedById: null, reason: null, ...over });

  it('refuses a second application to a group one belongs to or has pending', () => {
    expect(canApply('m1', 'access', [{ memberId: 'm1', groupKey: 'access', joinedAt: t(0) }], [])).toEqual({ reason: 'already_member' });
    expect(canApply('m1', 'access', [], [app({})])).toEqual({ reason: 'already_pending', applicationId: 'a1' });
    expect(canApply('m1', 'access', [], [app({ status: 'rejected' })])).toBeNull();
    expect(canApply('m1', 'adoption', [{ memberId: 'm1', groupKey: 'access', joinedAt: t(0) }], [app({})])).toBeNull();
  });

  it('no member decides their own application; a rejection needs a reason; a decision is final', () => {
    expect(canDecide(app({}), 'm1', 'approved')).toEqual({ reason: 'own_application' });
    expect(canDecide(app({}), 's1', 'approved')).toBeNull();
    expect(canDecide(app({}), 's1', 'rejected')).toEqual({ reason: 'reason_required' });
    expect(canDecide(app({}), 's1', 'rejected', '  ')).toEqual({ reason: 'reason_required' });
    expect(canDecide(app({}), 's1', 'rejected', 'Full')).toBeNull();
    expect(canDecide(app({ status: 'approved' }), 's1', 'rejected', 'Full')).toEqual({ reason: 'already_decided', status: 'approved' });
    expect(canDecide(null, 's1', 'approved')).toEqual({ reason: 'not_found' });
  });
});

describe('roles', () => {
  const chair = { memberId: 'c', role: 'chair' as const, scope: 'access', source: 'chat' as const };
  const secretariat = { memberId: 's', role: 'secretariat' as const, scope: '', source: 'config' as const };
  it('rosters for members, chairs of the group and the secretariat; composition for any chair', () => {
    expect(canSeeRoster([], true, 'access')).toBe(true);
    expect(canSeeRoster([], false, 'access')).toBe(false);
    expect(canSeeRoster([chair], false, 'access')).toBe(true);
    expect(canSeeRoster([chair], false, 'adoption')).toBe(false);
    expect(canSeeRoster([secretariat], false, 'adoption')).toBe(true);
    expect(canManageGroup([chair], 'adoption')).toBe(false);
    expect(canSeeComposition([chair])).toBe(true);
    expect(canSeeComposition([])).toBe(false);
  });
});

describe('identity linking', () => {
  const mine = identity({ memberId: 'new', platform: 'teams', email: 'Kim@Example.org', emailVerified: true });
  it('links the same verified email across platforms only', () => {
    const other = identity({ memberId: 'old', platform: 'slack', email: 'kim@example.org', emailVerified: true });
    expect(emailLinkTarget(mine, [other])).toBe(other);
    expect(emailLinkTarget(mine, [{ ...other, emailVerified: false }])).toBeNull();
    expect(emailLinkTarget(mine, [{ ...other, platform: 'teams' }])).toBeNull();
    expect(emailLinkTarget(mine, [{ ...other, memberId: 'new' }])).toBeNull();
    expect(emailLinkTarget({ ...mine, emailVerified: false }, [other])).toBeNull();
  });

  it('keeps the older member', () => {
    const a = member({ id: 'a', createdAt: t(5) });
    const b = member({ id: 'b', createdAt: t(1) });
    expect(mergeSurvivor(a, b)).toEqual({ keep: b, gone: a });
    expect(mergeSurvivor(b, a)).toEqual({ keep: b, gone: a });
  });

  it('codes use an unambiguous alphabet and read back as typed', () => {
    expect(linkCodeFrom([0, 1, 2, 30, 31])).toBe('ABC9A');
    expect(LINK_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(normalizeLinkCode(' abcd-ef23 ')).toBe('ABCDEF23');
  });
});

describe('group and member lookup', () => {
  const coalition = loadCoalitionFile(defaultCoalitionFile);
  it('finds a group by key, focus area name, group name or unique prefix, in any case', () => {
    for (const raw of ['value_creation', 'Value Creation', 'value creation working group', 'VALUE', 'val']) {
      expect(findGroup(coalition, raw)).toMatchObject({ kind: 'group', group: { key: 'value_creation' } });
    }
    expect(findGroup(coalition, 'a')).toMatchObject({ kind: 'ambiguous' });
    expect(findGroup(coalition, 'Adoptoin')).toMatchObject({ kind: 'unknown', suggestion: { key: 'adoption' } });
    expect(findGroup(coalition, 'zzz')).toEqual({ kind: 'unknown', suggestion: undefined });
  });

  it('splits "<group> <member>" with multi-word groups', () => {
    expect(splitGroupArgument(coalition, 'value creation Ada Lovelace')).toMatchObject({ lookup: { kind: 'group', group: { key: 'value_creation' } }, rest: 'Ada Lovelace' });
    expect(splitGroupArgument(coalition, 'access ada@example.org')).toMatchObject({ lookup: { group: { key: 'access' } }, rest: 'ada@example.org' });
  });

  it('finds a member by id, email or name; several matches are candidates', () => {
    const members = [member({ id: 'm1', name: 'Ada Lovelace', email: 'ada@x.org' }), member({ id: 'm2', name: 'Ada King' }), member({ id: 'm3', name: 'Bob' })];
    expect(findMember(members, 'm3')).toMatchObject({ kind: 'member', member: { id: 'm3' } });
    expect(findMember(members, 'ADA@x.org')).toMatchObject({ kind: 'member', member: { id: 'm1' } });
    expect(findMember(members, 'ada lovelace')).toMatchObject({ kind: 'member', member: { id: 'm1' } });
    expect(findMember(members, 'ada')).toMatchObject({ kind: 'ambiguous', candidates: [{ id: 'm1' }, { id: 'm2' }] });
    expect(findMember(members, 'zed')).toEqual({ kind: 'unknown' });
  });
});
