// Bolt's receiver for Socket Mode, with the admission of HTTP mode in front of Bolt: an
// Events API envelope is first admitted (event_id recorded) and only then acked. When the
// database cannot take it, the envelope is left unacked and Slack delivers it again (with
// retry_attempt); a duplicate, or the last attempt during an outage, is acked without
// handling. Slash commands and interactivity go straight to Bolt, which acks them first.
import type { App, Receiver, ReceiverEvent, webApi } from '@slack/bolt';
import { SocketModeReceiver } from './bolt';
import type { Logger as SlackLogger } from '@slack/bolt';
import type { Admit } from './http-receiver';

export class SlackSocketReceiver implements Receiver {
  private readonly socket: SocketModeReceiver;

  constructor(private readonly options: { appToken: string; logger: SlackLogger; clientOptions: webApi.WebClientOptions; admit: Admit }) {
    this.socket = new SocketModeReceiver({ appToken: options.appToken, logger: options.logger, installerOptions: { clientOptions: options.clientOptions } });
  }

  init(app: App): void {
    // Bolt's Socket Mode receiver only calls processEvent on the app it is given: each
    // envelope (body, ack over the socket, retryNum from retry_attempt) passes through here.
    this.socket.init({ processEvent: (event: ReceiverEvent) => this.process(app, event) } as unknown as App);
  }

  start(): Promise<unknown> {
    return this.socket.start();
  }

  stop(): Promise<unknown> {
    return this.socket.stop();
  }

  private async process(app: App, event: ReceiverEvent): Promise<void> {
    const admission = await this.options.admit(event.body, event.retryNum ?? 0);
    // Not acked: Slack delivers the envelope again.
    if (admission.kind === 'retry') return;
    if (admission.kind === 'skip') {
      await event.ack();
      await admission.after?.().catch((error: unknown) => this.options.logger.error(`after a skipped Slack envelope: ${(error as Error).message}`));
      return;
    }
    await app.processEvent(event);
  }
}
