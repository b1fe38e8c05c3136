// Appends this jest run's totals as one JSON line to $TEST_TOTALS_FILE (read by .ci/run, which
// prints the sum of all suites as "N passed, N failed"). Does nothing when the variable is unset.
const fs = require('node:fs');

class TotalsReporter {
	onRunComplete(_contexts, results) {
		const file = process.env.TEST_TOTALS_FILE;
		if (!file) return;
		const line = {
			passed: results.numPassedTests,
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
			suites: results.numTotalTestSuites,
			failedSuites: results.numFailedTestSuites,
		};
		fs.appendFileSync(file, JSON.stringify(line) + '\n');
	}
}

module.exports = TotalsReporter;
