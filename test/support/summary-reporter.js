// Prints one plain closing line, `tests: N passed, N failed, N skipped`, that any CI log
// reader understands, after jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    // jest prints its summary on stderr; the line goes last there, and on stdout for readers of that alone.
    process.stderr.write(`\n${line}`);
    process.stdout.write(line);
  }
}
module.exports = SummaryReporter;
