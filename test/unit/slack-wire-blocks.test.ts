// Blocks handed to the Web API client as their JSON text (wireBlocks) make the same request as
// the block objects the client encodes itself: the client, on a loopback server, is the oracle.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { asBlocks, renderMessages, wireBlocks } from '../../adapters/slack/render';
import { translator } from '../../src/conversation/catalog/catalog';

let server: Server;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      bodies.push(`${req.headers['content-type']}\n${raw}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: 'D1', ts: '1.000001' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('sends the same form body for blocks as JSON text as for the block objects', async () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: url, retryConfig: { retries: 0 } });
  const [message] = renderMessages(
    { text: 'Pick one: *bold* & <not a link> "quoted" ünïcödé', fields: [{ label: 'Group', value: 'Access & Adoption' }], choices: { options: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] } },
    translator('en'),
  );
  expect(message.blocks?.length).toBeGreaterThan(1);
  await client.chat.postMessage({ channel: 'D1', text: message.text, blocks: asBlocks(message.blocks) });
  await client.chat.postMessage({ channel: 'D1', text: message.text, blocks: wireBlocks(message.blocks) });
  expect(bodies).toHaveLength(2);
  expect(bodies[1]).toBe(bodies[0]);
  expect(JSON.parse(new URLSearchParams(bodies[0].split('\n')[1]).get('blocks')!)).toEqual(message.blocks);
});
