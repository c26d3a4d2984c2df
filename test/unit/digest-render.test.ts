// The digest as one neutral message, rendered natively: Block Kit within Slack's limits,
// an Adaptive Card, and the local chat's plain fields; every section present even when empty.
import { renderBlocks, renderMessages } from '../../adapters/slack/render';
import { renderCard } from '../../adapters/teams/render';
import { messageLines } from '../../scripts/chat-format';
import { buildDigest, type DigestInput } from '../../src/core/digest/digest';
import { translator } from '../../src/conversation/catalog/catalog';
import { digestMessage } from '../../src/conversation/digest/digest-message';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';

const t = translator('en');
const coalition = loadCoalitionFile(defaultCoalitionFile);
const countries = loadCountryRegistry();
const now = new Date('2026-11-30T08:00:00Z');
const period = { start: new Date('2026-11-23T08:00:00Z'), end: now };
const LABELS = ['Applications waiting', 'New members', 'New pledges', 'Pledge status changes', 'Meetings in the next 14 days', 'Reminders not delivered', 'Composition gaps', 'Flows left unfinished', 'Progress check-ins unanswered'];
/** The sections, then the line that says how to see the same as charts. */
const FIELDS = [...LABELS, 'Dashboard'];

function input(size: number): DigestInput {
  const day = (n: number) => new Date(now.getTime() - n * 24 * 3600_000);
  return {
    period,
    now,
    pendingApplications: Array.from({ length: size }, (_, i) => ({ id: `app${String(i).padStart(5, '0')}`, groupKey: 'access', submittedAt: day(i) })),
    newMemberships: Array.from({ length: size }, (_, i) => ({ groupKey: i % 2 ? 'access' : 'adoption', category: i % 3 ? 'academia' : null, joinedAt: day(1) })),
    memberships: [],
    newPledges: Array.from({ length: size }, (_, i) => ({ id: i + 1, focusArea: 'access', type: 'financial', valueUsd: 1000, countries: ['ETH'], createdAt: day(2) })),
    statusChanges: Array.from({ length: size }, (_, i) => ({ pledgeId: i + 1, at: day(3), from: 'announced', to: 'completed' })),
    upcoming: Array.from({ length: size }, (_, i) => ({ meetingId: `m${i}`, title: `Call <!channel> [x](http://evil) ${'long title '.repeat(10)}`, groupKey: 'access', at: new Date(now.getTime() + i * 3600_000), rsvps: { going: 1, maybe: 0, not_going: 2 } })),
    undelivered: Array.from({ length: size }, (_, i) => ({ meetingId: 'm', occurrenceAt: now, status: i % 2 ? 'failed' : 'dropped' })),
    abandonedFlows: Array.from({ length: size }, () => ({ flow: 'join', updatedAt: day(9) })),
    unansweredCheckIns: Array.from({ length: size }, (_, i) => ({ pledgeId: i + 1, year: 1, askedAt: day(i + 14) })),
  };
}

describe('digest figures', () => {
  it('lists unanswered progress check-ins, longest waiting first', () => {
    const digest = buildDigest(
      { ...input(0), unansweredCheckIns: [{ pledgeId: 7, year: 1, askedAt: new Date('2026-11-20T08:00:00Z') }, { pledgeId: 3, year: 2, askedAt: new Date('2026-11-01T08:00:00Z') }] },
      coalition,
      countries,
    );
    expect(digest.checkIns).toEqual([{ pledgeId: 3, year: 2, waitingDays: 29 }, { pledgeId: 7, year: 1, waitingDays: 10 }]);
    const field = digestMessage(digest, coalition, 'UTC', t).fields!.find((f) => f.label === 'Progress check-ins unanswered')!;
    expect(field.value).toBe('Pledge 3, year 2: asked 29 days ago\nPledge 7, year 1: asked 10 days ago');
  });

  it('says counts and waits in words: 1 day, since today, flows by what they were for', () => {
    const digest = buildDigest(
      {
        ...input(0),
        pendingApplications: [{ id: 'app00001', groupKey: 'access', submittedAt: new Date('2026-11-30T07:00:00Z') }],
        unansweredCheckIns: [{ pledgeId: 4, year: 1, askedAt: new Date('2026-11-29T07:00:00Z') }],
        abandonedFlows: [{ flow: 'pledge-check-in', updatedAt: new Date('2026-11-01T00:00:00Z') }, { flow: 'profile', updatedAt: new Date('2026-11-01T00:00:00Z') }],
      },
      coalition,
      countries,
    );
    const fields = digestMessage(digest, coalition, 'UTC', t).fields!;
    const value = (label: string) => fields.find((f) => f.label === label)!.value;
    expect(value('Applications waiting')).toMatch(/^1 waiting; the oldest waiting since today\.\napp00001 · .* · since today$/);
    expect(value('Progress check-ins unanswered')).toBe('Pledge 4, year 1: asked 1 day ago');
    expect(value('Flows left unfinished')).toMatch(/: progress check-ins 1, profiles 1$/);
  });

  it('adds pledges per focus area and type, and counts USD towards LDCs, LLDCs and SIDS (countries or the group itself)', () => {
    const digest = buildDigest(
      {
        ...input(0),
        newPledges: [
          { id: 1, focusArea: 'access', type: 'financial', valueUsd: 100, countries: ['ETH'], createdAt: now }, // LDC and LLDC
          { id: 2, focusArea: 'access', type: 'policy', valueUsd: null, countries: ['FJI'], createdAt: now },
          { id: 3, focusArea: 'adoption', type: 'financial', valueUsd: 50, countries: ['sids', 'FRA'], createdAt: now },
          { id: 4, focusArea: 'adoption', type: 'financial', valueUsd: 7, countries: ['GLOBAL'], createdAt: now },
        ],
      },
      coalition,
      countries,
    );
    expect(digest.pledges).toEqual({
      count: 4,
      totalUsd: 157,
      byFocusArea: { access: { count: 2, usd: 100 }, adoption: { count: 2, usd: 57 } },
      byType: { financial: { count: 3, usd: 157 }, policy: { count: 1, usd: 0 } },
      targeting: { ldc: 150, lldc: 100, sids: 50 }, // the SIDS include LDCs
    });
  });
});

