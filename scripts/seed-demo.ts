// `npm run seed:demo [-- --force]`: fills the database with a demo coalition (members, chairs,
// meetings, pledges, pending applications) through the repositories. Its members are local chat
// users (demo-01 … demo-60) with a local chat address, so reminders and notices reach them and
// show when the page switches to one. A second run adds nothing and says the demo is there;
// a database holding members that are not demo members is refused unless --force is given.
import { localAddress } from '../adapters/local/address';
import { toInstant } from '../src/core/meetings/zoned-time';
import type { Repositories } from '../src/core/ports';
import { isStartupError, loadStartup } from '../src/startup';
import { openDatabase } from '../src/db/open-database';
import { demoMembers, demoPledges, GROUPS, MEETINGS } from './demo/demo-coalition';

const DEMO = /^demo-/;
const MEETING_TIME_ZONE = 'Europe/Zurich';

export interface SeedCounts {
  members: number;
  meetings: number;
  pledges: number;
  applications: number;
}

export interface SeedResult extends SeedCounts {
  /** What of the demo was already there before this run. */
  present: SeedCounts;
  /** Demo members already there that had no local chat address (or were marked unreachable) and now have one. */
  madeReachable: number;
  /** The local chat user who chairs each working group. */
  chairs: { group: string; user: string }[];
}

/** The members that are no demo members (no local identity "demo-..."). */
async function realMembers(repositories: Repositories): Promise<number> {
  let count = 0;
  for (const member of await repositories.members.list()) {
    const identities = await repositories.members.identities(member.id);
    if (!identities.some((i) => i.platform === 'local' && DEMO.test(i.externalId))) count++;
  }
  return count;
}

