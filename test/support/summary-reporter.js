// Prints one plain closing line, `tests: N passed, N failed, N skipped`, that any CI log
// reader understands. It is written as the process exits, so it comes after jest's own
// summary (pipes and files are written synchronously on Linux).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stdout.write(line));
  }
}
module.exports = SummaryReporter;
