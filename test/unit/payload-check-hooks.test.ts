// A payload that breaks its platform's limits fails the test that sent it, without the test
// asserting anything about it: jest is run on a fixture file whose first test only sends a
// message with a repeated block_id to the fake Slack API, and whose second sends a valid one.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

it('fails the test that sent a bad payload, and only that test', () => {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--testMatch', '**/test/fixtures/payload-checks/*.fixture.ts', '--reporters', 'default'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status).toBe(1);
  expect(output).toMatch(/✕ sends a message with a repeated block_id/);
  expect(output).toMatch(/✓ sends a valid message/);
  expect(output).toContain('the bot sent payloads Slack or Teams would refuse');
  expect(output).toContain('/blocks/1/block_id "choices" is not unique in the message');
  expect(output).toMatch(/Tests:\s+1 failed, 1 passed, 2 total/);
});
