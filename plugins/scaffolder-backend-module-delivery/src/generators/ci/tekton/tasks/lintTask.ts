import {
  GO_LINT_SCRIPT,
  GO_MODULE_CHECKS_SCRIPT,
} from '../../scripts/goChecks';
import { CI_IMAGES } from '../../tools';
import { pipelineTask } from '../pipelineTask';
import {
  goCacheEnv,
  SOURCE_DIR,
  STEP_RESOURCES,
  WORKSPACES,
} from '../stepParts';
import type { GoServiceSpec } from '../../../types';

export function lintTask(spec: GoServiceSpec) {
  return pipelineTask({
    name: 'lint',
    description: 'Tidy and verified modules, gofmt, golangci-lint.',
    runAfter: ['clone'],
    workspaces: [{ name: WORKSPACES.source }],
    stepTemplate: { workingDir: SOURCE_DIR, env: goCacheEnv() },
    steps: [
      {
        name: 'go-modules',
        image: CI_IMAGES.go(spec.goVersion),
        computeResources: STEP_RESOURCES.go,
        script: GO_MODULE_CHECKS_SCRIPT,
      },
      {
        name: 'golangci-lint',
        image: CI_IMAGES.golangciLint,
        computeResources: STEP_RESOURCES.go,
        script: GO_LINT_SCRIPT,
      },
    ],
  });
}
