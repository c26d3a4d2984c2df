// "The person at this machine": a loopback socket, no proxy's forwarding headers, a Host
// naming this machine. Requests are built as node's server hands them over (rawHeaders too).
import { isLoopbackHost, notFromThisMachine } from '../../src/http/local-caller';

function req(remoteAddress: string | undefined, headers: [string, string][]) {
  const folded: Record<string, string> = {};
  for (const [name, value] of headers) folded[name.toLowerCase()] = value;
  return { socket: { remoteAddress } as never, headers: folded, rawHeaders: headers.flat() };
}

describe('notFromThisMachine', () => {
  it('accepts a loopback caller naming a loopback Host', () => {
    for (const remote of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      for (const host of ['localhost:3978', '127.0.0.1:3978', '[::1]:3978', 'localhost', 'LocalHost:80']) {
        expect([remote, host, notFromThisMachine(req(remote, [['Host', host]]))]).toEqual([remote, host, undefined]);
      }
    }
  });

  it('refuses callers from elsewhere, whatever they claim', () => {
    for (const remote of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.1', 'fe80::1', '::', undefined, '127.0.0.1.evil', '::ffff:127.0.0.1x']) {
      expect(notFromThisMachine(req(remote, [['Host', 'localhost:3978']]))).toContain('only callers on this machine');
    }
  });

  it('refuses anything a proxy relayed, in any letter case', () => {
    for (const header of ['X-Forwarded-For', 'x-forwarded-host', 'X-FORWARDED-PROTO', 'Forwarded', 'X-Real-IP', 'Via', 'X-Forwarded-Anything', 'True-Client-IP', 'CF-Connecting-IP']) {
      expect(notFromThisMachine(req('127.0.0.1', [['Host', 'localhost:3978'], [header, '127.0.0.1']]))).toContain(header.toLowerCase());
    }
  });

  it('refuses a Host that names another machine, is absent, or is sent twice', () => {
    for (const host of ['attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io:3978', '127.0.0.256', '0.0.0.0:3978', '[::2]:1', 'localhost:99999', 'localhost:', ' ', '10.0.0.1:3978', 'localhost@evil']) {
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
      expect(notFromThisMachine(req('127.0.0.1', [['Host', host]]))).toContain('Host');
    }
    expect(notFromThisMachine(req('127.0.0.1', []))).toContain('Host');
    expect(notFromThisMachine(req('127.0.0.1', [['Host', 'localhost'], ['Host', 'evil.example']]))).toContain('Host');
  });
});
