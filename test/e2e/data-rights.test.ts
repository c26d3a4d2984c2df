// Members' data rights through the local chat: `my data` at a signed link, and `forget me`
// leaving no personal field behind in any table while pledge figures stay in the totals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';

const USER = 'zelda-forget';
const NAME = 'Zelda Quintessa';
const EMAIL = 'zelda.q@example.org';

/** Every model of the schema, so a table added later is checked too. */
const MODELS = [...readFileSync(join(__dirname, '../../prisma/schema.base.prisma'), 'utf8').matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);

async function everyRow(t: TestApp): Promise<string> {
  const prisma = t.app.database.prisma as unknown as Record<string, { findMany(): Promise<unknown[]> }>;
  const dump: Record<string, unknown[]> = {};
  for (const model of MODELS) dump[model] = await prisma[model[0].toLowerCase() + model.slice(1)].findMany();
  return JSON.stringify(dump);
}

describeEachDatabase("members' data rights", (getUrl) => {
  let t: TestApp;
  let memberId: string;

  beforeEach(async () => {
    t = await startTestApp(getUrl(), '2026-11-29T10:00:00Z');
    await t.say(USER, { text: 'me' });
    const { prisma, repositories } = t.app.database;
    memberId = (await prisma.identity.findFirstOrThrow({ where: { externalId: USER } })).memberId;
    await prisma.member.update({ where: { id: memberId }, data: { name: NAME, email: EMAIL, organization: 'Zelda Org', country: 'NPL', category: 'academia' } });
    await repositories.memberships.add(memberId, 'access', t.clock.now());
    const application = await repositories.applications.create({ memberId, groupKey: 'adoption', answers: { commitment_evidence: 'Zelda Org builds towers' }, submittedAt: t.clock.now() });
    await repositories.postedMessages.record({ kind: 'application', subjectId: application!.id, address: `local:${USER}`, ref: 'r1' }, t.clock.now());
    await prisma.pledge.create({
      data: { memberId, entity: 'Zelda Org', focusArea: 'access', title: 'Towers', description: 'Masts', type: 'financial', valueUsd: 42_000, countries: '["NPL"]', beneficiaries: '[]', sdgs: '[9]', startYear: 2026, endYear: 2027 },
    });
    await repositories.linkCodes.create('ZELDA1', memberId, `local:${USER}`, new Date('2026-12-01T00:00:00Z'));
    await repositories.audit.record({ at: t.clock.now(), actor: `member:${memberId}`, action: 'application.submitted', subject: memberId, details: { memberId } });
    await t.say(USER, { text: 'profile' }); // a flow in progress
  });
  afterEach(async () => {
    await t.stop();
  });

  it('my data gives everything stored about the member as JSON, at a link that expires after an hour', async () => {
    const [reply] = await t.say(USER, { text: 'cancel' }).then(() => t.say(USER, { text: 'my data' }));
    const url = reply.fields![0].value;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const data = (await res.json()) as Record<string, any>;
    expect(data.member).toMatchObject({ id: memberId, name: NAME, email: EMAIL });
    expect(data.identities[0].externalId).toBe(USER);
    expect(data.memberships[0].group).toBe('access');
    expect(data.applications[0].answers).toEqual({ commitment_evidence: 'Zelda Org builds towers' });
    expect(data.pledges[0].valueUsd).toBe(42_000);
    // Lists as JSON values, not JSON text inside JSON.
    expect(data.pledges[0]).toMatchObject({ countries: ['NPL'], beneficiaries: [], sdgs: [9] });
    expect(data.audit.map((a: { details: unknown }) => a.details)).toContainEqual({ memberId });
    // The local chat's kept conversation: what the member typed and what the bot answered.
    const kept = data.localChat as { direction: string; body: { text?: string } }[];
    expect(kept.filter((m) => m.direction === 'member').map((m) => m.body.text)).toEqual(['me', 'profile', 'cancel', 'my data']);
    expect(kept.some((m) => m.direction === 'bot')).toBe(true);
    expect((await fetch(url.replace(memberId, '00000000-0000-0000-0000-000000000000'))).status).toBe(403);
    t.clock.advance(61 * 60_000);
    expect((await fetch(url)).status).toBe(403);
  });

  it('forget me asks first, then leaves no personal field in any table; pledge figures stay, anonymous', async () => {
    expect(MODELS).toEqual(expect.arrayContaining(['Member', 'Identity', 'Pledge', 'AuditEntry', 'PostedMessage', 'LinkCode', 'FlowState']));
    await t.say(USER, { text: 'cancel' });
    const [ask] = await t.say(USER, { text: 'forget me' });
    expect(ask.text).toContain('This cannot be undone');
    expect(ask.tone).toBeUndefined(); // a question, not an error
    expect(ask.choices?.options[0].style).toBe('danger');
    expect(ask.choices?.options[0].value).toBe('forget me confirm');
    expect(await everyRow(t)).toContain(NAME); // nothing happened yet

    const [done] = await t.say(USER, { action: 'forget me confirm' });
    expect(done.text).toContain('your personal data has been deleted');
    const dump = await everyRow(t);
    for (const personal of [memberId, NAME, EMAIL, USER, 'Zelda Org', 'ZELDA1']) expect(dump).not.toContain(personal);

    const pledges = await t.app.database.prisma.pledge.findMany();
    expect(pledges.map((p) => [p.memberId, p.entity, p.valueUsd, p.focusArea])).toEqual([[null, null, 42_000, 'access']]);
    const audit = await t.app.database.repositories.audit.list({ action: 'member.forgotten' });
    expect(audit).toEqual([expect.objectContaining({ actor: 'system', subject: null, details: { pledgesKept: 1, identitiesDeleted: 1 } })]);
    expect((await t.app.database.repositories.audit.list({ action: 'application.submitted' }))[0].actor).toBe('member:forgotten');
  });
});
