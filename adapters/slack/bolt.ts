// The parts of Bolt the adapter runs, each from its own module. Bolt's index also loads what the
// bot never uses (the Express and AWS Lambda receivers with Express itself, about 6 MB resident).
// Types still come from '@slack/bolt' (`import type` loads nothing).
export { default as App, LogLevel } from '@slack/bolt/dist/App';
export * as HTTPModuleFunctions from '@slack/bolt/dist/receivers/HTTPModuleFunctions';
export { HTTPResponseAck } from '@slack/bolt/dist/receivers/HTTPResponseAck';
export { default as SocketModeReceiver } from '@slack/bolt/dist/receivers/SocketModeReceiver';
export { WebClient } from '@slack/web-api';
