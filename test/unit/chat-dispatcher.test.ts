import { isBotError } from '../../src/core/errors';
import type { OutgoingMessage } from '../../src/core/messages';
import type { ChatPort } from '../../src/core/ports';
import { ChatDispatcher } from '../../src/delivery/chat-dispatcher';
import { rejectionOf } from '../support/rejection';

class RecordingPort implements ChatPort {
  readonly sent: [string, OutgoingMessage][] = [];
  readonly updated: [string, string, OutgoingMessage][] = [];
  async send(address: string, message: OutgoingMessage) {
    this.sent.push([address, message]);
    return { ref: `ref-${this.sent.length}` };
  }
  async update(address: string, ref: string, message: OutgoingMessage) {
    this.updated.push([address, ref, message]);
  }
}

describe('ChatDispatcher', () => {
  it('hands each address to the adapter of its platform prefix', async () => {
    const ports = new ChatDispatcher();
    const slack = new RecordingPort();
    const local = new RecordingPort();
    ports.register('slack', slack);
    ports.register('local', local);
    expect(await ports.send('slack:T1:D2', { text: 'hi' })).toEqual({ ref: 'ref-1' });
    await ports.update('local:ann', 'r9', { text: 'changed' });
    expect(slack.sent).toEqual([['slack:T1:D2', { text: 'hi' }]]);
    expect(local.updated).toEqual([['local:ann', 'r9', { text: 'changed' }]]);
  });

  it('refuses an address whose platform has no adapter running', async () => {
    const error = await rejectionOf(new ChatDispatcher().send('teams:abc', { text: 'hi' }));
    expect(isBotError(error, 'PLATFORM.NOT_SUPPORTED')).toBe(true);
  });
});
