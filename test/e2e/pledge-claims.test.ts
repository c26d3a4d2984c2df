// Claiming an imported pledge through the local chat, end to end: the register is imported by
// the operator CLI, a member asks for a pledge, the secretariat gets it to review (Approve /
// Decline), declines one claim with a reason and approves another; the pledge then belongs to
// the claimer, who is told, and every step is audited.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OutgoingMessage } from '../../src/core/messages';
import { describeEachDatabase } from '../support/databases';
import { startTestApp, type TestApp } from '../support/in-process-app';
import { localMember } from '../support/local-members';

const root = join(__dirname, '..', '..');
const all = (replies: OutgoingMessage[]) => replies.map((r) => [r.title, r.text].filter(Boolean).join('\n')).join('\n');

const REGISTER = [
  'ID,Entity,Sector,Focus area,Title,Description,Type,Value,Countries,Beneficiaries,SDGs,Start year,End year',
  'R-1,Acme Telecom,Private Sector,Access,Rural towers for Kenya,"Build 200 rural towers across northern Kenya, powered by solar.",Financial,USD 1.2M,Kenya,Rural communities,9,2024,2027',
  'R-2,Acme Telecom,Private Sector,Adoption,Digital skills for girls,Digital skills training for 10000 girls in secondary schools.,Programmatic,,Uganda,Women and girls,4,2025,2026',
].join('\n');

