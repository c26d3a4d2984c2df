import { Router, type Command } from '../../src/conversation/router';
import type { ConversationContext } from '../../src/conversation/context';
import { translator } from '../../src/conversation/catalog/catalog';
import { commandAliases } from '../../src/conversation/understanding/words';

const command = (name: string, extra: Partial<Command> = {}): Command => ({ name, summary: 'command.help', run: async () => [{ text: name }], ...extra });

describe('Router', () => {
  const router = new Router([command('help', { aliases: ['?'] }), command('pledge'), command('pledge totals'), command('my groups'), command('composition', { role: 'chair' })]);

  it('finds a command and passes the rest as arguments', () => {
    const routed = router.route('pledge 12');
    expect(routed).toMatchObject({ kind: 'command', args: '12' });
    expect(routed.kind === 'command' && routed.command.name).toBe('pledge');
  });

  it('prefers the longest multi-word name, case-insensitively', () => {
    const routed = router.route('Pledge  TOTALS');
    expect(routed.kind === 'command' && routed.command.name).toBe('pledge totals');
    expect(router.route('my groups').kind).toBe('command');
  });

  it('resolves aliases to their command', () => {
    const routed = router.route('?');
    expect(routed.kind === 'command' && routed.command.name).toBe('help');
  });

  it('suggests the nearest command for a misspelt word', () => {
    expect(router.route('plege')).toEqual({ kind: 'unknown', word: 'plege', suggestion: 'pledge' });
    expect(router.route('halp me')).toMatchObject({ kind: 'unknown', suggestion: 'help' });
    expect(router.route('xylophone')).toEqual({ kind: 'unknown', word: 'xylophone', suggestion: undefined });
  });

  it("suggests by the member's words too: a misspelt French word names its command", () => {
    const fr = commandAliases(translator('fr'));
    expect(router.route('engagemnt', fr)).toEqual({ kind: 'unknown', word: 'engagemnt', suggestion: 'pledge' });
    expect(router.route('mes groupez', fr)).toMatchObject({ kind: 'unknown', suggestion: 'my groups' });
    // Without the French words, nothing English is near.
    expect(router.route('mes groupez')).toMatchObject({ suggestion: undefined });
  });

  it('refuses a name used twice', () => {
    expect(() => new Router([command('help'), command('other', { aliases: ['help'] })])).toThrow(/used twice/);
  });

  it('checks roles: chairs and the secretariat pass, members do not', () => {
    const composition = router.commands.find((c) => c.name === 'composition')!;
    const ctx = (roles: ConversationContext['roles']) => ({ roles }) as ConversationContext;
    expect(Router.allowed(composition, ctx([]))).toBe(false);
    expect(Router.allowed(composition, ctx([{ memberId: 'm', role: 'chair', scope: 'access', source: 'chat' }]))).toBe(true);
    expect(Router.allowed(composition, ctx([{ memberId: 'm', role: 'secretariat', scope: '', source: 'config' }]))).toBe(true);
  });
});
