import { CHECKOUT_SCRIPT } from '../../scripts/checkout';
import { CI_IMAGES } from '../../tools';
import {
  param,
  pipelineTask,
  resultPath,
  workspacePath,
} from '../pipelineTask';
import { SOURCE_DIR, STEP_RESOURCES, WORKSPACES } from '../stepParts';
import type { GoServiceSpec } from '../../../types';

export const CLONE_RESULTS = {
  commit: 'commit',
  commitTime: 'commit-time',
  version: 'version',
} as const;

export function cloneTask(spec: GoServiceSpec) {
  return pipelineTask({
    name: 'clone',
    description: 'Checks out the pushed revision and describes it.',
    params: {
      'repo-url': '$(params.repo-url)',
      revision: '$(params.revision)',
    },
    workspaces: [
      { name: WORKSPACES.source },
      { name: WORKSPACES.gitCredentials, optional: true },
    ],
    results: [
      { name: CLONE_RESULTS.commit, description: 'The full commit SHA.' },
      {
        name: CLONE_RESULTS.commitTime,
        description: 'The commit time in UTC, used as the build time.',
      },
      {
        name: CLONE_RESULTS.version,
        description: 'git describe: the nearest tag or the short commit.',
      },
    ],
    steps: [
      {
        name: 'checkout',
        image: CI_IMAGES.go(spec.goVersion),
        computeResources: STEP_RESOURCES.light,
        env: [
          { name: 'REPO_URL', value: param('repo-url') },
          { name: 'REVISION', value: param('revision') },
          { name: 'SOURCE_DIR', value: SOURCE_DIR },
          {
            name: 'GIT_CREDENTIALS_DIR',
            value: workspacePath(WORKSPACES.gitCredentials),
          },
          { name: 'RESULT_COMMIT', value: resultPath(CLONE_RESULTS.commit) },
          {
            name: 'RESULT_COMMIT_TIME',
            value: resultPath(CLONE_RESULTS.commitTime),
          },
          { name: 'RESULT_VERSION', value: resultPath(CLONE_RESULTS.version) },
        ],
        script: CHECKOUT_SCRIPT,
      },
    ],
  });
}
