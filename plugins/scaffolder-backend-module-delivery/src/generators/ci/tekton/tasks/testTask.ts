import {
  COVERAGE_GATE_SCRIPT,
  COVERAGE_UPLOAD_SCRIPT,
} from '../../scripts/coverage';
import { GO_TEST_SCRIPT } from '../../scripts/goChecks';
import { CI_IMAGES } from '../../tools';
import { ciSecrets } from '../ciSecrets';
import { param, pipelineTask, taskResult } from '../pipelineTask';
import {
  goCacheEnv,
  secretEnv,
  SOURCE_DIR,
  STEP_RESOURCES,
  WORKSPACES,
} from '../stepParts';
import { CLONE_RESULTS } from './cloneTask';
import type { GoServiceSpec } from '../../../types';

/**
 * Race-enabled tests, then the coverage upload, then the gate. The upload comes before the
 * gate so the portal also records a run that falls below the threshold; it may fail (portal
 * down, token missing) without failing the build.
 */
export function testTask(spec: GoServiceSpec) {
  const image = CI_IMAGES.go(spec.goVersion);
  const portalToken = ciSecrets(spec.name).portalToken;
  return pipelineTask({
    name: 'test',
    description:
      'go test -race with coverage, upload to the portal, coverage gate.',
    runAfter: ['clone'],
    params: {
      'coverage-threshold': '$(params.coverage-threshold)',
      'portal-url': '$(params.portal-url)',
      'entity-ref': '$(params.entity-ref)',
      branch: '$(params.branch)',
      commit: taskResult('clone', CLONE_RESULTS.commit),
    },
    workspaces: [{ name: WORKSPACES.source }],
    stepTemplate: { workingDir: SOURCE_DIR, env: goCacheEnv() },
    steps: [
      {
        name: 'go-test',
        image,
        computeResources: STEP_RESOURCES.go,
        script: GO_TEST_SCRIPT,
      },
      {
        name: 'upload-coverage',
        image,
        computeResources: STEP_RESOURCES.light,
        onError: 'continue',
        env: [
          { name: 'PORTAL_URL', value: param('portal-url') },
          secretEnv('PORTAL_TOKEN', { name: portalToken.name, key: 'token' }),
          { name: 'ENTITY_REF', value: param('entity-ref') },
          { name: 'COMMIT_SHA', value: param('commit') },
          { name: 'BRANCH', value: param('branch') },
        ],
        script: COVERAGE_UPLOAD_SCRIPT,
      },
      {
        name: 'coverage-gate',
        image,
        computeResources: STEP_RESOURCES.light,
        env: [
          { name: 'COVERAGE_THRESHOLD', value: param('coverage-threshold') },
        ],
        script: COVERAGE_GATE_SCRIPT,
      },
    ],
  });
}
