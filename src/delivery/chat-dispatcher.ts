// One ChatPort for the whole bot: it hands each address to the adapter that owns its
// platform prefix ("slack:", "teams:", "local:"), without reading the rest of it.
import { BotError } from '../core/errors';
import type { OutgoingMessage, Platform } from '../core/messages';
import type { ChatPort, SendOptions } from '../core/ports';

export class ChatDispatcher implements ChatPort {
  private readonly ports = new Map<string, ChatPort>();

  register(platform: Platform, port: ChatPort): void {
    this.ports.set(platform, port);
  }

  async send(address: string, message: OutgoingMessage, options?: SendOptions): Promise<{ ref: string }> {
    return this.portFor(address).send(address, message, options);
  }

  /** Undefined when the address's platform cannot look up what it sent. */
  async findSent(address: string, deliveryKey: string, since: Date): Promise<{ ref: string } | null | undefined> {
    const port = this.portFor(address);
    return port.findSent ? port.findSent(address, deliveryKey, since) : undefined;
  }

  async update(address: string, ref: string, message: OutgoingMessage): Promise<void> {
    return this.portFor(address).update(address, ref, message);
  }

  private portFor(address: string): ChatPort {
    const platform = address.slice(0, address.indexOf(':'));
    const port = this.ports.get(platform);
    if (!port) throw new BotError('PLATFORM.NOT_SUPPORTED', `no adapter is running for "${platform}" addresses`, { platform });
    return port;
  }
}
