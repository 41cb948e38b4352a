#!/usr/bin/env node
/*
 * Totals the jest JSON reports of every suite into the one line CI reads: "N passed, N failed".
 * A test file that could not run, a missing report, or a failed non-jest step (type check, install)
 * counts as a failure, so nothing is green by omission.
 */
const fs = require('node:fs');
const path = require('node:path');

const [resultsDir, ...failedSteps] = process.argv.slice(2);
const expected = ['unit.json', 'e2e.json'];
let passed = 0;
let failed = 0;

for (const file of expected) {
  const full = path.join(resultsDir, file);
  if (!fs.existsSync(full)) {
    console.log(`  no report ${file}: counted as one failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(full, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  for (const suite of report.testResults ?? []) {
    if (
      suite.status === 'failed' &&
      suite.message &&
      suite.assertionResults.length === 0
    ) {
      console.log(
        `  could not run: ${path.relative(process.cwd(), suite.name)}`,
      );
    }
  }
}
for (const step of failedSteps.filter(
  s => !['unit and integration tests', 'browser tests'].includes(s),
)) {
  console.log(`  step failed: ${step} (counted as one failure)`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
