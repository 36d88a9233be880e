// Prints "N passed, M failed" from vitest's JSON report and exits non-zero when anything
// failed or the test command itself failed.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, statusText] = process.argv.slice(2);
const status = Number(statusText ?? '1');
let passed = 0;
let failed = 0;
if (reportPath !== undefined && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  // A spec file that fails to load has no failed tests of its own: count it once.
  for (const suite of report.testResults ?? []) {
    const failedHere = (suite.assertionResults ?? []).filter((a) => a.status === 'failed').length;
    if (suite.status === 'failed' && failedHere === 0) failed += 1;
  }
  if (report.numTotalTests === 0) {
    console.log('vitest ran no test');
    failed += 1;
  }
} else if (status !== 0) {
  console.log('the type check or the linter failed before the tests ran');
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || status !== 0 ? 1 : 0);
