// Where the local chat reaches a user: "local:<user name>". Only this adapter reads it.
import { BotError } from '../../src/core/errors';

/** A local user name: what POST /local/messages accepts as `user`. */
const USER = /^[\w.@-]{1,64}$/;

export function localAddress(user: string): string {
  return `local:${user}`;
}

/** The local user an address names ("local:<user>"). */
export function localUser(address: string): string {
  const user = address.startsWith('local:') ? address.slice('local:'.length) : '';
  if (!USER.test(user)) throw new BotError('INPUT.INVALID', `not a local chat address: ${address.slice(0, 80)}`);
  return user;
}
