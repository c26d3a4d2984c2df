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
  JwtTokenValidation,
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
    private readonly clients?: ConnectorClients,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const factory = this.inner.createConnectorFactory(claimsIdentity);
    return this.clients ? this.clients.over(factory, JwtTokenValidation.getAppIdFromClaims(claimsIdentity.claims)) : factory;
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }
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

/** At most this many connector clients are kept (service URLs are a handful per cloud region). */
const KEPT_CLIENTS = 64;

/**
 * botbuilder builds a new ConnectorClient, with its credentials and its Azure request pipeline,
 * for every turn and every proactive message (about 4% of a Teams turn's CPU). A client holds
 * nothing of a turn: one per app id, service URL and audience serves them all, its credentials
 * renewing their token as they do in one turn. The oldest is let go past KEPT_CLIENTS, and a
 * client that could not be made is not kept.
 */
class ConnectorClients {
  private readonly kept = new Map<string, Promise<ConnectorClient>>();

  over(factory: ConnectorFactory, appId: string): ConnectorFactory {
    const kept = this.kept;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = JSON.stringify([appId, serviceUrl, audience ?? null]);
        let client = kept.get(key);
        if (!client) {
          client = factory.create(serviceUrl, audience);
          kept.set(key, client);
          client.catch(() => kept.delete(key));
          if (kept.size > KEPT_CLIENTS) kept.delete(kept.keys().next().value!);
        }
        return client;
      }
    })();
  }
}

/**
 * `reuseConnectorClients`: one ConnectorClient per app id, service URL and audience instead of
 * botbuilder's one per turn (the bot; the benchmark's bare CloudAdapter keeps botbuilder's way).
 */
export function createTeamsAuthentication(settings: TeamsAuthSettings, reuse: { reuseConnectorClients?: boolean } = {}): BotFrameworkAuthentication {
  const clients = reuse.reuseConnectorClients ? new ConnectorClients() : undefined;
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
