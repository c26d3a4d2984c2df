// Wires the bot together: database, coalition, conversation, adapters, HTTP server
// and scheduler. main.ts calls it with the parsed configuration; tests may too.
import { LocalAdapter } from '../adapters/local/local-adapter';
import { localChatToken } from '../adapters/local/local-token';
// The Slack adapter is loaded only when Slack is on, botbuilder at the Teams endpoint's first use (their SDKs are large).
import type { SlackAdapter } from '../adapters/slack/slack-adapter';
import { decodeTeamsAddress, encodeTeamsAddress } from '../adapters/teams/address';
import { DeferredTeamsAdapter } from '../adapters/teams/deferred-teams';
import { teamsMode, type Config } from './config';
import { systemClock, type Clock } from './core/clock';
import type { Coalition } from './core/coalition/coalition';
import type { RoleSeed } from './core/members/identify';
import { Bot, type BotDependencies } from './conversation/bot';
import { ChatDispatcher } from './delivery/chat-dispatcher';
import { loadCountryRegistry } from './data/countries';
import { openDatabase, type Database } from './db/open-database';
import { HttpServer, sendJson } from './http/server';
import { localChatTokenFile } from './paths';
import type { Logger } from './logger';
import { Scheduler } from './scheduler/scheduler';
import { LINK_KEY_SETTING, LinkSigner, newLinkKey } from './http/signed-links';
import { calendarPath, calendarRoute } from './http/calendar-route';
import { createReminderService } from './scheduler/reminders';
import { createRetentionJob, type RetentionResult } from './scheduler/retention';
import type { DigestOutcome } from './scheduler/digest';
import { dataRightsServices } from './data-rights-services';
import { secretariatServices } from './secretariat-services';
import { createPledgeCheckInService } from './scheduler/pledge-check-ins';
import { Metrics, type DigestTrigger } from './metrics';
import { DASHBOARD_IDLE_MS } from './core/dashboard/dashboard-access';
import { dashboardCommand } from './conversation/dashboard/command';
import { Dashboard } from './http/dashboard/dashboard-routes';

