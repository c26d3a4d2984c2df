// Baseline for the Teams inbound benchmark: a minimal botbuilder CloudAdapter echo bot on a
// plain node http server at POST /api/messages, replying once in the turn. With MICROSOFT_APP_ID,
// MICROSOFT_APP_PASSWORD and MICROSOFT_OPENID_METADATA_URL (a loopback test issuer) it validates
// each activity's JWT and gets tokens for its replies as the bot does: botbuilder's
// ConfigurationBotFrameworkAuthentication pointed at that issuer (the bot's own builder of it, so
// both check the same tokens the same way). Without them it runs unauthenticated.
// PORT comes from the environment; it prints "ready" once listening.
import { createServer } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createTeamsAuthentication } from '../../adapters/teams/authentication';

const appId = process.env.MICROSOFT_APP_ID;
const adapter = new CloudAdapter(
  appId
    ? createTeamsAuthentication({ appId, appPassword: process.env.MICROSOFT_APP_PASSWORD, appType: 'MultiTenant', openIdMetadataUrl: process.env.MICROSOFT_OPENID_METADATA_URL })
    : new ConfigurationBotFrameworkAuthentication({} as never),
);

const server = createServer((req, res) => {
  void (async () => {
    if (req.method !== 'POST' || req.url !== '/api/messages') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      res.writeHead(400).end();
      return;
    }
    // The express-like request and response process() expects, over node's http.
    const shim = {
      socket: req.socket,
      status(code: number) {
        res.statusCode = code;
        return shim;
      },
      header(name: string, value: unknown) {
        res.setHeader(name, String(value));
        return shim;
      },
      send(value?: unknown) {
        if (value === undefined) return shim;
        if (typeof value === 'string') res.write(value);
        else {
          res.setHeader('content-type', 'application/json');
          res.write(JSON.stringify(value));
        }
        return shim;
      },
      end() {
        res.end();
        return shim;
      },
    };
    await adapter.process({ body, headers: req.headers as Record<string, string>, method: req.method }, shim as never, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity('Hello from the baseline.');
    });
    if (!res.writableEnded) res.end();
  })().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
