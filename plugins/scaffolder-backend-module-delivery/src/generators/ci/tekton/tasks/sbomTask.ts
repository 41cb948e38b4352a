import { cosignAttestSbomArgs, syftArgs } from '../../scripts/signing';
import { CI_IMAGES } from '../../tools';
import { pipelineTask, workspacePath } from '../pipelineTask';
import { STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { cosignEnv, IMAGE_BY_DIGEST, IMAGE_PARAMS } from './signingParts';

const SBOM_DIR = '/sbom';
const SBOM_FILE = `${SBOM_DIR}/sbom.spdx.json`;

/** An SPDX SBOM of the pushed image (syft), attached as a signed cosign attestation. */
export function sbomTask(service: string) {
  const volumeMounts = [{ name: 'sbom', mountPath: SBOM_DIR }];
  return pipelineTask({
    name: 'sbom',
    description: 'Generates an SPDX SBOM with syft and attests it with cosign.',
    runAfter: ['build-image'],
    params: IMAGE_PARAMS,
    workspaces: [{ name: WORKSPACES.dockerConfig }],
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
    ],
  });
}
