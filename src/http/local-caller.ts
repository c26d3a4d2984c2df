// "This request comes from the person at this machine": the one check behind the endpoints
// that trust the caller's word for who they are (the local chat, unauthenticated Teams).
// A loopback socket alone is not enough: a reverse proxy or sidecar on the same host makes
// every caller loopback (it says so in Forwarded / X-Forwarded-* headers), and a web page
// elsewhere can reach a loopback port through DNS rebinding (its Host is then not loopback).
import type { IncomingMessage } from 'node:http';

/** Headers a proxy adds when it relays someone else's request. */
const FORWARDING_HEADERS = /^(forwarded|x-forwarded-.+|x-real-ip|x-client-ip|x-original-forwarded-for|true-client-ip|cf-connecting-ip|via)$/i;

/** True for a socket address on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * True for a Host header naming this machine: localhost, 127.x.y.z or [::1], with an optional
 * port. Anything else (a public name, a rebinding domain, an empty or absent Host) is not.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return false;
  if (match[1].startsWith('127.') && match[1].split('.').some((octet) => Number(octet) > 255)) return false;
  return match[2] === undefined || Number(match[2]) <= 65535;
}

/**
 * Why this request is not from the person at this machine, or undefined when it is: its
 * socket is loopback, no proxy forwarded it, and its Host names this machine.
 */
export function notFromThisMachine(req: Pick<IncomingMessage, 'headers' | 'socket' | 'rawHeaders'>): string | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'only callers on this machine are accepted';
  // rawHeaders: every header as sent, including repeated ones node would fold or drop.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (FORWARDING_HEADERS.test(req.rawHeaders[i])) return `a request relayed by a proxy (${req.rawHeaders[i].toLowerCase()} header) is not accepted`;
  }
  const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i].toLowerCase() === 'host').length;
  if (hosts !== 1 || !isLoopbackHost(req.headers.host)) return 'the Host header must name this machine (localhost, 127.0.0.1 or [::1])';
  return undefined;
}
