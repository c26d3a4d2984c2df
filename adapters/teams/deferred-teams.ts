// The Teams endpoint with botbuilder loaded at its first use: the first activity, or the first
// message sent to a Teams address. botbuilder and its connector (with Azure identity, MSAL and
// their HTTP clients) take about 40 MB resident, which a bot whose Teams side is idle, or the
// local configuration's unauthenticated endpoint that most runs never call, need not hold from
// the start. The settings are checked before that, at start: here (the allowed tenants) and in
// src/config.ts (app type, password and tenant, the test issuer's address), as botbuilder
// would check them.
import type { ChatPort } from '../../src/core/ports';
import type { HttpServer } from '../../src/http/server';
import { NO_ALLOWED_TENANTS } from './connection';
import type { TeamsAdapter, TeamsAdapterOptions } from './teams-adapter';

export class DeferredTeamsAdapter {
  readonly authenticated: boolean;
  readonly outbound: ChatPort;
  private loading: Promise<TeamsAdapter> | undefined;

  constructor(private readonly options: TeamsAdapterOptions) {
    this.authenticated = Boolean(options.settings.appId);
    if (this.authenticated && options.settings.allowedTenants.length === 0) throw new Error(NO_ALLOWED_TENANTS);
    this.outbound = {
      send: async (address, message) => (await this.adapter()).outbound.send(address, message),
      update: async (address, ref, message) => (await this.adapter()).outbound.update(address, ref, message),
    };
  }

  register(server: HttpServer): void {
    server.route('POST', '/api/messages', async (req, res, ctx) => (await this.adapter()).receiver()(req, res, ctx));
  }

  /** The adapter, created once; a failed load is tried again at the next use. */
  private adapter(): Promise<TeamsAdapter> {
    this.loading ??= import('./teams-adapter')
      .then(({ TeamsAdapter }) => new TeamsAdapter(this.options))
      .catch((error: unknown) => {
        this.loading = undefined;
        throw error;
      });
    return this.loading;
  }
}
