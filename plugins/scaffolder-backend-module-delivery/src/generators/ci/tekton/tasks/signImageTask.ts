import { cosignSignArgs } from '../../scripts/signing';
import { CI_IMAGES } from '../../tools';
import { pipelineTask } from '../pipelineTask';
import { STEP_RESOURCES, WORKSPACES } from '../stepParts';
import { cosignEnv, IMAGE_BY_DIGEST, IMAGE_PARAMS } from './signingParts';

export function signImageTask(service: string) {
  return pipelineTask({
    name: 'sign-image',
    description: 'Signs the image index and each platform image with cosign.',
    runAfter: ['build-image'],
    params: IMAGE_PARAMS,
    workspaces: [{ name: WORKSPACES.dockerConfig }],
    steps: [
      {
        name: 'cosign-sign',
        image: CI_IMAGES.cosign,
        computeResources: STEP_RESOURCES.light,
        env: cosignEnv(service),
        args: cosignSignArgs(IMAGE_BY_DIGEST),
      },
    ],
  });
}
