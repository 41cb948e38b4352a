import { GITOPS_BRANCH } from '../../gitops/argoCdApplication';
import {
  autoDeployedEnvironments,
  gitopsRoot,
} from '../../gitops/environments';
import type { GoServiceSpec } from '../../types';
import { GITOPS_AUTH_SCRIPT } from '../scripts/gitopsAuth';
import { GITOPS_BUMP_SCRIPT } from '../scripts/gitopsBump';
import { CI_TOOLS, GITHUB_ACTIONS } from '../tools';
import { expr, secret, WORKFLOW_SECRETS } from './expressions';
import { MAIN_BRANCH } from '../names';

/** The deploy stage: the signed image into the automatically synced overlays. */
export function deployJob(spec: GoServiceSpec) {
  const overlays = autoDeployedEnvironments(spec);
  const gitops = {
    GITOPS_REPO_URL: spec.gitopsRepoUrl,
    GITOPS_BRANCH,
  };
  return {
    name: `Deploy to ${overlays.join(', ')}`,
    needs: 'image',
    if: `github.event_name == 'push' && github.ref == 'refs/heads/${MAIN_BRANCH}'`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 10,
    // One bump at a time; a queued run still deploys after the one before it.
    concurrency: { group: `gitops-${spec.name}`, 'cancel-in-progress': false },
    steps: [
      {
        uses: GITHUB_ACTIONS.setupGo,
        with: { 'go-version': spec.goVersion, cache: false },
      },
      {
        name: 'Install kustomize',
        run: [
          `GOBIN="$RUNNER_TEMP/bin" go install sigs.k8s.io/kustomize/kustomize/v5@${CI_TOOLS.kustomize}`,
          'echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"',
        ].join('\n'),
      },
      {
        name: 'Authenticate to the GitOps repository',
        env: { ...gitops, GITOPS_TOKEN: secret(WORKFLOW_SECRETS.gitopsToken) },
        run: GITOPS_AUTH_SCRIPT,
      },
      {
        name: 'Set the image in the overlays',
        env: {
          ...gitops,
          GITOPS_PATH: gitopsRoot(spec),
          OVERLAYS: overlays.join(' '),
          IMAGE: spec.imageRepository,
          TAG: expr('github.sha'),
          DIGEST: expr('needs.image.outputs.digest'),
          SERVICE_NAME: spec.name,
        },
        run: GITOPS_BUMP_SCRIPT,
      },
    ],
  };
}
