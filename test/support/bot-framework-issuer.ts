// A Bot Framework token issuer on loopback, as the Bot Connector and its login service work:
// an OpenID configuration, a JWKS with an RSA key of its own (endorsed for msteams), tokens
// for the bot (issuer https://api.botframework.com, audience = app id, serviceurl claim, kid),
// and a client-credentials token endpoint for the bot's outbound calls, whose tokens the fake
// connector checks. Signing is node:crypto's RS256; nothing here is shared with the bot.
import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** The issuer of the tokens the bot obtains for itself (Microsoft's botframework.com tenant). */
export const LOGIN_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact RS256 JWT. */
export function signJwt(key: Pick<SigningKey, 'kid' | 'privateKey'>, claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export interface TokenClaims {
  serviceUrl: string;
  /** Defaults to the app id the issuer was made for. */
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Signs with this key instead of the issuer's published one. */
  key?: Pick<SigningKey, 'kid' | 'privateKey'>;
}

export class BotFrameworkIssuer {
  readonly key = newSigningKey();
  /** The key of the login service that signs the bot's own (outbound) tokens. */
  private readonly loginKey = newSigningKey();
  private readonly server: Server;
  url = '';
  /** Token requests the issuer answered with a token. */
  tokensIssued = 0;
  tokenRequestsRefused = 0;

  constructor(
    readonly appId: string,
    private readonly appPassword: string,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** What MICROSOFT_OPENID_METADATA_URL names. */
  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** The environment that points the bot at this issuer. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { MICROSOFT_APP_ID: this.appId, MICROSOFT_APP_PASSWORD: this.appPassword, MICROSOFT_OPENID_METADATA_URL: this.metadataUrl, ...extra };
  }

  /** A token as the Bot Connector puts in `Authorization: Bearer` of an activity it delivers. */
  token(claims: TokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = claims.expiresIn ?? 3600;
    return signJwt(claims.key ?? this.key, {
      serviceurl: claims.serviceUrl,
      nbf: Math.min(now, now + expiresIn) - 300,
      exp: now + expiresIn,
      iss: claims.issuer ?? BOT_FRAMEWORK_ISSUER,
      aud: claims.audience ?? this.appId,
    });
  }

  /** The Authorization header for an activity with this serviceUrl. */
  authorization(activity: { serviceUrl?: string }, claims: Partial<TokenClaims> = {}): string {
    return `Bearer ${this.token({ serviceUrl: String(activity.serviceUrl), ...claims })}`;
  }

  /** True when the header carries a token this issuer gave the bot for calling the connector. */
  isBotToken(authorization: string | undefined): boolean {
    const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization ?? '');
    if (!match) return false;
    const [, header, payload, signature] = match;
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.loginKey.publicKey, Buffer.from(signature, 'base64url'))) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return claims.iss === LOGIN_ISSUER && claims.aud === BOT_FRAMEWORK_ISSUER && claims.appid === this.appId && Number(claims.exp) > Date.now() / 1000;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return reply(res, 200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: `${this.url}/v1/auth`,
        jwks_uri: `${this.url}/v1/.well-known/keys`,
        token_endpoint: `${this.url}/botframework.com/oauth2/v2.0/token`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      const jwk = createPublicKey(this.key.privateKey).export({ format: 'jwk' });
      return reply(res, 200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.key.kid, x5t: this.key.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
    }
    if (req.method === 'POST' && path === '/botframework.com/oauth2/v2.0/token') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const valid =
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === this.appId &&
        form.get('client_secret') === this.appPassword &&
        form.get('scope') === `${BOT_FRAMEWORK_ISSUER}/.default`;
      if (!valid) {
        this.tokenRequestsRefused++;
        return reply(res, 401, { error: 'invalid_client', error_description: 'unknown client, wrong secret or scope' });
      }
      this.tokensIssued++;
      const now = Math.floor(Date.now() / 1000);
      const accessToken = signJwt(this.loginKey, { aud: BOT_FRAMEWORK_ISSUER, iss: LOGIN_ISSUER, iat: now, nbf: now, exp: now + 3600, appid: this.appId, ver: '1.0' });
      return reply(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: accessToken });
    }
    return reply(res, 404, { error: 'not_found' });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
