import { PipelineRunView } from '@go-delivery/plugin-delivery-common';
import { pipelineResults } from './tektonResults';
import { PipelineRunResource } from './tektonTypes';

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]{0,254}$/i;

/**
 * The image a run pushed, from its `IMAGE_URL`/`IMAGE_DIGEST` results (`status.results` in v1,
 * `status.pipelineResults` in v1beta1). What does not look like an image or a digest is left out.
 */
export function readBuiltImage(
  run: PipelineRunResource,
): PipelineRunView['image'] | undefined {
  const results = pipelineResults(run);
  const value = (name: string) => {
    const found = results.find(r => r.name === name)?.value;
    return typeof found === 'string' ? found.trim() : undefined;
  };
  const digest = value('IMAGE_DIGEST')?.toLowerCase();
  const url = value('IMAGE_URL');
  const image = {
    ...(url && IMAGE.test(url) ? { url } : {}),
    ...(digest && DIGEST.test(digest) ? { digest } : {}),
  };
  return Object.keys(image).length > 0 ? image : undefined;
}
