// The dashboard over real HTTP on both databases: the one-time link (single use, 10 minutes,
// bound to a member with the role), the session cookie (roles checked on every request, 8 hours
// idle), what a chair may see, filters, CSV of each chart, and the LDC figure of `pledge totals`.
import type { OutgoingMessage } from '../../src/core/messages';
import { parse } from 'csv-parse/sync';
import type { NewPledge } from '../../src/core/pledges/pledge-ports';
import { coalitionIn } from '../../src/core/coalition/coalition';
import { translator } from '../../src/conversation/catalog/catalog';
import { defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const SECRETARIAT = 'demo-secretariat';
const CHAIR = 'demo-chair'; // chair of "access" (the local chat's demo identities)
const NOW = '2026-11-20T10:00:00Z';

interface Chart {
  id: string;
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

const link = (reply: OutgoingMessage) => reply.fields?.find((f) => f.label === 'Open the dashboard')?.value ?? '';
const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

function pledge(memberId: string, over: Partial<NewPledge>): NewPledge {
  return {
    memberId, entity: 'Org', sector: 'private_sector', focusArea: 'access', pillar: null, title: 'Towers', description: 'Towers for villages',
    type: 'programmatic', valueUsd: 1_000_000, countries: ['FRA'], beneficiaries: [], sdgs: [9], startYear: 2026, endYear: 2028, nextCheckInAt: null, ...over,
  };
}

describeEachDatabase('dashboard', (getUrl) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(getUrl(), NOW);
    for (const user of [SECRETARIAT, CHAIR, 'ann']) await t.say(user, { text: 'help' });
    const { repositories, prisma } = t.app.database;
    const ann = (await repositories.members.findByIdentity('local', 'ann'))!.member.id;
    const made = [
      // Access: Nepal (LDC and LLDC), Fiji (SIDS), France; one in January, two in October.
      await repositories.pledges.create(pledge(ann, { valueUsd: 2_000_000, countries: ['NPL'], sdgs: [4, 9] }), new Date('2026-01-15T12:00:00Z')),
      await repositories.pledges.create(pledge(ann, { valueUsd: 3_000_000, countries: ['FJI', 'FRA'], type: 'policy' }), new Date('2026-10-02T12:00:00Z')),
      await repositories.pledges.create(pledge(ann, { valueUsd: 500_000, countries: ['NPL'] }), new Date('2026-10-20T12:00:00Z')),
      // Adoption: Bolivia (LLDC), and a withdrawn one that no total counts.
      await repositories.pledges.create(pledge(ann, { focusArea: 'adoption', valueUsd: 7_000_000, countries: ['BOL'] }), new Date('2026-10-05T12:00:00Z')),
      await repositories.pledges.create(pledge(ann, { focusArea: 'adoption', valueUsd: 9_000_000, countries: ['NER'] }), new Date('2026-10-06T12:00:00Z')),
    ];
    await repositories.pledges.setStatus(made[4].id, 'withdrawn', 'budget cut', ann, new Date('2026-10-07T12:00:00Z'));
    // The repository stamps createdAt with the time given; check it did, since the filters rely on it.
    expect((await prisma.pledge.findMany({ orderBy: { id: 'asc' } })).map((p) => p.createdAt.toISOString().slice(0, 7))).toEqual(['2026-01', '2026-10', '2026-10', '2026-10', '2026-10']);
  });
  afterAll(() => t.stop());

  async function signIn(user: string): Promise<string> {
    const [reply] = await t.say(user, { text: 'dashboard' });
    const res = await fetch(`${t.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: tokenOf(link(reply)) }), redirect: 'manual' });
    expect(res.status).toBe(303);
    return /dashboard_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
  }

  const get = (path: string, cookie?: string) => fetch(`${t.url}${path}`, { headers: cookie ? { cookie: `dashboard_session=${cookie}` } : {}, redirect: 'manual' });

  async function charts(cookie: string, query = ''): Promise<Record<string, Chart>> {
    const res = await get(`/dashboard/data${query}`, cookie);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { charts: Chart[] };
    return Object.fromEntries(body.charts.map((c) => [c.id, c]));
  }

  it('answers a one-time link bound to the member; it signs in once, with a strict cookie and headers', async () => {
    const [reply] = await t.say(SECRETARIAT, { text: 'dashboard' });
    expect(reply.text).toContain('works once, within 10 minutes');
    const url = link(reply);
    expect(url).toMatch(new RegExp(`^http://localhost:${t.app.port}/dashboard/signin\\?token=[A-Za-z0-9_-]{43}$`));
    // Only the token's hash is stored.
    const stored = await t.app.database.prisma.dashboardLink.findMany();
    expect(stored.map((l) => l.tokenHash)).not.toContain(tokenOf(url));

    // Opening the link (as a link preview would) uses nothing up: the page asks to sign in.
    const page = await get(`/dashboard/signin?token=${tokenOf(url)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="/dashboard/signin">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');

    const post = () => fetch(`${t.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: tokenOf(url) }), redirect: 'manual' });
    const first = await post();
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/dashboard');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^dashboard_session=[A-Za-z0-9_-]{43}; Path=\/dashboard; HttpOnly; SameSite=Strict$/); // not Secure over http
    const second = await post();
    expect(second.status).toBe(403);
    expect(await second.text()).toContain('has been used, has expired');

    const session = /dashboard_session=([^;]+)/.exec(cookie)![1];
    const home = await get('/dashboard', session);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Partner2Connect Digital Coalition dashboard');
    expect(html).not.toMatch(/<script>|<script(?![^>]*src=)[^>]*>|style="/); // nothing inline: the CSP allows none
    expect(home.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    // The chart library is served by the bot itself.
    const lib = await get('/dashboard/assets/echarts.min.js', session);
    expect(lib.status).toBe(200);
    expect(lib.headers.get('content-type')).toContain('javascript');
    expect(await lib.text()).toContain('echarts');
    expect((await get('/dashboard/assets/../../package.json')).status).toBe(404);

    // Signing out ends the session for good.
    const out = await fetch(`${t.url}/dashboard/signout`, { method: 'POST', headers: { cookie: `dashboard_session=${session}` }, redirect: 'manual' });
    expect(out.status).toBe(303);
    expect((await get('/dashboard/data', session)).status).toBe(401);
  });

  it('marks the cookie Secure and builds the link on PUBLIC_URL when the bot is served over https', async () => {
    const behindProxy = await startTestApp(getUrl(), NOW, { PUBLIC_URL: 'https://bot.example.org' });
    try {
      await behindProxy.say(SECRETARIAT, { text: 'help' });
      const [reply] = await behindProxy.say(SECRETARIAT, { text: 'dashboard' });
      expect(link(reply)).toMatch(/^https:\/\/bot\.example\.org\/dashboard\/signin\?token=/);
      const res = await fetch(`${behindProxy.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: tokenOf(link(reply)) }), redirect: 'manual' });
      expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await behindProxy.stop();
    }
  });

  it('refuses an expired link, a forged one, a link from another site, and members without the role', async () => {
    const [reply] = await t.say(SECRETARIAT, { text: 'dashboard' });
    t.clock.advance(10 * 60_000 + 1000);
    const late = await fetch(`${t.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: tokenOf(link(reply)) }), redirect: 'manual' });
    expect(late.status).toBe(403);
    const forged = await fetch(`${t.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: 'A'.repeat(43) }), redirect: 'manual' });
    expect(forged.status).toBe(403);
    expect((await get('/dashboard/signin?token=short')).status).toBe(403);

    const [fresh] = await t.say(SECRETARIAT, { text: 'dashboard' });
    const crossSite = await fetch(`${t.url}/dashboard/signin`, {
      method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ token: tokenOf(link(fresh)) }), redirect: 'manual',
    });
    expect(crossSite.status).toBe(403);

    // A member without a role gets no link at all.
    const [refused] = await t.say('ann', { text: 'dashboard' });
    expect(refused.text).toContain('Only');
    expect(refused.fields).toBeUndefined();
    // A chair whose role goes before the link is used: the link opens nothing.
    const [chairReply] = await t.say(CHAIR, { text: 'dashboard' });
    expect(chairReply.text).toContain('As chair you see Access, read-only.');
    const chairId = (await t.app.database.repositories.members.findByIdentity('local', CHAIR))!.member.id;
    await t.app.database.repositories.roles.revoke(chairId, 'chair', 'access');
    const noRole = await fetch(`${t.url}/dashboard/signin`, { method: 'POST', body: new URLSearchParams({ token: tokenOf(link(chairReply)) }), redirect: 'manual' });
    expect(noRole.status).toBe(403);
    expect(await noRole.text()).toContain('you hold neither role now');
    await t.app.database.repositories.roles.grant({ memberId: chairId, role: 'chair', scope: 'access', source: 'operator' });
    // No cookie: the page explains how to sign in.
    const anonymous = await get('/dashboard');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('Type dashboard in chat for a sign-in link.');
  });

  it('checks the role on every request: a chair loses the dashboard the moment the role goes', async () => {
    const session = await signIn(CHAIR);
    expect((await get('/dashboard/data', session)).status).toBe(200);
    const chairId = (await t.app.database.repositories.members.findByIdentity('local', CHAIR))!.member.id;
    await t.app.database.repositories.roles.revoke(chairId, 'chair', 'access');
    const refused = await get('/dashboard/data', session);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toContain('you hold neither role now');
    await t.app.database.repositories.roles.grant({ memberId: chairId, role: 'chair', scope: 'access', source: 'operator' });
    // The session was ended, not suspended: getting the role back needs a new link.
    expect((await get('/dashboard/data', session)).status).toBe(401);
  });

  it('ends a session after 8 hours without use, not while it is used', async () => {
    const session = await signIn(SECRETARIAT);
    t.clock.advance(7 * 3600_000);
    expect((await get('/dashboard/data', session)).status).toBe(200);
    t.clock.advance(7 * 3600_000); // 14 hours after sign-in, 7 after the last use
    expect((await get('/dashboard/data', session)).status).toBe(200);
    t.clock.advance(8 * 3600_000 + 60_000);
    expect((await get('/dashboard/data', session)).status).toBe(401);
    t.clock.set(NOW);
  });

  it('shows a chair their own group only, read-only', async () => {
    const session = await signIn(CHAIR);
    const home = await (await get('/dashboard', session)).text();
    expect(home).toContain('Read-only view of Access');
    expect(home).not.toContain('value="adoption"');
    const c = await charts(session);
    expect(c['pledges-by-area'].rows).toEqual([['Access', 3, 5_500_000]]);
    expect(c.composition.rows.map((r) => r[0])).toEqual(['Access']);
    const other = await get('/dashboard/data?area=adoption', session);
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: string }).error).toBe('Focus area: choose one of access.');
    expect((await get('/dashboard/data/pledges-by-area.csv?area=adoption', session)).status).toBe(400);
  });

  it('filters every chart by period and focus area; each CSV holds what its chart shows', async () => {
    const session = await signIn(SECRETARIAT);
    const all = await charts(session);
    expect(all['pledges-by-area'].rows).toEqual([['Access', 3, 5_500_000], ['Adoption', 1, 7_000_000]]);
    expect(all['pledges-by-status'].rows).toEqual([['announced', 4, 12_500_000], ['withdrawn', 1, 9_000_000]]);
    const october = await charts(session, '?from=2026-10&to=2026-10');
    expect(october['pledges-by-area'].rows).toEqual([['Access', 2, 3_500_000], ['Adoption', 1, 7_000_000]]);
    // The cumulative line starts from what was pledged before the period.
    expect(october['pledges-cumulative'].rows).toEqual([['2026-10', 3, 10_500_000, 12_500_000, 0.01]]); // of USD 100 bn
    const access = await charts(session, '?area=access');
    expect(access['pledges-by-area'].rows).toEqual([['Access', 3, 5_500_000]]);
    // Most USD first; LDC, LLDC and SIDS named beside each country.
    expect(access['pledges-countries'].rows).toEqual([['Fiji', 'SIDS', 1, 3_000_000], ['France', '', 1, 3_000_000], ['Nepal', 'LDCs, LLDCs', 2, 2_500_000]]);
    expect(access['pledges-sdgs'].rows).toEqual([['4 Quality education', 1, 2_000_000], ['9 Industry, innovation and infrastructure', 3, 5_500_000]]);
    expect(access.composition.rows.map((r) => r[0])).toEqual(['Access']);

    const csv = await get('/dashboard/data/pledges-by-area.csv?from=2026-10&to=2026-10', session);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="pledges-by-area-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(parse(await csv.text(), { record_delimiter: '\r\n' })).toEqual([october['pledges-by-area'].columns, ...october['pledges-by-area'].rows.map((r) => r.map(String))]);

    for (const [query, message] of [
      ['?from=2026-13', 'From (month): expected a month written YYYY-MM, such as 2026-01.'],
      ['?from=2026-10&to=2026-09', 'To (month): the last month comes before the first.'],
      ['?area=nowhere', 'Focus area: choose one of access, adoption, value_creation, accelerate.'],
    ]) {
      const res = await get(`/dashboard/data${query}`, session);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(message);
    }
    expect((await get('/dashboard/data/nothing.csv', session)).status).toBe(404);
  });

  it("shows the LDC, LLDC and SIDS share that `pledge totals` gives, from the same function", async () => {
    const session = await signIn(SECRETARIAT);
    const groups = (await charts(session))['pledges-country-groups'].rows;
    const [totals] = await t.say(SECRETARIAT, { text: 'pledge totals' });
    const usd = (n: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
    const field = (label: string) => totals.fields!.find((f) => f.label === label)!.value;
    expect(groups).toEqual([
      ['All pledges', 4, 12_500_000, 100],
      ['LDCs', 2, 2_500_000, 20],
      ['LLDCs', 3, 9_500_000, 76],
      ['SIDS', 1, 3_000_000, 24],
    ]);
    for (const [label, row] of [['Targeting LDCs', groups[1]], ['Targeting LLDCs', groups[2]], ['Targeting SIDS', groups[3]]] as const) {
      expect(field(label)).toContain(`${row[1]} ${row[1] === 1 ? 'pledge' : 'pledges'}`);
      expect(field(label)).toContain(`${usd(Number(row[2]))} (${row[3]}% of the value)`);
    }
    expect(totals.text).toBe(`4 pledges worth ${usd(12_500_000)}`);
  });

  it("writes each chart's CSV in the reader's language (headers and coded cells from the catalog and the coalition file); ?headers=machine gives the machine names and keys in every language", async () => {
    const session = await signIn(SECRETARIAT);
    const csvOf = async (id: string, query = '') => {
      const res = await get(`/dashboard/data/${id}.csv${query}`, session);
      expect([id, query, res.status]).toEqual([id, query, 200]);
      return (await res.text());
    };
    const ids = Object.keys(await charts(session));
    expect(ids.length).toBeGreaterThanOrEqual(12);
    const machine: Record<string, string> = {};
    for (const id of ids) machine[id] = await csvOf(id, '?headers=machine');
    // English, by default, is as the page shows it (the charts' own columns and rows).
    const english = await charts(session);
    for (const id of ids) expect(parse(await csvOf(id), { record_delimiter: '\r\n' })).toEqual([english[id]!.columns, ...english[id]!.rows.map((r) => r.map(String))]);
    const shipped = loadCoalitionFile(defaultCoalitionFile);
    const categoryKeys = shipped.stakeholderCategories.map((c) => c.key);
    try {
      for (const language of ['fr', 'es', 'ar'] as const) {
        await t.say(SECRETARIAT, { text: `language ${language}` });
        const t9 = translator(language);
        const coalition = coalitionIn(shipped, language);
        const countries = loadCountryRegistry().inLanguage(language);
        const checked: string[] = [];
        for (const id of ids) {
          // The machine file is the same whatever the reader's language.
          expect([language, id, await csvOf(id, '?headers=machine')]).toEqual([language, id, machine[id]]);
          const [keys, ...keyRows] = parse(machine[id]!, { record_delimiter: '\r\n' }) as string[][];
          const [header, ...rows] = parse(await csvOf(id), { record_delimiter: '\r\n' }) as string[][];
          // Each header is the catalog's word for the machine name (a category: the coalition file's name).
          const word = (key: string) => (categoryKeys.includes(key) ? coalition.stakeholderCategories.find((c) => c.key === key)!.name : t9(`dashboard.col.${key}` as Parameters<typeof t9>[0]));
          expect([language, id, header]).toEqual([language, id, keys!.map(word)]);
          expect(rows).toHaveLength(keyRows.length);
          // Each coded cell is its key's name in the language; numbers are written as they are.
          const cellWord: Partial<Record<string, (key: string) => string>> = {
            focus_area: (key) => coalition.focusAreas.find((a) => a.key === key)!.name,
            type: (key) => coalition.pledgeTypes.find((p) => p.key === key)!.name,
            status: (key) => t9(`pledge.status.${key}` as Parameters<typeof t9>[0]),
            country: (key) => countries.get(key)!.name,
            country_groups: (key) => key.split(';').filter(Boolean).map((g) => t9(`dashboard.group.${g}` as Parameters<typeof t9>[0])).join(', '),
            sdg: (key) => `${key} ${t9(`sdg.name.${key}` as Parameters<typeof t9>[0])}`,
            outcome: (key) => t9(`dashboard.reminders.${key === 'unreachable_members' ? 'unreachable' : key}` as Parameters<typeof t9>[0]),
          };
          // The group column names focus areas (composition) or the country groups (all, ldc …).
          cellWord.group = (key) => coalition.focusAreas.find((a) => a.key === key)?.name ?? t9(`dashboard.group.${key}` as Parameters<typeof t9>[0]);
          keyRows.forEach((keyRow, r) =>
            keyRow.forEach((cell, c) => {
              const name = cellWord[keys![c]!];
              const expected = name && cell !== '' ? name(cell) : cell;
              if (name && expected !== cell) checked.push(`${id}.${keys![c]}`);
              expect([language, id, r, c, rows[r]![c]]).toEqual([language, id, r, c, expected]);
            }),
          );
        }
        // Coded cells were compared in these charts (it would pass vacuously otherwise).
        expect(new Set(checked)).toEqual(new Set(['pledges-by-area.focus_area', 'pledges-by-type.type', 'pledges-by-status.status', 'pledges-country-groups.group', 'pledges-countries.country', 'pledges-countries.country_groups', 'pledges-sdgs.sdg', 'composition.group', 'reminders.outcome']));
        // A wrong kind of header row is named, in the reader's language.
        const wrong = await get('/dashboard/data/pledges-by-area.csv?headers=english', session);
        expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([400, t9('dashboard.csv.headers_unknown', { input: 'english' })]);
      }
    } finally {
      await t.say(SECRETARIAT, { text: 'language en' });
    }
  });
});
