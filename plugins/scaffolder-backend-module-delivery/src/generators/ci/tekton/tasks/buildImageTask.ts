import { BUILD_IMAGE_SCRIPT } from '../../scripts/buildImage';
import { CI_IMAGES, IMAGE_PLATFORMS } from '../../tools';
import {
  param,
  pipelineTask,
  resultPath,
  taskResult,
  workspacePath,
} from '../pipelineTask';
import { SOURCE_DIR, STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { CLONE_RESULTS } from './cloneTask';

export const IMAGE_RESULTS = {
  digest: 'IMAGE_DIGEST',
  url: 'IMAGE_URL',
} as const;

/** Multi-arch build and push; the tag is the commit, the result the index digest. */
export function buildImageTask() {
  return pipelineTask({
    name: 'build-image',
    description: `Builds ${IMAGE_PLATFORMS.join(
      ' and ',
    )} images with BuildKit and pushes them as one index.`,
    runAfter: ['lint', 'test', 'vulnerability-scan'],
    params: {
      image: '$(params.image)',
      tag: taskResult('clone', CLONE_RESULTS.commit),
      commit: taskResult('clone', CLONE_RESULTS.commit),
      version: taskResult('clone', CLONE_RESULTS.version),
      'build-time': taskResult('clone', CLONE_RESULTS.commitTime),
    },
    workspaces: [
      { name: WORKSPACES.source },
      { name: WORKSPACES.dockerConfig },
    ],
    results: [
      {
        name: IMAGE_RESULTS.digest,
        description: 'Digest of the pushed image index.',
      },
      {
        name: IMAGE_RESULTS.url,
        description: 'The pushed image, with its tag.',
      },
    ],
    steps: [
      {
        name: 'build-and-push',
        image: CI_IMAGES.buildkit,
        computeResources: STEP_RESOURCES.build,
        workingDir: SOURCE_DIR,
        // Rootless BuildKit needs its own user namespaces, which the default seccomp and
        // AppArmor profiles forbid; it needs no privileges beyond that.
        securityContext: {
          runAsUser: 1000,
          runAsGroup: 1000,
          seccompProfile: { type: 'Unconfined' },
          appArmorProfile: { type: 'Unconfined' },
        },
        env: [
          {
            name: 'BUILDKITD_FLAGS',
            value: '--oci-worker-no-process-sandbox',
          },
          {
            name: 'DOCKER_CONFIG',
            value: workspacePath(WORKSPACES.dockerConfig),
          },
          { name: 'IMAGE', value: param('image') },
          { name: 'TAG', value: param('tag') },
          { name: 'PLATFORMS', value: IMAGE_PLATFORMS.join(',') },
          { name: 'VERSION', value: param('version') },
          { name: 'COMMIT_SHA', value: param('commit') },
          { name: 'BUILD_TIME', value: param('build-time') },
          {
            name: 'RESULT_IMAGE_DIGEST',
            value: resultPath(IMAGE_RESULTS.digest),
          },
          { name: 'RESULT_IMAGE_URL', value: resultPath(IMAGE_RESULTS.url) },
        ],
        script: BUILD_IMAGE_SCRIPT,
      },
    ],
  });
}