export interface App {
  port: number;
  database: Database;
  bot: Bot;
  chat: ChatDispatcher;
  /** What POST /local/messages requires as a bearer token (when the local chat is on). */
  localChatToken?: string;
  /** Runs one reminder tick now (what the scheduler does every REMINDER_TICK_CRON). */
  tickReminders(): Promise<unknown>;
  /** Runs the digest job now (what the scheduler does at every DIGEST_CRON slot). */
  runDigest(): Promise<DigestOutcome>;
  /** Runs one pledge check-in tick now (asks due check-ins, re-asks unanswered ones). */
  tickPledgeCheckIns(): Promise<unknown>;
  /** Runs the retention job now (what the scheduler does every hour). */
  runRetention(): Promise<RetentionResult>;
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

/** The bot with every command and flow; also what the Teams app package lists as commands. */
function teamsChannel(setting: string): string {
  try {
    return encodeTeamsAddress(decodeTeamsAddress(setting));
  } catch {
    throw new Error('DIGEST_TEAMS_CONVERSATION is not a Teams address: use the "teams:..." address the bot logs when it is installed in a team');
  }
}

export function createBot(deps: BotDependencies): Bot {
  return new Bot(deps);
}

export async function startApp(config: Config, coalition: Coalition, log: Logger, clock: Clock = systemClock): Promise<App> {
  const metrics = new Metrics();
  const database = await openDatabase({ url: config.databaseUrl, log: (msg, data) => log.info(data ?? {}, msg), onError: (kind) => metrics.databaseError(kind) });
  await database.repositories.coalition.sync(coalition);
  const chat = new ChatDispatcher();
  const repositories = database.repositories;
  // Shared by every replica through the database, so a link signed by one works on all.
  const linkKey = await repositories.sharedValues.getOrCreate(LINK_KEY_SETTING, newLinkKey);
  let port = config.port;
  const baseUrl = () => config.publicUrl ?? `http://localhost:${port}`;
  const signer = () => new LinkSigner(linkKey, baseUrl());
  const links = { calendar: (meetingId: string, memberId: string) => signer().url(calendarPath(meetingId, memberId)) };
  // The secretariat's channels (DIGEST_SLACK_CHANNEL, DIGEST_TEAMS_CONVERSATION), added below
  // once each adapter can turn its setting into an address.
  const secretariatChannels: string[] = [];
  const timeZone = config.timeZone ?? coalition.defaultTimeZone;
  const countries = loadCountryRegistry();
  // The secretariat's digest and exports (the digest job is scheduled below); the members' data rights.
  const secretariat = secretariatServices({
    database, coalition, countries, chat, channels: secretariatChannels, signer, timeZone, clock, log,
    cron: config.digest.cron ?? coalition.digest.cron,
  });
  const dataRights = dataRightsServices({ database, signer, clock });
  const dashboardSessionStore = database.stores.dashboardSessions;
  const dashboard = new Dashboard({
    sessions: dashboardSessionStore,
    data: database.stores.dashboardData,
    members: repositories.members,
    roles: repositories.roles,
    coalition, countries, clock, timeZone, baseUrl,
  });
  const bot = createBot({
    repositories,
    coalition,
    countries,
    clock,
    chat,
    links,
    roleSeeds: roleSeeds(config, coalition),
    secretariatChannels,
    commands: [...secretariat.commands, ...dataRights.commands, dashboardCommand({ signInLink: (memberId, now) => dashboard.signInLink(memberId, now) })],
    flowObserver: { flow: (flow, outcome) => metrics.flow(flow, outcome) },
    rateLimitPerMinute: config.rateLimitPerMinute,
    afterTurnFailed: (error) => log.warn({ err: error }, 'storing a looked-up email after a turn failed'),
  });
  metrics.knownFlows(bot.flows.ids());

  const server = new HttpServer(log);
  server.observe((path, status, seconds) => metrics.request(path, status, seconds));
  server.route('GET', '/metrics', metrics.route(config.metricsToken, Boolean(config.slack || config.teams.appId)));
  const organizerEmail = config.calendarOrganizerEmail ?? `noreply@${new URL(config.publicUrl ?? 'http://localhost').hostname}`;
  server.routePrefix(
    'GET',
    '/calendar/',
    calendarRoute({ ...repositories, signer, clock, organizer: { name: coalition.name, email: organizerEmail } }),
  );
  secretariat.register(server);
  dataRights.register(server);
  dashboard.register(server);
  server.route('GET', '/healthz', async (_req, res) => {
    const healthy = await database.health();
    sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', database: { provider: database.provider, reachable: healthy } });
  });

  let localToken: string | undefined;
  // Kept conversations are pruned by the retention job even while the local chat is off.
  const localChat = database.stores.localChat;
  if (config.localChat) {
    const kept = localChatToken(config.localChatToken, config.dataDir);
    localToken = kept.token;
    const local = new LocalAdapter(bot, localToken, localChat, clock, config.rateLimitPerMinute);
    local.register(server);
    chat.register('local', local);
    if (kept.source === 'generated') log.info({ file: localChatTokenFile(config.dataDir) }, 'local chat token generated and kept in the data directory');
  } else {
    log.info('local chat off (LOCAL_CHAT)');
  }
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    const { SlackAdapter } = await import('../adapters/slack/slack-adapter');
    slack = new SlackAdapter({ ...config.slack, port: bot, coalition, log });
    slack.register(server);
    chat.register('slack', slack.chat);
  } else {
    log.info('Slack off: SLACK_BOT_TOKEN is not set');
  }
  const teamsRuns = teamsMode(config);
  if (teamsRuns !== 'off') {
    // Without an app id nothing is authenticated: the adapter then fences itself to loopback.
    if (config.teams.openIdMetadataUrl) log.warn({ url: config.teams.openIdMetadataUrl }, 'Teams tokens are validated against a TEST issuer (MICROSOFT_OPENID_METADATA_URL), not Microsoft: never in production');
    const options = { port: bot, members: database.repositories.members, coalition, clock, log, settings: config.teams };
    // botbuilder is loaded at the endpoint's first use (or the first message to a Teams address).
    const teams = new DeferredTeamsAdapter(options);
    teams.register(server);
    chat.register('teams', teams.outbound);
    if (config.digest.teamsConversation) secretariatChannels.push(teamsChannel(config.digest.teamsConversation));
    if (teams.authenticated) log.info({ tenants: config.teams.allowedTenants }, 'Teams on: POST /api/messages, every activity\'s token validated; answered only in the allowed tenants');
    else log.warn('Teams runs UNAUTHENTICATED (no MICROSOFT_APP_ID): POST /api/messages takes loopback callers only and answers loopback serviceUrls only');
  } else if (config.localChat && config.slack) {
    log.info('Teams off: MICROSOFT_APP_ID is not set (the unauthenticated local Teams endpoint opens only while no Slack or Teams credentials are configured)');
  } else {
    log.info('Teams off: MICROSOFT_APP_ID is not set');
  }

