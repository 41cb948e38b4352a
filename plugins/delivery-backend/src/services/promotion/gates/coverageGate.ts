import {
  coverageThresholdOf,
  DeliveryTargets,
  PinnedImageView,
  PromotionGate,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { CoverageStore } from '../../../database/CoverageStore';
import {
  coveragePercent,
  reachesThreshold,
} from '../../coverage/CoverageService';
import { gate } from './gate';
import { ImageBuild } from './imageBuild';

/** The coverage report of the commit the source image was built from meets the threshold. */
export async function coverageGate(options: {
  targets: DeliveryTargets;
  image?: PinnedImageView;
  build: ImageBuild;
  store: CoverageStore;
  defaultThreshold: number;
}): Promise<PromotionGate> {
  const { targets, image } = options;
  if (!targets.cards.has('coverage')) {
    return gate(
      'coverage',
      'skipped',
      'The entity does not track coverage (backstage.io/code-coverage); not checked',
    );
  }
  const { commit } = options.build;
  if (!commit) {
    return gate(
      'coverage',
      'unknown',
      image
        ? `Which commit ${image.reference} was built from cannot be told (no commit tag, no pipeline run that pushed it)`
        : 'The image the source runs is not known',
    );
  }
  const report = await options.store.findByCommit({
    entityRef: targets.entityRef,
    commit,
  });
  const short = shortRevision(commit);
  if (!report) {
    return gate(
      'coverage',
      'unknown',
      `No coverage report was uploaded for commit ${short}`,
    );
  }
  const threshold = coverageThresholdOf(
    targets.coverageThreshold,
    options.defaultThreshold,
  );
  const percent = coveragePercent(report);
  const text = `Commit ${short}: ${
    percent === null ? 'nothing to cover' : `${percent} %`
  } covered; threshold ${threshold.percent} % (${
    threshold.source === 'annotation' ? 'the entity' : 'default'
  })`;
  return gate(
    'coverage',
    reachesThreshold(report, threshold) ? 'open' : 'shut',
    text,
  );
}
