// The Teams endpoint with botbuilder loaded at its first use. The local configuration opens an
// unauthenticated Teams endpoint for callers on this machine, which most runs never call:
// botbuilder and its connector take about 40 MB resident, so they wait for the first activity
// or the first message sent to a Teams address. Authenticated Teams loads at start (its settings
// are checked there).
import type { ChatPort } from '../../src/core/ports';
import type { HttpServer } from '../../src/http/server';
import type { TeamsAdapter, TeamsAdapterOptions } from './teams-adapter';

export class DeferredTeamsAdapter {
  readonly authenticated: boolean;
  readonly outbound: ChatPort;
  private loading: Promise<TeamsAdapter> | undefined;

  constructor(private readonly options: TeamsAdapterOptions) {
    this.authenticated = Boolean(options.settings.appId);
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