  const scheduler = new Scheduler({ leases: database.repositories.jobLeases, clock, log, timeZone });
  // Hourly, so nothing is kept much past its period (one replica runs each fire); idle
  // dashboard sessions go with the rest.
  const retentionJob = createRetentionJob({ repositories, localChat, clock, flowRetentionDays: config.flowRetentionDays, log });
  const runRetention = async () => {
    const result = await retentionJob();
    await dashboardSessionStore.prune(clock.now(), new Date(clock.now().getTime() - DASHBOARD_IDLE_MS));
    return result;
  };
  scheduler.add({ name: 'retention', cron: '17 * * * *', run: runRetention });
  const reminders = createReminderService({ repositories, chat, coalition, links, clock, log, count: (outcome) => metrics.reminder(outcome) });
  const tickReminders = () => reminders.tick(clock.now());
  scheduler.add({ name: 'reminder-tick', cron: config.reminderTickCron, run: tickReminders });
  const digestJob = secretariat.digestJob;
  const counted = async (trigger: DigestTrigger, run: () => Promise<DigestOutcome>) => {
    try {
      const outcome = await run();
      metrics.digest(outcome, trigger);
      return outcome;
    } catch (error) {
      metrics.digest('failed', trigger);
      throw error;
    }
  };
  const runDigest = () => counted('scheduled', () => digestJob.run());
  scheduler.add({ name: 'digest', cron: digestJob.cron, run: runDigest });
  const checkIns = createPledgeCheckInService({ repositories, chat, coalition, log });
  scheduler.add({ name: 'pledge-check-in-tick', cron: config.reminderTickCron, run: () => checkIns.tick(clock.now()) });
  await scheduler.start();

  // Before listening: /healthz answers 200 only once Slack (when configured) is ready too.
  await slack?.start();
  if (slack && config.digest.slackChannel) secretariatChannels.push(slack.channelAddress(config.digest.slackChannel));
  port = await server.listen(config.port, config.host);
  log.info({ host: config.host, port, database: database.provider }, 'listening');
  if (localToken) {
    // The person at this machine opens this URL; the page keeps the token and drops it from the address bar.
    log.info({ url: `http://localhost:${port}/?token=${localToken}` }, `local chat: open http://localhost:${port}/?token=${localToken}`);
  }
  // Once the channels are known: a digest missed while the bot was down goes out now, once.
  await counted('catch-up', () => digestJob.catchUp()).catch((error: unknown) => log.error({ err: error }, 'digest catch-up failed'));

  return {
    port,
    database,
    bot,
    chat,
    localChatToken: localToken,
    tickReminders,
    runDigest,
    tickPledgeCheckIns: () => checkIns.tick(clock.now()),
    runRetention,
    async stop() {
      await slack?.stop();
      await server.close();
      // What answered turns still do (an email lookup) finishes before the database closes.
      await bot.settled();
      await scheduler.stop();
      await database.close();
    },
  };
}
