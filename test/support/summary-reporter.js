// Prints one plain closing line ("tests: N passed, N failed, N skipped") after jest's
// own summary, so that any tool reading the end of the output can count the run.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // After jest's own summary, which it writes once this hook returns.
    process.once('exit', () => process.stderr.write(line));
  }
}
module.exports = SummaryReporter;