describe('digest rendering', () => {
  it('says "Nothing new." in every section of an empty digest', () => {
    const message = digestMessage(buildDigest(input(0), coalition, countries), coalition, 'Europe/Zurich', t);
    expect(message.title).toBe('Secretariat digest, 2026-11-23 to 2026-11-30');
    expect(message.fields?.map((f) => f.label)).toEqual(FIELDS);
    expect(message.fields?.at(-1)?.value).toBe('See all of this as charts: type dashboard for a sign-in link.');
    const values = Object.fromEntries(message.fields!.map((f) => [f.label, f.value]));
    for (const label of LABELS.filter((l) => l !== 'Composition gaps')) expect(values[label]).toBe('Nothing new.');
    expect(values['Composition gaps']).toContain('Access: no Member State');
  });

  it('cuts long sections with a count and stays within Block Kit limits (50 blocks, 3000 characters per section, 2000 per field)', () => {
    const message = digestMessage(buildDigest(input(300), coalition, countries), coalition, 'Europe/Zurich', t);
    expect(message.fields?.find((f) => f.label === 'Applications waiting')?.value).toContain('… and 289 more');
    const parts = renderMessages(message, t);
    expect(parts).toHaveLength(1);
    const { text, blocks } = parts[0];
    expect(text).toContain('Secretariat digest');
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Secretariat digest, 2026-11-23 to 2026-11-30', emoji: true } });
    const sections = blocks.filter((b) => b.type === 'section') as { text?: { text: string }; fields?: { text: string }[] }[];
    const fieldTexts = sections.flatMap((s) => s.fields ?? []).map((f) => f.text);
    // A section longer than a field may be (the meetings, with their long titles) is a section of its own.
    const sectionTexts = sections.flatMap((s) => (s.text ? [s.text.text] : []));
    for (const s of sectionTexts) expect(s.length).toBeLessThanOrEqual(3000);
    for (const f of fieldTexts) expect(f.length).toBeLessThanOrEqual(2000);
    for (const label of FIELDS) expect([...fieldTexts, ...sectionTexts].filter((f) => f.startsWith(`*${label}*\n`))).toHaveLength(1);
    expect(fieldTexts.join()).not.toContain('<!channel>'); // escaped: no mention from a meeting title
    expect(renderBlocks(digestMessage(buildDigest(input(0), coalition, countries), coalition, 'UTC', t), t).length).toBeLessThanOrEqual(50);
  });

  it('is an Adaptive Card with the title and one fact per section', () => {
    const card = renderCard(digestMessage(buildDigest(input(3), coalition, countries), coalition, 'Europe/Zurich', t), t);
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Secretariat digest, 2026-11-23 to 2026-11-30', weight: 'Bolder' });
    const facts = card.body.find((e) => e.type === 'FactSet') as { facts: { title: string; value: string }[] };
    expect(facts.facts.map((f) => f.title)).toEqual(FIELDS);
    expect(facts.facts[2].value).toContain('3 new, USD 3,000 in total.');
    expect(JSON.stringify(card)).not.toContain('[x](http');
  });

  it('prints as text in the terminal chat: the title, then every section with its lines indented', () => {
    const lines = messageLines(digestMessage(buildDigest(input(2), coalition, countries), coalition, 'UTC', t)).join('\n').split('\n');
    expect(lines[0]).toBe('Secretariat digest, 2026-11-23 to 2026-11-30');
    expect(lines).toContain('  New pledges: 2 new, USD 2,000 in total.');
    expect(lines).toContain('      By type: Financial 2 (USD 2,000)');
    expect(lines).toContain('  Reminders not delivered: 1 failed, 1 dropped (the bot was down).');
    for (const label of LABELS) expect(lines.some((l) => l.startsWith(`  ${label}: `))).toBe(true);
  });
});