export async function seedDemo(repositories: Repositories, now: Date): Promise<SeedResult> {
  const result: SeedResult = { members: 0, meetings: 0, pledges: 0, applications: 0, present: { members: 0, meetings: 0, pledges: 0, applications: 0 }, madeReachable: 0, chairs: [] };
  const people = demoMembers();
  const ids: string[] = [];
  for (const p of people) {
    const address = localAddress(p.externalId);
    const before = await repositories.members.findByIdentity('local', p.externalId);
    if (before && (before.identity.address !== address || before.identity.unreachableAt !== null)) result.madeReachable++;
    // The address is what makes a demo member reachable: reminders and notices go to the local chat.
    const { member, created } = await repositories.members.upsertByIdentity({ platform: 'local', externalId: p.externalId, displayName: p.name, address }, now, { locale: 'en', name: p.name });
    if (before?.identity.unreachableAt) await repositories.members.markReachable('local', p.externalId);
    if (created) result.members++;
    else result.present.members++;
    await repositories.members.updateProfile(member.id, { name: p.name, organization: p.organization, category: p.category, country: p.country, timeZone: p.timeZone, email: p.email, profileCompletedAt: member.profileCompletedAt ?? now });
    for (const group of p.groups) await repositories.memberships.add(member.id, group, now);
    ids.push(member.id);
  }
  // Chairs: the first member of each working group.
  for (const group of GROUPS) {
    const chair = people.findIndex((p) => p.groups.includes(group));
    await repositories.roles.grant({ memberId: ids[chair], role: 'chair', scope: group, source: 'operator' });
    result.chairs.push({ group, user: people[chair].externalId });
  }
  const existingMeetings = new Set((await repositories.meetings.scheduled()).map((m) => `${m.group}|${m.title}`));
  for (const m of MEETINGS) {
    if (existingMeetings.has(`${m.group}|${m.title}`)) {
      result.present.meetings++;
      continue;
    }
    const day = new Date(now.getTime() + m.inDays * 24 * 3600_000);
    const local = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: 14, minute: 0 };
    const startLocal = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}T14:00`;
    const chair = ids[people.findIndex((p) => p.groups.includes(m.group))];
    await repositories.meetings.create(
      { group: m.group, title: m.title, startLocal, timeZone: MEETING_TIME_ZONE, firstStartAt: toInstant(local, MEETING_TIME_ZONE), durationMinutes: 60, joinUrl: 'https://meet.example.org/p2c-' + m.group, agenda: 'Updates from members; pledges; next steps', rrule: m.rrule, createdById: chair },
      now,
    );
    result.meetings++;
  }
  const existingPledges = new Set((await repositories.pledges.all()).map((p) => `${p.memberId}|${p.title}`));
  const year = now.getUTCFullYear();
  for (const p of demoPledges()) {
    const memberId = ids[p.owner];
    if (existingPledges.has(`${memberId}|${p.title}`)) {
      result.present.pledges++;
      continue;
    }
    const owner = people[p.owner];
    const pledge = await repositories.pledges.create(
      {
        memberId, entity: owner.organization, sector: owner.category, focusArea: p.focusArea, pillar: null, title: p.title,
        description: `${owner.organization} commits to ${p.title.toLowerCase()}.`, type: p.type, valueUsd: p.valueUsd,
        countries: p.countries, beneficiaries: p.beneficiaries, sdgs: p.sdgs, startYear: year, endYear: year + 3,
        nextCheckInAt: new Date(now.getTime() + 365 * 24 * 3600_000),
      },
      now,
    );
    if (p.status !== 'announced') await repositories.pledges.setStatus(pledge.id, p.status, null, memberId, now);
    result.pledges++;
  }
  // Pending applications: a few members ask to join a group they are not in.
  for (const i of [1, 8, 17, 26, 35, 44]) {
    const group = GROUPS.find((g) => !people[i].groups.includes(g))!;
    const answers = { commitment_evidence: 'We have run connectivity projects in the region for five years.', pledge_readiness: true, roundtable: true, action_framework: i % 2 === 0 };
    const applied = await repositories.applications.create({ memberId: ids[i], groupKey: group, answers, submittedAt: now });
    if (applied) result.applications++;
    else result.present.applications++;
  }
  return result;
}

const added = (c: SeedCounts) => c.members + c.meetings + c.pledges + c.applications > 0;
const counts = (c: SeedCounts) => `${c.members} members, ${c.meetings} meetings, ${c.pledges} pledges, ${c.applications} applications`;

/** What `npm run seed:demo` prints for a result. */
export function seedReport(r: SeedResult, groupNames: Record<string, string>): string {
  const lines = added(r)
    ? [`demo coalition: ${counts(r)} added${added(r.present) ? ` (already there: ${counts(r.present)})` : ''}`]
    : [`demo coalition: already there (${counts(r.present)}); nothing added`];
  if (r.madeReachable > 0) lines.push(`${r.madeReachable} demo members had no local chat address and can now be reached there`);
  const chaired = new Map<string, string[]>();
  for (const c of r.chairs) chaired.set(c.user, [...(chaired.get(c.user) ?? []), groupNames[c.group] ?? c.group]);
  const chairs = [...chaired].map(([user, groups]) => `${user} (${groups.join(', ')})`).join(', ');
  lines.push(`Its members are the local chat users demo-01 … demo-60: in the local chat page, type one's name in "other user…" and press Switch (those with messages are also listed under "Chat as") to read what the bot sent them. Chairs: ${chairs}.`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const { config, coalition } = loadStartup();
  const database = await openDatabase({ url: config.databaseUrl });
  try {
    await database.repositories.coalition.sync(coalition);
    const real = await realMembers(database.repositories);
    if (real > 0 && !force) {
      process.stderr.write(`The database holds ${real} members that are not demo members: not seeding. Use an empty database, or add --force to add the demo coalition anyway.\n`);
      process.exitCode = 1;
      return;
    }
    const r = await seedDemo(database.repositories, new Date());
    process.stdout.write(seedReport(r, Object.fromEntries(coalition.focusAreas.map((f) => [f.key, f.workingGroup.name]))));
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const known = isStartupError(error);
    process.stderr.write(`${error instanceof Error ? (known ? error.message : error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
