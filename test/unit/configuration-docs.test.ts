// The configuration reference and .env.example name every variable the bot reads, so a
// variable added to src/config.ts cannot go undocumented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLES } from '../../src/config';

const root = join(__dirname, '..', '..');

describe('configuration reference', () => {
  const reference = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
  const example = readFileSync(join(root, '.env.example'), 'utf8');

  it('reads a known set of variables', () => {
    expect(ENVIRONMENT_VARIABLES).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'SLACK_BOT_TOKEN', 'MICROSOFT_APP_ID', 'ENV_FILE']));
  });

  it.each([...ENVIRONMENT_VARIABLES])('docs/configuration.md has a row for %s', (name) => {
    expect(reference).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it.each([...ENVIRONMENT_VARIABLES])('.env.example mentions %s', (name) => {
    expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
