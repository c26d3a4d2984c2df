// How the bot proves who it is and checks who calls it. In production: botbuilder's own
// configuration (Microsoft's OpenID metadata, MSAL for outbound tokens). With a test issuer
// (MICROSOFT_OPENID_METADATA_URL, loopback only): the same validation code of botbuilder, with
// the Bot Framework's issuer, audience and serviceurl rules, against that issuer's keys, and
// outbound tokens from that issuer's token endpoint (OAuth client credentials, as MSAL asks).
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import {
  AppCredentials,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  ConnectorFactory,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
  type BotFrameworkClient,
} from 'botframework-connector';
import type { Activity } from 'botframework-schema';
import { isLoopbackUrl } from '../../src/http/loopback-url';

export interface TeamsAuthSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: string;
  /** A loopback OpenID configuration of a test issuer; production leaves it unset. */
  openIdMetadataUrl?: string;
}

const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder's authentication with one correction: a token that fails signature or claim
 * checks inside jsonwebtoken (a key with the right id but the wrong signature, a malformed
 * token) surfaces as a plain error, which CloudAdapter answers with 500. It is a 401.
 */
class RefusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly clients?: KeptClients,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
    // The factory an inbound turn's replies are sent with.
    return this.clients && result.connectorFactory ? { ...result, connectorFactory: this.clients.over(result.connectorFactory, appIdOf(result.claimsIdentity)) } : result;
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  /** The factory of proactive messages (continueConversation). */
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = this.inner.createConnectorFactory(claimsIdentity);
    return this.clients ? this.clients.over(factory, appIdOf(claimsIdentity)) : factory;
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients ? this.clients.userTokenClient(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity)) : this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }
}

/** The bot's app id in a caller's claims, where botbuilder's factories take it: the audience (a channel's token), else appid (the Emulator's). */
function appIdOf(claimsIdentity: ClaimsIdentity): string | null {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? null;
}

function asAuthenticationError(error: unknown): unknown {
  if (error instanceof Error && JWT_ERRORS.has(error.name)) return new AuthenticationError(`Unauthorized: ${error.message}`, 401);
  return error;
}

/** The token endpoint a test issuer's OpenID configuration names (loopback only, like the issuer). */
async function tokenEndpointOf(metadataUrl: string): Promise<string> {
  const res = await fetch(metadataUrl, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new AuthenticationError(`test issuer: OpenID configuration answered ${res.status}`, 500);
  const endpoint = ((await res.json()) as { token_endpoint?: unknown }).token_endpoint;
  if (!isLoopbackUrl(endpoint)) throw new AuthenticationError('test issuer: its token_endpoint is not a loopback URL', 500);
  return endpoint as string;
}

/** Outbound tokens from the test issuer, asked for as MSAL asks Microsoft: client credentials. */
class TestIssuerAppCredentials extends AppCredentials {
  constructor(
    appId: string,
    private readonly password: string,
    scope: string,
    private readonly tokenEndpoint: () => Promise<string>,
  ) {
    super(appId, undefined, scope);
  }

  protected async refreshToken(): Promise<{ accessToken: string; expiresOn: Date }> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.password, scope: `${this.oAuthScope}/.default` });
    const res = await fetch(await this.tokenEndpoint(), { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`test issuer: token request answered ${res.status}`);
    const token = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof token.access_token !== 'string' || typeof token.expires_in !== 'number') throw new Error('test issuer: no access token in the answer');
    return { accessToken: token.access_token, expiresOn: new Date(Date.now() + token.expires_in * 1000) };
  }
}

class TestIssuerCredentialsFactory extends ServiceClientCredentialsFactory {
  private endpoint?: Promise<string>;

  constructor(
    private readonly appId: string,
    private readonly password: string,
    private readonly metadataUrl: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience: string | undefined): Promise<AppCredentials> {
    if (appId !== this.appId) throw new Error('Invalid appId.');
    return new TestIssuerAppCredentials(appId, this.password, audience ?? AuthenticationConstants.ToChannelFromBotOAuthScope, () => {
      this.endpoint ??= tokenEndpointOf(this.metadataUrl).catch((error: unknown) => {
        this.endpoint = undefined;
        throw error;
      });
      return this.endpoint;
    });
  }
}

/** At most this many clients of each kind are kept (service URLs are a handful per cloud region). */
const KEPT_CLIENTS = 64;

/** A bounded map of promised clients: the oldest is let go past KEPT_CLIENTS, one that failed is not kept. */
function keep<T>(kept: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let client = kept.get(key);
  if (!client) {
    client = make();
    kept.set(key, client);
    client.catch(() => kept.delete(key));
    if (kept.size > KEPT_CLIENTS) kept.delete(kept.keys().next().value!);
  }
  return client;
}

/** botbuilder's factory for one turn, answering from the kept clients. */
class KeptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly factory: ConnectorFactory,
    private readonly appId: string | null,
    private readonly connectors: Map<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return keep(this.connectors, JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.factory.create(serviceUrl, audience));
  }
}

/**
 * botbuilder builds a new ConnectorClient and a new UserTokenClient, each with its credentials
 * and its Azure request pipeline, for every turn, and a ConnectorClient for every proactive
 * message (about 5% of a Teams turn's CPU). Neither holds anything of a turn: one connector
 * client per app id, service URL and audience, and one user token client per app id, serve them
 * all, their credentials renewing their token as they do within one turn.
 */
class KeptClients {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokens = new Map<string, Promise<UserTokenClient>>();

  over(factory: ConnectorFactory, appId: string | null): ConnectorFactory {
    return new KeptConnectorFactory(factory, appId, this.connectors);
  }

  userTokenClient(appId: string | null, make: () => Promise<UserTokenClient>): Promise<UserTokenClient> {
    return keep(this.userTokens, JSON.stringify([appId]), make);
  }
}

/**
 * `reuseConnectorClients`: one ConnectorClient per app id, service URL and audience, and one
 * UserTokenClient per app id, instead of botbuilder's new ones per turn (the bot; the
 * benchmark's bare CloudAdapter keeps botbuilder's way).
 */
export function createTeamsAuthentication(settings: TeamsAuthSettings, reuse: { reuseConnectorClients?: boolean } = {}): BotFrameworkAuthentication {
  const clients = reuse.reuseConnectorClients ? new KeptClients() : undefined;
  const options = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppTenantId: settings.tenantId ?? '',
    MicrosoftAppType: settings.appType,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const metadataUrl = settings.openIdMetadataUrl;
  if (!metadataUrl || !settings.appId) return new RefusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(options), clients);
  // Checked in config too: never anything but this machine.
  if (!isLoopbackUrl(metadataUrl)) throw new Error('MICROSOFT_OPENID_METADATA_URL must be a loopback URL');
  // Every parameter given, so botbuilder builds its parameterized authentication with the public
  // cloud's issuer, scope and caller id, and only the places keys and tokens come from changed.
  // Emulator-style tokens are checked against the same test keys: nothing reaches Microsoft.
  const parameterized = {
    ...options,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  } as ConfigurationBotFrameworkAuthenticationOptions;
  const credentials = new TestIssuerCredentialsFactory(settings.appId, settings.appPassword ?? '', metadataUrl);
  return new RefusingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(parameterized, credentials), clients);
}
