import {
  DeliveryTargets,
  PinnedImageView,
  PromotionGate,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { gate } from './gate';
import { ImageBuild } from './imageBuild';

function shortDigest(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}

/** The pipeline run that built the source's image succeeded. */
export function pipelineGate(options: {
  targets: DeliveryTargets;
  image?: PinnedImageView;
  build: ImageBuild;
}): PromotionGate {
  const { targets, image, build } = options;
  if (!targets.cards.has('pipelines')) {
    return gate(
      'pipeline',
      'skipped',
      'The entity shows no Tekton pipeline runs (tekton.dev/cicd); not checked',
    );
  }
  if (!image) {
    return gate(
      'pipeline',
      'unknown',
      'The image the source runs is not known',
    );
  }
  const { run } = build;
  if (!run) {
    const sought = [
      ...(image.digest ? [`pushed ${shortDigest(image.digest)}`] : []),
      ...(build.commit ? [`built commit ${shortRevision(build.commit)}`] : []),
    ];
    const unread = build.unread.length
      ? ` (not read: ${build.unread.join('; ')})`
      : '';
    return gate(
      'pipeline',
      'unknown',
      sought.length === 0
        ? `${image.reference} has neither a digest nor a commit tag; which run built it cannot be told`
        : `None of the ${build.searched} newest pipeline runs ${sought.join(
            ' or ',
          )}${unread}`,
    );
  }
  const what = `Run ${run.name}${
    run.commit ? ` of commit ${shortRevision(run.commit)}` : ''
  }`;
  if (run.status === 'succeeded') {
    return gate(
      'pipeline',
      'open',
      `${what} built ${image.reference} and succeeded`,
    );
  }
  return gate(
    'pipeline',
    'shut',
    `${what} built ${image.reference} and is ${run.status}${
      run.reason ? ` (${run.reason})` : ''
    }`,
  );
}
