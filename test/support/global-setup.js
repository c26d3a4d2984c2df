// Builds dist/ once before any test file runs, so tests that start the real server
// as a process never race each other compiling.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build-if-needed.mjs')], { stdio: 'inherit' });
};
