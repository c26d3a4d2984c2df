// Wires the bot together: database, coalition, conversation, adapters, HTTP server
// and scheduler. main.ts calls it with the parsed configuration; tests may too.
import { LocalAdapter } from '../adapters/local/local-adapter';
import { SlackAdapter } from '../adapters/slack/slack-adapter';
import type { Config } from './config';
import { systemClock, type Clock } from './core/clock';
import type { Coalition } from './core/coalition/coalition';
import type { RoleSeed } from './core/members/identify';
import { Bot } from './conversation/bot';
import { ChatPorts } from './delivery/chat-ports';
import { loadCountryRegistry } from './data/countries';
import { openDatabase, type Database } from './db/open-database';
import { HttpServer, sendJson } from './http/server';
import type { Logger } from './logger';
import { Scheduler } from './scheduler/scheduler';

export interface App {
  port: number;
  database: Database;
  bot: Bot;
  chat: ChatPorts;
  stop(): Promise<void>;
}

export function roleSeeds(config: Config, coalition: Coalition): RoleSeed[] {
  const seeds: RoleSeed[] = [
    ...config.secretariat.slack.map((userId) => ({ platform: 'slack' as const, userId, role: 'secretariat' as const, scope: '' })),
    ...config.secretariat.teams.map((userId) => ({ platform: 'teams' as const, userId, role: 'secretariat' as const, scope: '' })),
  ];
  if (config.localChat) {
    // The local chat's demo identities, so every role can be tried on one machine.
    seeds.push({ platform: 'local', userId: 'demo-secretariat', role: 'secretariat', scope: '' });
    seeds.push({ platform: 'local', userId: 'demo-chair', role: 'chair', scope: coalition.focusAreas[0].key });
  }
  return seeds;
}

export async function startApp(config: Config, coalition: Coalition, log: Logger, clock: Clock = systemClock): Promise<App> {
  const database = await openDatabase({ url: config.databaseUrl, log: (msg, data) => log.info(data ?? {}, msg) });
  await database.repositories.coalition.sync(coalition);
  const chat = new ChatPorts();
  const bot = new Bot({ repositories: database.repositories, coalition, countries: loadCountryRegistry(), clock, chat, roleSeeds: roleSeeds(config, coalition) });

  const server = new HttpServer(log);
  server.route('GET', '/healthz', async (_req, res) => {
    const healthy = await database.health();
    sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', database: { provider: database.provider, reachable: healthy } });
  });

  if (config.localChat) {
    const local = new LocalAdapter(bot);
    local.register(server);
    chat.register('local', local);
    log.info('local chat on: web chat at GET /, messages at POST /local/messages (loopback only)');
  } else {
    log.info('local chat off (LOCAL_CHAT)');
  }
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    slack = new SlackAdapter({ ...config.slack, bot, coalition, processedEvents: database.repositories.processedEvents, clock, log });
    slack.register(server);
    chat.register('slack', slack.chat);
  } else {
    log.info('Slack off: SLACK_BOT_TOKEN is not set');
  }
  if (!config.teams.appId) log.info('Teams off: MICROSOFT_APP_ID is not set');

  const scheduler = new Scheduler({ leases: database.repositories.jobLeases, clock, log, timeZone: config.timeZone ?? coalition.defaultTimeZone });
  scheduler.add({
    name: 'prune-processed-events',
    cron: '17 3 * * *',
    run: () => database.repositories.processedEvents.prune(new Date(clock.now().getTime() - 7 * 24 * 3600_000)),
  });
  await scheduler.start();

  // Before listening: /healthz answers 200 only once Slack (when configured) is ready too.
  await slack?.start();
  const port = await server.listen(config.port);
  log.info({ port, database: database.provider }, 'listening');

  return {
    port,
    database,
    bot,
    chat,
    async stop() {
      await slack?.stop();
      await server.close();
      await scheduler.stop();
      await database.close();
    },
  };
}
