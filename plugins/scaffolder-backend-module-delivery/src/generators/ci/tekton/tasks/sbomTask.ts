import {
  cosignAttestSbomArgs,
  SBOM_RESULT_SCRIPT,
  SPDX_PREDICATE_TYPE,
  syftArgs,
} from '../../scripts/signing';
import { CI_IMAGES } from '../../tools';
import { pipelineTask, resultPath, workspacePath } from '../pipelineTask';
import { STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { cosignEnv, IMAGE_BY_DIGEST, IMAGE_PARAMS } from './signingParts';
import {
  RESULT_WRITER_IMAGE,
  SUPPLY_CHAIN_RESULTS,
} from './supplyChainResults';

const SBOM_DIR = '/sbom';
const SBOM_FILE = `${SBOM_DIR}/sbom.spdx.json`;

/**
 * An SPDX SBOM of the pushed image (syft), attached as a signed cosign attestation; its
 * reference (the image by digest) and predicate type are the task's results.
 */
export function sbomTask(service: string) {
  const volumeMounts = [{ name: 'sbom', mountPath: SBOM_DIR }];
  return pipelineTask({
    name: 'sbom',
    description: 'Generates an SPDX SBOM with syft and attests it with cosign.',
    runAfter: ['build-image'],
    params: IMAGE_PARAMS,
    workspaces: [{ name: WORKSPACES.dockerConfig }],
    results: [
      {
        name: SUPPLY_CHAIN_RESULTS.sbomUri,
        description:
          'The image by digest the SBOM attestation is attached to (cosign verify-attestation --type spdxjson).',
      },
      {
        name: SUPPLY_CHAIN_RESULTS.sbomPredicateType,
        description: 'The predicate type of the SBOM attestation.',
      },
    ],
    volumes: [{ name: 'sbom', emptyDir: {} }],
    steps: [
      {
        name: 'syft',
        image: CI_IMAGES.syft,
        computeResources: STEP_RESOURCES.go,
        volumeMounts,
        env: [
          {
            name: 'DOCKER_CONFIG',
            value: workspacePath(WORKSPACES.dockerConfig),
          },
        ],
        args: syftArgs({ imageByDigest: IMAGE_BY_DIGEST, sbomFile: SBOM_FILE }),
      },
      {
        name: 'cosign-attest',
        image: CI_IMAGES.cosign,
        computeResources: STEP_RESOURCES.light,
        volumeMounts,
        env: cosignEnv(service),
        args: cosignAttestSbomArgs({
          sbomFile: SBOM_FILE,
          imageByDigest: IMAGE_BY_DIGEST,
        }),
      },
      {
        name: 'sbom-result',
        image: RESULT_WRITER_IMAGE,
        computeResources: STEP_RESOURCES.light,
        env: [
          { name: 'IMAGE_BY_DIGEST', value: IMAGE_BY_DIGEST },
          { name: 'PREDICATE_TYPE', value: SPDX_PREDICATE_TYPE },
          {
            name: 'RESULT_SBOM_URI',
            value: resultPath(SUPPLY_CHAIN_RESULTS.sbomUri),
          },
          {
            name: 'RESULT_SBOM_PREDICATE_TYPE',
            value: resultPath(SUPPLY_CHAIN_RESULTS.sbomPredicateType),
          },
        ],
        script: SBOM_RESULT_SCRIPT,
      },
    ],
  });
}
