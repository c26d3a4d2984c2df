// Builds the members' data rights from the app's parts: the `my data` and `forget me` commands
// and the signed route that serves a member's own data.
import type { Clock } from './core/clock';
import { LINK_LIFETIME_MS } from './conversation/digest/commands';
import { dataRightsCommands } from './conversation/members/data-rights';
import type { Command } from './conversation/router';
import type { Database } from './db/open-database';
import { myDataPath, myDataRoute } from './http/my-data-route';
import type { HttpServer } from './http/server';
import type { LinkSigner } from './http/signed-links';

export interface DataRightsServices {
  commands: Command[];
  register(server: HttpServer): void;
}

export function dataRightsServices(deps: { database: Database; signer: () => LinkSigner; clock: Clock }): DataRightsServices {
  const { signer, clock } = deps;
  const rights = deps.database.stores.dataRights;
  return {
    commands: dataRightsCommands({ rights, myDataLink: (memberId, expiresAt) => signer().url(myDataPath(memberId), expiresAt), linkLifetimeMs: LINK_LIFETIME_MS }),
    register(server) {
      server.routePrefix('GET', '/my-data/', myDataRoute({ rights, signer, clock }));
    },
  };
}
