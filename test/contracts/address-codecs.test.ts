// The address codecs' contract, run against each platform's: an address is an opaque string
// the core stores and passes along, so each codec must give back exactly what it encoded, name
// its platform first (that is how one ChatPort finds the adapter), stay short and free of
// spaces, tell different targets apart, and refuse what is not its own with INPUT.INVALID.
import { localAddress, localUser } from '../../adapters/local/address';
import { parseSlackAddress, slackAddress } from '../../adapters/slack/address';
import { decodeTeamsAddress, encodeTeamsAddress, type TeamsAddress } from '../../adapters/teams/address';
import { isBotError } from '../../src/core/errors';

interface Codec<T> {
  platform: 'slack' | 'teams' | 'local';
  encode(target: T): string;
  decode(address: string): T;
  samples: T[];
  /** Addresses of this platform that do not decode. */
  malformed: string[];
}

const codecs: Codec<unknown>[] = [
  {
    platform: 'slack',
    encode: (t) => slackAddress((t as { team: string }).team, (t as { id: string }).id),
    decode: parseSlackAddress,
    samples: [{ team: 'T0TEST', id: 'U0ADA' }, { team: 'T0TEST', id: 'C0GENERAL' }, { team: 'T0OTHER', id: 'U0ADA' }, { team: 'E12345', id: 'W0GRID' }],
    malformed: ['slack:', 'slack:T0TEST', 'slack:T0TEST:', 'slack:t0test:U0ADA', 'slack:T0TEST:U0ADA:extra', 'slack:T0 TEST:U0ADA', `slack:T0TEST:${'U'.repeat(40)}`],
  } satisfies Codec<{ team: string; id: string }> as Codec<unknown>,
  {
    platform: 'teams',
    encode: (t) => encodeTeamsAddress(t as TeamsAddress),
    decode: decodeTeamsAddress,
    samples: [
      { conversationId: 'a:personal-1', serviceUrl: 'https://smba.trafficmanager.net/emea/', tenantId: '11111111-1111-1111-1111-111111111111', botId: '28:bot', conversationType: 'personal' },
      { conversationId: '19:channel@thread.tacv2', serviceUrl: 'https://smba.trafficmanager.net/emea/', tenantId: '11111111-1111-1111-1111-111111111111', conversationType: 'channel' },
      { serviceUrl: 'http://127.0.0.1:3979/', userId: '29:user', tenantId: 't', externalId: 't:aad' },
    ],
    malformed: ['teams:', 'teams:not-base64-json', `teams:${Buffer.from('{"serviceUrl":"x"}').toString('base64url')}`, `teams:${Buffer.from('{"serviceUrl":"https://a.example/","conversationId":"c","extra":1}').toString('base64url')}`],
  } satisfies Codec<TeamsAddress> as Codec<unknown>,
  {
    platform: 'local',
    encode: (t) => localAddress(t as string),
    decode: localUser,
    samples: ['demo-member', 'ann', 'ada.lovelace@example.org'],
    malformed: ['local:', 'local:two words', 'local:<script>', `local:${'a'.repeat(65)}`],
  } satisfies Codec<string> as Codec<unknown>,
];

const invalid = (decode: (address: string) => unknown, address: string): boolean => {
  try {
    decode(address);
    return false;
  } catch (error) {
    return isBotError(error, 'INPUT.INVALID');
  }
};

describe.each(codecs.map((c) => [c.platform, c] as const))('the %s address codec', (_platform, codec) => {
  it('gives back exactly what it encoded', () => {
    for (const target of codec.samples) expect(codec.decode(codec.encode(target))).toEqual(target);
  });

  it('names its platform first, and stays short and free of spaces', () => {
    for (const target of codec.samples) {
      const address = codec.encode(target);
      expect(address.slice(0, address.indexOf(':'))).toBe(codec.platform);
      expect(address).not.toMatch(/\s/);
      expect(address.length).toBeLessThanOrEqual(2048);
    }
  });

  it('tells different targets apart', () => {
    expect(new Set(codec.samples.map((t) => codec.encode(t))).size).toBe(codec.samples.length);
  });

  it('refuses malformed addresses and every other platform\'s with INPUT.INVALID', () => {
    const others = codecs.filter((c) => c !== codec).flatMap((c) => c.samples.map((t) => c.encode(t)));
    for (const address of [...codec.malformed, ...others, '', 'mailto:ann@example.org']) expect([address, invalid((a) => codec.decode(a), address)]).toEqual([address, true]);
  });
});
