// The real bot as a process with Teams authentication on, the way production runs it: a
// loopback Bot Framework issuer signs every activity (and the bot's own outbound tokens), and
// the fake connector accepts only calls carrying a token from that issuer.
import { BotFrameworkIssuer } from './bot-framework-issuer';
import { startBot, type BotProcess } from './bot-process';
import { FakeConnector } from './fake-connector';
import { exchangeActivity, postActivity, TENANT, type Exchange } from './teams-activities';

export const APP_ID = '22222222-2222-2222-2222-222222222222';
export const APP_PASSWORD = 'test-client-secret';

type Json = Record<string, any>;

export interface TeamsBot {
  bot: BotProcess;
  connector: FakeConnector;
  issuer: BotFrameworkIssuer;
  /** POSTs a signed activity that must be accepted; returns what the bot sent meanwhile. */
  exchange(activity: Json): Promise<Exchange>;
  /** POSTs an activity signed as given (or not at all with `authorization: null`). */
  post(activity: Json, options?: { authorization?: string | null }): Promise<{ status: number; body: Json | undefined }>;
  stop(): Promise<void>;
}

/**
 * One loopback issuer for the whole test file, started before its tests and stopped after them:
 * botbuilder caches the bot's outbound token per app id in the process, so the in-process apps of
 * one file must all see the same issuer. Call at the top level of the file.
 */
export function issuerForFile(): BotFrameworkIssuer {
  const issuer = new BotFrameworkIssuer(APP_ID, APP_PASSWORD);
  beforeAll(() => issuer.start());
  afterAll(() => issuer.stop());
  return issuer;
}

/** Starts issuer, connector and bot; TEAMS_ALLOWED_TENANTS defaults to the fixtures' tenant. */
export async function startTeamsBot(env: Record<string, string>, options: { connector?: ConstructorParameters<typeof FakeConnector>[0] } = {}): Promise<TeamsBot> {
  const issuer = await new BotFrameworkIssuer(APP_ID, APP_PASSWORD).start();
  const connector = await new FakeConnector({ ...options.connector, authorize: (header) => issuer.isBotToken(header) }).start();
  let bot: BotProcess;
  try {
    bot = await startBot({ LOCAL_CHAT: 'off', TEAMS_ALLOWED_TENANTS: TENANT, ...issuer.env(), ...env });
  } catch (error) {
    await connector.stop();
    await issuer.stop();
    throw error;
  }
  return {
    bot,
    connector,
    issuer,
    exchange: (activity) => exchangeActivity(bot.url, connector, activity, issuer),
    post: (activity, opts = {}) =>
      postActivity(bot.url, activity, opts.authorization === null ? {} : { authorization: opts.authorization ?? issuer.authorization(activity) }),
    async stop() {
      await bot?.stop();
      await connector.stop();
      await issuer.stop();
    },
  };
}