describeEachDatabase('pledge claims', (getUrl) => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'claims-test-'));
    const url = getUrl();
    writeFileSync(join(dir, 'register.csv'), REGISTER);
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'dist/scripts/admin.js'), 'import', 'pledges', join(dir, 'register.csv')], {
      cwd: root,
      env: { PATH: process.env.PATH, ENV_FILE: '', DATABASE_URL: url, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(stdout).toContain('created 2 pledges');
    t = await startTestApp(url, '2026-11-29T10:00:00Z');
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function member(user: string, organization: string) {
    const memberId = await localMember(t, user, { organization });
    await t.inbox(user);
    return memberId;
  }

  it('a member claims an imported pledge; the secretariat declines one claim and approves another; the owner changes and everyone is told', async () => {
    const db = t.app.database.prisma;
    await member('demo-secretariat', 'Secretariat');
    const ann = await member('ann', 'Acme Telecom');
    const bob = await member('bob', 'Bob Networks');
    const pledge = await db.pledge.findUniqueOrThrow({ where: { externalId: 'R-1' }, include: { member: true } });
    expect(pledge.member?.importedAs).toBe('entity');

    // Wrong or impossible claims are answered plainly.
    expect((await t.say('bob', { text: 'claim pledge' }))[0]).toMatchObject({ tone: 'error', text: 'Which pledge? Type claim pledge <number>, for example claim pledge 12.' });
    // A member of the entity finds its pledges waiting for an owner.
    const other = await db.pledge.findUniqueOrThrow({ where: { externalId: 'R-2' } });
    const list = (await t.say('ann', { text: 'claim pledge' }))[0];
    expect(list.title).toBe('Pledges of Acme Telecom waiting for an owner');
    expect(list.text).toBe(`${pledge.id}: Rural towers for Kenya\n${other.id}: Digital skills for girls`);
    expect(list.choices?.options.map((o) => o.value)).toEqual([`claim pledge ${pledge.id}`, `claim pledge ${other.id}`]);
    expect((await t.say('ann', { text: 'claim pledge 999' }))[0].text).toBe('Pledge 999 is not waiting for an owner: only pledges brought in from the register can be claimed.');

    const asked = await t.say('ann', { text: `claim pledge ${pledge.id}` });
    expect(asked[0].tone).toBe('success');
    const annClaim = /claim (\w+) on pledge/.exec(all(asked))![1];
    expect(all(asked)).toContain(`your claim ${annClaim} on pledge ${pledge.id} (Rural towers for Kenya)`);
    expect((await t.say('ann', { text: `claim pledge #${pledge.id}` }))[0].text).toBe(`You asked for pledge ${pledge.id} already; the secretariat will answer.`);
    t.clock.advance(60_000); // Bob asks a minute later: claims are listed oldest first
    const bobClaim = /claim (\w+) on pledge/.exec(all(await t.say('bob', { text: `claim pledge ${pledge.id}` })))![1];

    // The secretariat is sent each claim to review, with Approve and Decline.
    const review = (await t.inbox('demo-secretariat')).find((m) => m.title === `Claim ${annClaim}: pledge ${pledge.id}`)!;
    expect(review.text).toBe(`ANN (Acme Telecom) asks to own pledge ${pledge.id}, "Rural towers for Kenya" of Acme Telecom.`);
    expect(review.choices?.options.map((o) => o.value)).toEqual([`approve claim ${annClaim}`, `decline claim ${annClaim}`]);
    expect((await t.say('demo-secretariat', { text: 'claims' })).map((m) => m.title)).toEqual([`Claim ${annClaim}: pledge ${pledge.id}`, `Claim ${bobClaim}: pledge ${pledge.id}`]);

    // Only the secretariat decides; a decline needs its reason.
    expect((await t.say('ann', { text: `approve claim ${annClaim}` }))[0].text).toBe('Only the secretariat can use approve claim.');
    expect((await t.say('demo-secretariat', { text: `decline claim ${bobClaim}` }))[0].text).toBe(`Say why: decline claim ${bobClaim} <reason> (3 to 500 characters).`);
    expect((await t.say('demo-secretariat', { text: `decline claim ${bobClaim} Bob Networks is not the pledging entity` }))[0].text).toBe(`Claim ${bobClaim} declined.`);
    expect((await t.inbox('bob')).map((m) => m.text)).toEqual([`Your claim on pledge ${pledge.id} (Rural towers for Kenya) was declined: Bob Networks is not the pledging entity`]);
    expect((await db.pledge.findUniqueOrThrow({ where: { id: pledge.id } })).memberId).toBe(pledge.memberId);

    expect((await t.say('demo-secretariat', { action: `approve claim ${annClaim}` }))[0].text).toBe(`Claim ${annClaim} approved: ANN now owns pledge ${pledge.id}.`);
    expect((await t.inbox('ann')).map((m) => m.text)).toEqual([`Your claim on pledge ${pledge.id} (Rural towers for Kenya) is approved: it is yours now (pledges, update pledge ${pledge.id}).`]);
    const owned = await db.pledge.findUniqueOrThrow({ where: { id: pledge.id } });
    expect(owned.memberId).toBe(ann);
    expect(owned.nextCheckInAt?.toISOString()).toBe('2027-11-29T10:01:00.000Z'); // the coalition's check-in interval from now
    expect(all(await t.say('ann', { text: 'pledges' }))).toContain('Rural towers for Kenya');
    // The review copies now say what was decided, without buttons.
    const updated = (await t.inbox('demo-secretariat')).filter((m) => m.title === `Claim ${annClaim}: pledge ${pledge.id}`);
    expect(updated.at(-1)?.text).toContain('approved by DEMO-SECRETARIAT');

    expect((await t.say('demo-secretariat', { text: `approve claim ${annClaim}` }))[0].text).toBe(`Claim ${annClaim} is already approved.`);
    expect((await t.say('bob', { text: `claim pledge ${pledge.id}` }))[0].tone).toBe('error'); // owned now: not claimable
    const audit = await db.auditEntry.findMany({ where: { action: { startsWith: 'pledge.claim' } }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual(
      expect.arrayContaining([
        ['pledge.claim_requested', `member:${ann}`],
        ['pledge.claim_requested', `member:${bob}`],
        ['pledge.claim_declined', expect.stringMatching(/^member:/)],
        ['pledge.claim_approved', expect.stringMatching(/^member:/)],
      ]),
    );
    expect(audit).toHaveLength(4);
  });

  it('the secretariat cannot approve its own claim', async () => {
    const other = await t.app.database.prisma.pledge.findUniqueOrThrow({ where: { externalId: 'R-2' } });
    const asked = await t.say('demo-secretariat', { text: `claim pledge ${other.id}` });
    const id = /claim (\w+) on pledge/.exec(all(asked))![1];
    expect((await t.say('demo-secretariat', { text: `approve claim ${id}` }))[0].text).toBe("You can't decide your own claim: another member of the secretariat will.");
  });
});
