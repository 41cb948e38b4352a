import {
  DeliveryTargets,
  PinnedImageView,
  PipelineRunsResponse,
  PipelineRunView,
} from '@go-delivery/plugin-delivery-common';
import { imageCommit } from './gate';

/** Which pipeline run built an image, and from which commit, as far as can be told. */
export interface ImageBuild {
  /** The run that pushed the image (by digest) or built its commit (by tag). */
  run?: PipelineRunView;
  /** The commit: the image's tag when it is a SHA, else the run's. */
  commit?: string;
  /** How many runs were searched, and the clusters that could not be read. */
  searched: number;
  unread: string[];
}

function ofCommit(run: PipelineRunView, commit: string): boolean {
  const built = run.commit?.toLowerCase();
  return !!built && (built.startsWith(commit) || commit.startsWith(built));
}

/**
 * Finds the run behind an image: the one whose `IMAGE_DIGEST` result is the pinned digest (what
 * the generated pipeline writes), else the newest run of the commit the tag names (the generated
 * CI tags images with the commit). Runs are listed only for an entity that shows them.
 */
export async function findImageBuild(options: {
  targets: DeliveryTargets;
  image?: PinnedImageView;
  runs: () => Promise<PipelineRunsResponse>;
}): Promise<ImageBuild> {
  const { targets, image } = options;
  const tagCommit = imageCommit(image?.tag);
  if (!image || !targets.cards.has('pipelines')) {
    return { commit: tagCommit, searched: 0, unread: [] };
  }
  const { runs, failures } = await options.runs();
  const digest = image.digest?.toLowerCase();
  const run =
    (digest ? runs.find(r => r.image?.digest === digest) : undefined) ??
    (tagCommit ? runs.find(r => ofCommit(r, tagCommit)) : undefined);
  return {
    ...(run ? { run } : {}),
    commit: tagCommit ?? run?.commit,
    searched: runs.length,
    unread: failures.map(f => f.message),
  };
}
