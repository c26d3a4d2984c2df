// What every entry point reads first: the environment and the coalition file it names.
// Both refuse bad input with one readable message (ConfigError, CoalitionFileError).
import { applyEnvFile, ConfigError, loadConfig, type Config } from './config';
import type { Coalition } from './core/coalition/coalition';
import { CoalitionFileError, defaultCoalitionFile, loadCoalitionFile } from './data/coalition-file';

export function loadStartup(): { config: Config; coalition: Coalition } {
  applyEnvFile();
  const config = loadConfig();
  return { config, coalition: loadCoalitionFile(config.coalitionFile ?? defaultCoalitionFile) };
}

/** True for the errors whose message is meant for the operator as it is (no stack trace). */
export function isStartupError(error: unknown): error is ConfigError | CoalitionFileError {
  return error instanceof ConfigError || error instanceof CoalitionFileError;
}
