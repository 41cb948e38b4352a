import { GITOPS_BUMP_SCRIPT } from '../../scripts/gitopsBump';
import { CI_IMAGES } from '../../tools';
import { MAIN_BRANCH } from '../../names';
import {
  param,
  pipelineTask,
  taskResult,
  workspacePath,
} from '../pipelineTask';
import { STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { IMAGE_RESULTS } from './buildImageTask';
import { CLONE_RESULTS } from './cloneTask';
import type { GoServiceSpec } from '../../../types';

/** Deploys a signed main-branch image to the automatically synced environments. */
export function bumpGitopsTask(spec: GoServiceSpec) {
  return pipelineTask({
    name: 'bump-gitops',
    description:
      'kustomize edit set image in the auto-deployed overlays of the GitOps repository; commit; push.',
    runAfter: ['sign-image', 'sbom'],
    when: [
      { input: '$(params.branch)', operator: 'in', values: [MAIN_BRANCH] },
    ],
    params: {
      'gitops-repo-url': '$(params.gitops-repo-url)',
      'gitops-branch': '$(params.gitops-branch)',
      'gitops-path': '$(params.gitops-path)',
      'gitops-overlays': '$(params.gitops-overlays)',
      image: '$(params.image)',
      tag: taskResult('clone', CLONE_RESULTS.commit),
      digest: taskResult('build-image', IMAGE_RESULTS.digest),
    },
    workspaces: [{ name: WORKSPACES.gitCredentials, optional: true }],
    steps: [
      {
        name: 'set-image',
        image: CI_IMAGES.kustomize,
        computeResources: STEP_RESOURCES.light,
        env: [
          {
            name: 'GIT_CREDENTIALS_DIR',
            value: workspacePath(WORKSPACES.gitCredentials),
          },
          { name: 'GITOPS_REPO_URL', value: param('gitops-repo-url') },
          { name: 'GITOPS_BRANCH', value: param('gitops-branch') },
          { name: 'GITOPS_PATH', value: param('gitops-path') },
          { name: 'OVERLAYS', value: param('gitops-overlays') },
          { name: 'IMAGE', value: param('image') },
          { name: 'TAG', value: param('tag') },
          { name: 'DIGEST', value: param('digest') },
          { name: 'SERVICE_NAME', value: spec.name },
        ],
        script: GITOPS_BUMP_SCRIPT,
      },
    ],
  });
}
