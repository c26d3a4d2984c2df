// "Targeting LDCs / LLDCs / SIDS" is one rule on every surface: pledges naming countries,
// regions and `global`, read back through the digest, `pledge totals` and the pledges export,
// on both databases. The expected figures are worked out by hand from the UN lists below.
import { parse } from 'csv-parse/sync';
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const SECRETARIAT = 'demo-secretariat';
const field = (m: OutgoingMessage, label: string) => m.fields?.find((f) => f.label === label)?.value ?? '';

// Nepal: LDC and LLDC. Fiji: SIDS, not LDC. Africa: has LDCs (Ethiopia), LLDCs (Ethiopia) and
// SIDS (Cabo Verde, Comoros). The SIDS include LDCs (Haiti, Comoros, Tuvalu) but no LLDC.
// The LLDCs include LDCs (Afghanistan); Tuvalu is an LDC and a SIDS. Kenya and France: none.
const PLEDGES: { countries: string[]; valueUsd: number | null; ldc: boolean; lldc: boolean; sids: boolean }[] = [
  { countries: ['NPL'], valueUsd: 1_000_000, ldc: true, lldc: true, sids: false },
  { countries: ['FJI', 'FRA'], valueUsd: 250_000, ldc: false, lldc: false, sids: true },
  { countries: ['region:sids'], valueUsd: 500_000, ldc: true, lldc: false, sids: true },
  { countries: ['GLOBAL'], valueUsd: 2_000_000, ldc: false, lldc: false, sids: false },
  { countries: ['region:africa'], valueUsd: 300_000, ldc: true, lldc: true, sids: true },
  { countries: ['region:lldc', 'TUV'], valueUsd: 40_000, ldc: true, lldc: true, sids: true },
  { countries: ['KEN'], valueUsd: null, ldc: false, lldc: false, sids: false },
];
const usdOf = (group: 'ldc' | 'lldc' | 'sids') => PLEDGES.filter((p) => p[group]).reduce((sum, p) => sum + (p.valueUsd ?? 0), 0);
const countOf = (group: 'ldc' | 'lldc' | 'sids') => PLEDGES.filter((p) => p[group]).length;

describeEachDatabase('one rule for targeting LDCs, LLDCs and SIDS', (getUrl) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
  });
  afterEach(async () => {
    await t.stop();
  });

  it('the digest, pledge totals and the export show the same figures', async () => {
    expect([usdOf('ldc'), usdOf('lldc'), usdOf('sids')]).toEqual([1_840_000, 1_340_000, 1_090_000]);
    for (const [i, p] of PLEDGES.entries()) {
      await t.app.database.prisma.pledge.create({
        data: {
          focusArea: 'access', type: 'financial', title: `Pledge ${i}`, description: 'Connect schools to broadband in the places named.', valueUsd: p.valueUsd,
          countries: JSON.stringify(p.countries), beneficiaries: '[]', sdgs: '[9]', startYear: 2027, endYear: 2030, createdAt: new Date(`2026-11-${String(10 + i)}T10:00:00Z`),
        },
      });
    }

    const [digest] = await t.say(SECRETARIAT, { text: 'digest 2026-11-01..2026-11-30' });
    expect(field(digest, 'New pledges')).toContain('Targeting LDCs USD 1,840,000 · LLDCs USD 1,340,000 · SIDS USD 1,090,000');

    const [totals] = await t.say(SECRETARIAT, { text: 'pledge totals' });
    expect(totals.text).toBe('7 pledges worth $4,090,000');
    expect(field(totals, 'Targeting LDCs')).toBe(`${countOf('ldc')} pledges (57%), $1,840,000 (45% of the value)`);
    expect(field(totals, 'Targeting LLDCs')).toBe(`${countOf('lldc')} pledges (43%), $1,340,000 (33% of the value)`);
    expect(field(totals, 'Targeting SIDS')).toBe(`${countOf('sids')} pledges (57%), $1,090,000 (27% of the value)`);

    const [exported] = await t.say(SECRETARIAT, { text: 'export pledges 2026-11-01..2026-11-30' });
    const csv = await (await fetch(field(exported, 'Download'))).text();
    const rows: Record<string, string>[] = parse(csv, { columns: true, record_delimiter: '\r\n' });
    expect(rows.map((r) => [r.countries, r.targets_ldc, r.targets_lldc, r.targets_sids])).toEqual(
      PLEDGES.map((p) => [p.countries.join(';'), String(p.ldc), String(p.lldc), String(p.sids)]),
    );
    const sum = (flag: string) => rows.filter((r) => r[flag] === 'true').reduce((s, r) => s + Number(r.value_usd || 0), 0);
    expect([sum('targets_ldc'), sum('targets_lldc'), sum('targets_sids')]).toEqual([1_840_000, 1_340_000, 1_090_000]);
  });
});
