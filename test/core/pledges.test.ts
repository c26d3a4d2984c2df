// Pledge rules: the USD parser, years, SDGs, the status machine, totals.
import { loadCoalitionFile, defaultCoalitionFile } from '../../src/data/coalition-file';
import { loadCountryRegistry } from '../../src/data/countries';
import type { Pledge } from '../../src/core/pledges/pledge-ports';
import { checkStatusChange, coveredCountries, endYearSchema, firstCheckInAt, parseSdgs, parseYear, pledgeProblems, startYearSchema, targetedGroups, valueRequired } from '../../src/core/pledges/pledge-rules';
import { SDG_SHORT_NAMES, sdgName } from '../../src/core/pledges/sdgs';
import { pledgeTotals, share } from '../../src/core/pledges/totals';
import { parseUsd } from '../../src/core/pledges/value';

const coalition = loadCoalitionFile(defaultCoalitionFile);
const countries = loadCountryRegistry();

describe('parseUsd', () => {
  it.each([
    ['2.5m', 2_500_000],
    ['2,500,000', 2_500_000],
    ['USD 2.5 million', 2_500_000],
    ['1.2bn', 1_200_000_000],
    ['750k', 750_000],
    ['$ 1,000.50', 1000.5],
    ['3 billion', 3e9],
    ['42', 42],
    ['10m USD', 10_000_000],
    ['2,5 Mio', 2_500_000],
    ['USD 1.2M', 1_200_000],
    ['two million', 2_000_000],
    ['two and a half million', 2_500_000],
    ['half a million', 500_000],
    ['twenty five thousand', 25_000],
    ['2.500.000', 2_500_000],
    ['2 500 000', 2_500_000],
    ['2.500.000,50', 2_500_000.5],
  ])('reads %s', (text, value) => {
    expect(parseUsd(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['-5m', 'negative'],
    ['-2,000', 'negative'],
    ['a lot', 'unreadable'],
    ['1,00,000', 'unreadable'],
    ['', 'unreadable'],
    ['0', 'zero'],
  ])('refuses %s as %s', (text, reason) => {
    expect(parseUsd(text)).toEqual({ ok: false, reason });
  });

  it('names the word it did not read after a figure', () => {
    expect(parseUsd('2.5 zillion')).toEqual({ ok: false, reason: 'unknown_word', number: 2.5, word: 'zillion' });
    expect(parseUsd('3 lakh')).toEqual({ ok: false, reason: 'unknown_word', number: 3, word: 'lakh' });
  });

  it('reads the words it is given (another language)', () => {
    const french = { scales: { mille: 1e3, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 }, numbers: { deux: 2, trois: 3 }, currency: ['usd', '$', 'dollars'], and: ['et'] };
    expect(parseUsd('deux millions', french)).toEqual({ ok: true, value: 2_000_000 });
    expect(parseUsd('2,5 milliards', french)).toEqual({ ok: true, value: 2_500_000_000 });
    expect(parseUsd('two million', french)).toEqual({ ok: false, reason: 'unreadable' });
  });
});

describe('years and goals', () => {
  it('end year is between the start year and the horizon; start year not after the horizon', () => {
    expect(coalition.horizonYear).toBe(2030);
    expect(endYearSchema(coalition, 2027).safeParse(2026).success).toBe(false);
    expect(endYearSchema(coalition, 2027).safeParse(2031).success).toBe(false);
    expect(endYearSchema(coalition, 2027).safeParse(2027).success).toBe(true);
    expect(startYearSchema(coalition).safeParse(2031).success).toBe(false);
    expect(startYearSchema(coalition).safeParse(2010).success).toBe(false);
    expect(parseYear(' 2028 ')).toBe(2028);
    expect(parseYear('next year')).toBeNull();
  });

  it('reads SDG numbers and knows all 17 short names', () => {
    expect(SDG_SHORT_NAMES).toHaveLength(17);
    expect(sdgName(17)).toBe('Partnerships for the goals');
    expect(parseSdgs('SDG 9, 4 and 5')).toEqual([4, 5, 9]);
    expect(parseSdgs('18')).toBeNull();
  });

  it('a value is required for the types the coalition file says', () => {
    expect(valueRequired(coalition, 'financial')).toBe(true);
    expect(valueRequired(coalition, 'policy')).toBe(false);
  });

  it('the first check-in is one interval after submission', () => {
    expect(firstCheckInAt(new Date('2026-11-29T10:00:00Z'), 12).toISOString()).toBe('2027-11-29T10:00:00.000Z');
  });
});

describe('status machine', () => {
  it('goes announced → in_progress → completed, or withdrawn with a reason', () => {
    expect(checkStatusChange('announced', 'in_progress', null)).toEqual({ ok: true });
    expect(checkStatusChange('in_progress', 'completed', null)).toEqual({ ok: true });
    expect(checkStatusChange('in_progress', 'withdrawn', ' ')).toEqual({ ok: false, reason: 'reason_required' });
    expect(checkStatusChange('in_progress', 'withdrawn', 'budget')).toEqual({ ok: true });
    expect(checkStatusChange('completed', 'in_progress', null)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(checkStatusChange('in_progress', 'announced', null)).toEqual({ ok: false, reason: 'not_allowed' });
    expect(checkStatusChange('withdrawn', 'withdrawn', 'x')).toEqual({ ok: false, reason: 'same' });
  });
});

describe('totals', () => {
  let id = 0;
  const p = (fields: Partial<Pledge>): Pledge => ({
    id: ++id, memberId: 'm', entity: 'E', sector: 'academia', focusArea: 'access', pillar: null, title: 'T', description: 'D', type: 'financial',
    valueUsd: null, countries: [], beneficiaries: [], sdgs: [1], startYear: 2027, endYear: 2028, status: 'announced', nextCheckInAt: null,
    createdAt: new Date(0), updatedAt: new Date(0), ...fields,
  });

  it('counts and sums by focus area and type, and the pledges reaching LDCs, LLDCs and SIDS (regions included); leaves withdrawn pledges out', () => {
    const totals = pledgeTotals(
      [
        p({ valueUsd: 100, countries: ['NER'] }), // LDC and LLDC
        p({ valueUsd: 50, countries: ['region:sids'], focusArea: 'adoption', type: 'policy' }),
        p({ valueUsd: null, countries: ['GLOBAL'] }),
        p({ valueUsd: 1000, countries: ['NER'], status: 'withdrawn' }),
      ],
      countries,
    );
    expect(totals.all).toEqual({ count: 3, usd: 150 });
    expect(totals.byFocusArea).toEqual({ access: { count: 2, usd: 100 }, adoption: { count: 1, usd: 50 } });
    expect(totals.byType).toEqual({ financial: { count: 2, usd: 100 }, policy: { count: 1, usd: 50 } });
    expect(totals.ldc).toEqual({ count: 2, usd: 150 }); // the SIDS include LDCs (Haiti, Comoros, ...)
    expect(totals.lldc).toEqual({ count: 1, usd: 100 });
    expect(totals.sids).toEqual({ count: 1, usd: 50 });
    expect(share(1, 3)).toBe(33);
    expect(share(1, 0)).toBe(0);
    expect(coveredCountries(['GLOBAL'], countries)).toEqual([]);
  });
});

describe('pledgeProblems: every rule of a pledge on the whole record', () => {
  const valid = {
    focusArea: 'access', pillar: undefined, title: 'Schools online', description: 'Connect 500 rural schools to broadband.', type: 'financial', valueUsd: 2_500_000,
    countries: ['NER', 'region:sids', 'GLOBAL'], beneficiaries: ['women_and_girls'], sdgs: [4, 9], startYear: 2027, endYear: 2029,
  };
  const problems = (change: Record<string, unknown>) =>
    pledgeProblems({ ...valid, ...change }, coalition, countries).map((p) => [p.field, p.issue.code === 'custom' ? p.issue.message : p.issue.code]);

  it('finds none in a valid pledge; a type that needs no value may have none', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ type: 'programmatic', valueUsd: null })).toEqual([]);
  });

  it('names the field and the rule, in the order the questions are asked', () => {
    expect(problems({ valueUsd: null })).toEqual([['valueUsd', 'pledge.error.value_required']]);
    expect(problems({ valueUsd: -5 })).toEqual([['valueUsd', 'too_small']]);
    expect(problems({ endYear: 2026 })).toEqual([['endYear', 'pledge.error.end_before_start']]);
    expect(problems({ endYear: coalition.horizonYear + 1 })).toEqual([['endYear', 'pledge.error.after_horizon']]);
    expect(problems({ startYear: 2014 })).toEqual([['startYear', 'pledge.error.start_too_early']]);
    expect(problems({ title: 'Wifi', description: 'x'.repeat(2001) })).toEqual([['title', 'too_small'], ['description', 'too_big']]);
    expect(problems({ countries: [] })).toEqual([['countries', 'too_small']]);
    expect(problems({ countries: ['NER', 'XXX'] })).toEqual([['countries', 'pledge.error.country_code']]);
    expect(problems({ countries: ['region:atlantis'] })).toEqual([['countries', 'pledge.error.country_code']]);
    expect(problems({ type: 'lottery', sdgs: [18], beneficiaries: [] })).toEqual([['type', 'pledge.error.type'], ['beneficiaries', 'too_small'], ['sdgs', 'too_big']]);
    expect(problems({ focusArea: 'moon', pillar: 'x' })).toEqual([['focusArea', 'pledge.error.focus_area'], ['pillar', 'pledge.error.pillar_none']]);
    expect(problems({ title: undefined })).toEqual([['title', 'error.required']]);
  });
});

describe('targetedGroups: a region is the list of its countries, global none', () => {
  it.each([
    [['NPL'], { ldc: true, lldc: true, sids: false }],
    [['FJI'], { ldc: false, lldc: false, sids: true }],
    [['region:sids'], { ldc: true, lldc: false, sids: true }], // Haiti, Comoros, Tuvalu are LDCs too
    [['region:europe'], { ldc: false, lldc: true, sids: false }], // North Macedonia, Moldova ... are LLDCs
    [['GLOBAL'], { ldc: false, lldc: false, sids: false }],
    [['FRA', 'GLOBAL'], { ldc: false, lldc: false, sids: false }],
  ])('%j', (codes, groups) => {
    expect(targetedGroups(codes, countries)).toEqual(groups);
  });
});
