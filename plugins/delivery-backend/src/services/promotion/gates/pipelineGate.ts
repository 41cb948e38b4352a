import {
  DeliveryTargets,
  PinnedImageView,
  PipelineRunsResponse,
  PipelineRunView,
  PromotionGate,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { gate, imageCommit } from './gate';

function ofCommit(run: PipelineRunView, commit: string): boolean {
  const built = run.commit?.toLowerCase();
  return !!built && (built.startsWith(commit) || commit.startsWith(built));
}

/** The newest pipeline run of the commit the source image was built from succeeded. */
export async function pipelineGate(options: {
  targets: DeliveryTargets;
  image?: PinnedImageView;
  /** The entity's newest runs (listed once per view, shared by its steps). */
  runs: () => Promise<PipelineRunsResponse>;
}): Promise<PromotionGate> {
  const { targets, image } = options;
  if (!targets.cards.has('pipelines')) {
    return gate(
      'pipeline',
      'skipped',
      'The entity shows no Tekton pipeline runs (tekton.dev/cicd); not checked',
    );
  }
  const commit = imageCommit(image?.tag);
  if (!image || !commit) {
    return gate(
      'pipeline',
      'unknown',
      image
        ? `${image.reference} is tagged '${
            image.tag ?? '(none)'
          }', not by commit; which run built it cannot be told`
        : 'The image the source runs is not known',
    );
  }
  const { runs, failures } = await options.runs();
  const run = runs.find(r => ofCommit(r, commit));
  const short = shortRevision(commit);
  if (!run) {
    const unread = failures.map(f => f.message).join('; ');
    return gate(
      'pipeline',
      'unknown',
      `No pipeline run of commit ${short} among the ${runs.length} newest${
        unread ? ` (not read: ${unread})` : ''
      }`,
    );
  }
  if (run.status === 'succeeded') {
    return gate(
      'pipeline',
      'open',
      `Run ${run.name} of commit ${short} succeeded`,
    );
  }
  return gate(
    'pipeline',
    'shut',
    `Run ${run.name} of commit ${short} is ${run.status}${
      run.reason ? ` (${run.reason})` : ''
    }`,
  );
}
