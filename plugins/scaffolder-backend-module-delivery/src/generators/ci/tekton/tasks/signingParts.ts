import { ciSecrets } from '../ciSecrets';
import { param, taskResult, workspacePath } from '../pipelineTask';
import { secretEnv, WORKSPACES } from '../stepParts';
import { IMAGE_RESULTS } from './buildImageTask';

/** The image by digest: what is signed and attested is exactly what was pushed. */
export const IMAGE_BY_DIGEST = `${param('image')}@${param('digest')}`;

export const IMAGE_PARAMS = {
  image: '$(params.image)',
  digest: taskResult('build-image', IMAGE_RESULTS.digest),
};

/** cosign reads the key with `--key env://COSIGN_PRIVATE_KEY`; it never touches the disk. */
export function cosignEnv(service: string) {
  const cosign = ciSecrets(service).cosign;
  return [
    secretEnv('COSIGN_PRIVATE_KEY', { name: cosign.name, key: 'cosign.key' }),
    secretEnv('COSIGN_PASSWORD', { name: cosign.name, key: 'cosign.password' }),
    { name: 'DOCKER_CONFIG', value: workspacePath(WORKSPACES.dockerConfig) },
  ];
}
