// The logger: readable lines on a terminal and JSON elsewhere (LOG_FORMAT), redaction of
// secrets and message texts, and the request id on every line logged inside a request.
import { loadConfig, secretValues } from '../../src/config';
import { chooseLogFormat, createLogger, inRequest, prettyLine } from '../../src/logger';

function capture(format: 'json' | 'pretty', secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger('trace', { format, secrets, colors: false, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines, text: () => lines.join('') };
}

describe('log format selection', () => {
  it('is pretty on a terminal and JSON otherwise, unless LOG_FORMAT chooses', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('reads LOG_FORMAT as json, pretty or unset, and refuses anything else', () => {
    expect(loadConfig({}).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: '' }).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow('LOG_FORMAT: expected json or pretty, found "text"');
  });
});

describe('pretty lines', () => {
  it('show time, level, message and key=value pairs, quoting values with spaces', () => {
    const line = prettyLine(JSON.stringify({ level: 30, time: '2026-11-29T10:15:02.123Z', msg: 'listening', port: 3978, database: 'postgresql', note: 'two words', ok: true, nested: { a: 1 } }));
    expect(line).toBe('10:15:02.123 INFO  listening port=3978 database=postgresql note="two words" ok=true nested={"a":1}\n');
  });

  it('put an error message first and its stack on indented lines', () => {
    const line = prettyLine(JSON.stringify({ level: 50, time: '2026-11-29T10:15:02.123Z', msg: 'request failed', requestId: 'r1', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at a (x.js:1:1)\n    at b (y.js:2:2)' } }));
    expect(line).toBe('10:15:02.123 ERROR request failed err=boom requestId=r1\n    at a (x.js:1:1)\n    at b (y.js:2:2)\n');
  });

  it('pass a line that is not JSON through unchanged', () => {
    expect(prettyLine('plain words')).toBe('plain words\n');
  });

  it('are what the logger writes in pretty format', () => {
    const { log, lines } = capture('pretty');
    log.warn({ job: 'digest' }, 'scheduled job late');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  scheduled job late job=digest\n$/);
  });

  it('colour the level only when asked', () => {
    expect(prettyLine(JSON.stringify({ level: 40, time: '2026-11-29T10:15:02.123Z', msg: 'm' }), { colors: true })).toBe('10:15:02.123 \u001b[33mWARN \u001b[0m m\n');
  });
});

describe('JSON lines', () => {
  it('are one JSON object per line with an ISO time', () => {
    const { log, lines } = capture('json');
    log.info({ port: 1 }, 'listening');
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: 30, msg: 'listening', port: 1 });
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('redaction', () => {
  it('censors tokens, secrets, authorization headers and message texts in logged objects', () => {
    const { log, text } = capture('json');
    log.info({ slack: { botToken: 'xoxb-aaa', signingSecret: 'sss' }, req: { headers: { authorization: 'Bearer abc', 'x-slack-signature': 'v0=sig' } }, headers: { authorization: 'Bearer def' }, message: { text: 'my private words' }, body: 'raw body' }, 'ctx');
    for (const secret of ['xoxb-aaa', 'sss', 'Bearer abc', 'v0=sig', 'Bearer def', 'my private words', 'raw body']) expect(text()).not.toContain(secret);
    expect(text()).toContain('[redacted]');
  });

  it('masks the configured secret values anywhere in a line, in both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { log, text } = capture(format, ['s3cr3t-value', 'p"w\\d']);
      log.error({ err: new Error('connect to postgresql://bot:s3cr3t-value@db failed') }, 'token s3cr3t-value in a message, and p"w\\d');
      expect(text()).not.toContain('s3cr3t-value');
      expect(text()).not.toContain('p\\"w\\\\d');
      expect(text()).not.toContain('p"w\\d');
      expect(text()).toContain('[redacted]');
    }
  });

  it('logs errors by type, message, code and stack only: never the request an SDK error carries', () => {
    const { log, text } = capture('json');
    const error = Object.assign(new Error('Request failed with status 500'), { code: 'ERR_BAD', statusCode: 500, config: { headers: { Authorization: 'Bearer leaked-header' } }, request: { body: 'leaked body' } });
    log.error({ err: error }, 'call failed');
    const entry = JSON.parse(text());
    expect(entry.err).toMatchObject({ type: 'Error', message: 'Request failed with status 500', code: 'ERR_BAD', status: 500 });
    expect(text()).not.toContain('leaked');
  });

  it('knows the secrets of a configuration: tokens, passwords and the database password', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://bot:pa%40ss@db:5432/coalition', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sign', SLACK_APP_TOKEN: 'xapp-2',
      MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'teams-pw', TEAMS_ALLOWED_TENANTS: '11111111-1111-1111-1111-111111111111', METRICS_TOKEN: 'metrics',
    });
    expect(secretValues(config).sort()).toEqual(['metrics', 'pa%40ss', 'pa@ss', 'sign', 'teams-pw', 'xapp-2', 'xoxb-1'].sort());
    expect(secretValues(loadConfig({ DATABASE_URL: 'file:/tmp/x.db' }))).toEqual([]);
  });
});

describe('request ids', () => {
  it('are on every line logged inside a request, by any logger', async () => {
    const { log, lines } = capture('json');
    const component = log.child({ component: 'slack' });
    await inRequest('req-1', async () => {
      log.info('one');
      await new Promise((r) => setImmediate(r));
      component.warn('two');
      log.child({ requestId: 'req-1' }).info('three');
    });
    log.info('outside');
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.requestId)).toEqual(['req-1', 'req-1', 'req-1', undefined]);
    // A child that names the request already does not name it twice.
    expect(lines[2].match(/requestId/g)).toHaveLength(1);
  });
});
