// Where the local chat reaches a user: "local:<user name>". Only this adapter reads it.

export function localAddress(user: string): string {
  return `local:${user}`;
}

/** The local user an address names ("local:<user>"). */
export function localUser(address: string): string {
  if (!address.startsWith('local:')) throw new Error('not a local chat address');
  return address.slice('local:'.length);
}
