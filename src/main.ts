// Process entry point: read configuration, start the app, stop cleanly on SIGTERM.
// Configuration and coalition-file problems end the process with their list, no stack.
import { startApp } from './app';
import { secretValues } from './config';
import { captureConsole, chooseLogFormat, createLogger } from './logger';
import { isStartupError, loadStartup } from './startup';

async function main(): Promise<void> {
  let startup;
  try {
    startup = loadStartup();
  } catch (error) {
    if (isStartupError(error)) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { config, coalition } = startup;
  const log = createLogger(config.logLevel, { format: chooseLogFormat(config.logFormat, process.stdout.isTTY === true), secrets: secretValues(config) });
  captureConsole(log);
  const app = await startApp(config, coalition, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    try {
      await app.stop();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
