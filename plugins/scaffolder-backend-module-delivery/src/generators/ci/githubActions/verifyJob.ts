import type { GoServiceSpec } from '../../types';
import { componentRef } from '../names';
import {
  COVERAGE_GATE_SCRIPT,
  COVERAGE_UPLOAD_SCRIPT,
} from '../scripts/coverage';
import {
  GO_MODULE_CHECKS_SCRIPT,
  GO_TEST_SCRIPT,
  GO_VULNCHECK_SCRIPT,
} from '../scripts/goChecks';
import { CI_TOOLS, GITHUB_ACTIONS } from '../tools';
import { BRANCH, COMMIT_SHA, secret, WORKFLOW_SECRETS } from './expressions';

/**
 * The commit stage, on every push and pull request: modules and formatting, golangci-lint,
 * race tests with coverage (uploaded to the portal, then gated), govulncheck.
 */
export function verifyJob(spec: GoServiceSpec) {
  return {
    name: 'Lint, test, scan',
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    steps: [
      { uses: GITHUB_ACTIONS.checkout },
      {
        uses: GITHUB_ACTIONS.setupGo,
        with: { 'go-version-file': 'go.mod' },
      },
      { name: 'Modules and formatting', run: GO_MODULE_CHECKS_SCRIPT },
      {
        name: 'golangci-lint',
        uses: GITHUB_ACTIONS.golangciLint,
        with: { version: CI_TOOLS.golangciLint, args: '--timeout=10m' },
      },
      { name: 'Test (race detector, coverage)', run: GO_TEST_SCRIPT },
      {
        name: 'Upload coverage to the portal',
        // The portal being down, or a fork without the token, must not fail the build.
        'continue-on-error': true,
        env: {
          PORTAL_URL: spec.backstageBaseUrl,
          PORTAL_TOKEN: secret(WORKFLOW_SECRETS.portalToken),
          ENTITY_REF: componentRef(spec.name),
          COMMIT_SHA,
          BRANCH,
        },
        run: COVERAGE_UPLOAD_SCRIPT,
      },
      {
        name: `Coverage gate (${spec.coverageThreshold} %)`,
        env: { COVERAGE_THRESHOLD: String(spec.coverageThreshold) },
        run: COVERAGE_GATE_SCRIPT,
      },
      { name: 'govulncheck', run: GO_VULNCHECK_SCRIPT },
    ],
  };
}
