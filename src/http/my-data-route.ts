// GET /my-data/<member id>.json?expires=…&sig=… : everything stored about one member, for
// the signed link `my data` hands them. Expired or tampered: 403.
import type { Clock } from '../core/clock';
import type { MemberDataRights } from '../core/members/data-rights';
import { HttpError, type Handler } from './server';
import type { LinkSigner } from './signed-links';

export const myDataPath = (memberId: string) => `/my-data/${memberId}.json`;

export function myDataRoute(deps: { rights: MemberDataRights; signer: () => LinkSigner; clock: Clock }): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/my-data\/([0-9a-f-]{36})\.json$/.exec(url.pathname);
    if (!match) throw new HttpError(404, 'no such file');
    const verdict = deps.signer().check(url.pathname, url.searchParams, deps.clock.now());
    if (verdict !== 'ok') throw new HttpError(403, verdict === 'expired' ? 'this link has expired' : 'this link is not valid');
    const data = await deps.rights.everything(match[1]);
    if (!data.member) throw new HttpError(404, 'nothing is stored about this member');
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="my-data.json"',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(data, null, 2));
  };
}
