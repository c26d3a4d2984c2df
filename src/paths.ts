// Files shipped in the repository (coalition file, CSV data, migrations, web assets) are
// read from the project root: tsc does not copy them to dist/, so code compiled to
// dist/src/... finds them from the root just as the sources under src/ do.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The absolute path of `relative` (e.g. `src/data/coalitions/p2c.yaml`) in the nearest folder
 * above `from` that holds a package.json and that file; the nearest package.json folder when
 * none holds it, so an error names the expected place.
 */
export function projectFile(relative: string, from: string = __dirname): string {
  let nearestRoot: string | undefined;
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      nearestRoot ??= dir;
      // A package.json inside dist/ (emitted when code imports it) is not the project root.
      if (existsSync(join(dir, relative))) return join(dir, relative);
    }
    if (dirname(dir) === dir) break;
  }
  return join(nearestRoot ?? from, relative);
}

/** The folder the bot keeps its own files in: `data/` in the working directory. */
export function dataDirectory(baseDir: string = process.cwd()): string {
  return join(baseDir, 'data');
}

/** Where the generated local chat token is kept, read by the server and by `npm run chat`. */
export function localChatTokenFile(dataDir: string): string {
  return join(dataDir, 'local-chat-token');
}
