import {
  cosignPublicKeyArgs,
  cosignSignArgs,
  cosignVerifyArgs,
  SIGNATURE_RESULT_SCRIPT,
} from '../../scripts/signing';
import { CI_IMAGES } from '../../tools';
import { pipelineTask, resultPath, workspacePath } from '../pipelineTask';
import { STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { cosignEnv, IMAGE_BY_DIGEST, IMAGE_PARAMS } from './signingParts';
import {
  RESULT_WRITER_IMAGE,
  SUPPLY_CHAIN_RESULTS,
} from './supplyChainResults';

const KEY_DIR = '/cosign';
const PUBLIC_KEY = `${KEY_DIR}/cosign.pub`;
const VERIFY_STEP = 'cosign-verify';

/**
 * Signs the image by digest, then verifies the signature with the key's public half and says so
 * in `SIGNATURE_VERIFIED`; a signature that does not verify fails the task.
 */
export function signImageTask(service: string) {
  const volumeMounts = [{ name: 'cosign', mountPath: KEY_DIR }];
  return pipelineTask({
    name: 'sign-image',
    description:
      'Signs the image index and each platform image with cosign, then verifies the signature.',
    runAfter: ['build-image'],
    params: IMAGE_PARAMS,
    workspaces: [{ name: WORKSPACES.dockerConfig }],
    results: [
      {
        name: SUPPLY_CHAIN_RESULTS.signatureVerified,
        description: 'true when cosign verify accepted the signature.',
      },
    ],
    volumes: [{ name: 'cosign', emptyDir: {} }],
    steps: [
      {
        name: 'cosign-sign',
        image: CI_IMAGES.cosign,
        computeResources: STEP_RESOURCES.light,
        env: cosignEnv(service),
        args: cosignSignArgs(IMAGE_BY_DIGEST),
      },
      {
        name: 'public-key',
        image: CI_IMAGES.cosign,
        computeResources: STEP_RESOURCES.light,
        volumeMounts,
        env: cosignEnv(service),
        args: cosignPublicKeyArgs(PUBLIC_KEY),
      },
      {
        name: VERIFY_STEP,
        image: CI_IMAGES.cosign,
        computeResources: STEP_RESOURCES.light,
        volumeMounts,
        // The next step turns the outcome into the result.
        onError: 'continue',
        env: [
          {
            name: 'DOCKER_CONFIG',
            value: workspacePath(WORKSPACES.dockerConfig),
          },
        ],
        args: cosignVerifyArgs({
          publicKeyFile: PUBLIC_KEY,
          imageByDigest: IMAGE_BY_DIGEST,
        }),
      },
      {
        name: 'signature-result',
        image: RESULT_WRITER_IMAGE,
        computeResources: STEP_RESOURCES.light,
        env: [
          {
            name: 'VERIFY_EXIT_CODE_FILE',
            // Tekton names a step's exit code by its container name, "step-" + the step's name
            // (`$(steps.cosign-verify…)` would stay unsubstituted and the file would not exist).
            value: `$(steps.step-${VERIFY_STEP}.exitCode.path)`,
          },
          {
            name: 'RESULT_SIGNATURE_VERIFIED',
            value: resultPath(SUPPLY_CHAIN_RESULTS.signatureVerified),
          },
        ],
        script: SIGNATURE_RESULT_SCRIPT,
      },
    ],
  });
}
