import {
  DeliveryTargets,
  PromotionGate,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { DeployMarker } from '../../metrics/DeployMarkerSource';
import { MetricsService } from '../../metrics/MetricsService';
import { EnvironmentApplication } from '../environments';
import { gate } from './gate';

/** The source application's deploys, as the metrics view marks them. */
function markersOf(from: EnvironmentApplication): DeployMarker[] {
  const namespace = from.app.spec?.destination?.namespace;
  return (from.app.status?.history ?? []).flatMap(entry =>
    entry?.deployedAt
      ? [
          {
            deployedAt: String(entry.deployedAt),
            application: from.ref.application,
            instance: from.ref.instance,
            ...(namespace ? { namespace } : {}),
            ...(entry.revision ? { revision: entry.revision } : {}),
            ...(entry.id !== undefined ? { id: Number(entry.id) } : {}),
          },
        ]
      : [],
  );
}

/**
 * The source's newest deploy was not judged a regression, on the source's own series (its
 * destination namespace). Too little traffic to judge lets it through: the soak gate is what
 * waits; a Prometheus that cannot be asked does not.
 */
export async function verdictGate(options: {
  targets: DeliveryTargets;
  from: EnvironmentApplication;
  metrics: MetricsService;
}): Promise<PromotionGate> {
  const { targets, from, metrics } = options;
  if (!targets.cards.has('goldenSignals') && !targets.slo) {
    return gate(
      'verdict',
      'skipped',
      'The entity names no metrics (go-delivery.dev/metrics-service); deploys are not judged',
    );
  }
  const namespace = from.app.spec?.destination?.namespace;
  const judged = await metrics.judgeNewestDeploy({
    targets,
    markers: markersOf(from),
    namespace,
  });
  if (!('instance' in judged)) {
    return gate('verdict', 'unknown', judged.message);
  }
  const { deploy } = judged;
  if (!deploy) {
    return gate(
      'verdict',
      'unknown',
      `${from.ref.application} has no deploy with a time to judge`,
    );
  }
  const which = `${from.environment}'s deploy of ${shortRevision(
    deploy.revision,
  )}`;
  const { verdict } = deploy;
  if (verdict.failure) {
    return gate(
      'verdict',
      'unknown',
      `${which} could not be judged: ${verdict.failure.message}`,
    );
  }
  if (verdict.verdict === 'regression') {
    return gate('verdict', 'shut', `${which} regressed: ${verdict.summary}`);
  }
  return gate(
    'verdict',
    'open',
    `${which}: ${verdict.summary}${
      namespace
        ? ` (namespace ${namespace}, Prometheus '${judged.instance}')`
        : ''
    }`,
  );
}
