import {
  DeliveryEventView,
  KubernetesTarget,
  RolloutsResponse,
  RolloutView,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { ProductionTargets } from '../../actions/confirmation';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import { isAbortMessageOf } from '../rollouts/RolloutActions';
import { eventEnvironment } from './eventEnvironment';
import { deliveryEventId } from './eventIds';

/** The `source` of the abort events the collector reads off Rollouts. */
export const ROLLOUT_ABORT_SOURCE = 'argo-rollouts';

/**
 * How near a Rollout's `abortedAt` the portal's own abort of it must have been recorded to be
 * that abort: the action records after its patch, the controller stamps `abortedAt` when it acts
 * on the patch, normally within seconds.
 */
export const PORTAL_ABORT_WINDOW_MS = 10 * 60_000;

/** The part of the rollouts reader the collector needs: an entity's Rollouts on every cluster. */
export interface RolloutsSource {
  listRollouts(target: KubernetesTarget | undefined): Promise<RolloutsResponse>;
}

/** When the controller aborted the Rollout (ISO, normalized); undefined unless it did. */
function abortTime(rollout: RolloutView): string | undefined {
  if (!rollout.aborted || !rollout.abortedAt) return undefined;
  const ms = Date.parse(rollout.abortedAt);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The id of one abort of one Rollout: the entity, the cluster, the Rollout (its uid, else its
 * namespace and name) and `abortedAt`, so every pass of every replica derives the same id and a
 * later abort of the same Rollout (after a retry) is a new event.
 */
export function rolloutAbortId(
  entityRef: string,
  rollout: Pick<RolloutView, 'cluster' | 'namespace' | 'name' | 'uid'>,
  abortedAt: string,
): string {
  return deliveryEventId('abort', [
    entityRef,
    rollout.cluster,
    rollout.uid ?? `${rollout.namespace}/${rollout.name}`,
    abortedAt,
  ]);
}

const CAUSE =
  /^Rollout '[^']*' \([^)]*\) aborted (by analysis \(AnalysisRun [^)\s]+\))/;

function abortSummary(rollout: RolloutView): string {
  const where = `Rollout '${rollout.name}' (${rollout.cluster}/${rollout.namespace})`;
  const analysis = rollout.abortedByAnalysis;
  const cause = analysis
    ? ` by analysis (AnalysisRun ${analysis.analysisRun})`
    : '';
  const message = analysis ? analysis.message : rollout.message;
  return `${where} aborted${cause}${
    message ? `: ${message.slice(0, 200)}` : ''
  }`;
}

/**
 * "by analysis (AnalysisRun …)" for an abort the collector recorded off a Rollout its analysis
 * aborted; undefined for any other event (the notification's title says it).
 */
export function abortCause(event: DeliveryEventView): string | undefined {
  if (event.kind !== 'abort' || event.source !== ROLLOUT_ABORT_SOURCE) {
    return undefined;
  }
  return CAUSE.exec(event.summary)?.[1];
}

/**
 * The `abort` events of an entity's aborted Rollouts, for the collector's pass: each Rollout the
 * controller aborted (`status.abort` and `abortedAt`), once per abort, saying "by analysis" and
 * naming the AnalysisRun when the status names the failed run. Rollouts are read by the reader
 * the Delivery tab uses (every configured cluster; one that fails is returned as a failure and
 * the others still count). An abort the portal's own action recorded already (an `action` abort
 * of the same Rollout within {@link PORTAL_ABORT_WINDOW_MS} of `abortedAt`) is not recorded
 * again; an abort by analysis always is, since the portal's abort ends the runs successfully.
 */
export class RolloutAbortEvents {
  constructor(
    private readonly options: {
      rollouts: RolloutsSource;
      store: DeliveryEventStore;
      productionTargets: ProductionTargets;
    },
  ) {}

  async eventsOf(
    entityRef: string,
    target: KubernetesTarget,
  ): Promise<{ events: DeliveryEventView[]; failures: UpstreamFailure[] }> {
    const { store } = this.options;
    const { rollouts, failures } = await this.options.rollouts.listRollouts(
      target,
    );
    const aborted = rollouts.flatMap(rollout => {
      const at = abortTime(rollout);
      return at
        ? [{ rollout, at, id: rolloutAbortId(entityRef, rollout, at) }]
        : [];
    });
    if (aborted.length === 0) return { events: [], failures };
    // Aborts stay on a Rollout until it is retried: most passes find them all recorded.
    const known = await store.knownIds(aborted.map(a => a.id));
    const events: DeliveryEventView[] = [];
    for (const { rollout, at, id } of aborted.filter(a => !known.has(a.id))) {
      if (
        !rollout.abortedByAnalysis &&
        (await this.abortedThroughPortal(entityRef, rollout, at))
      ) {
        continue;
      }
      events.push({
        id,
        kind: 'abort',
        entityRef,
        environment: await eventEnvironment(this.options, entityRef, {
          cluster: rollout.cluster,
          namespace: rollout.namespace,
          name: rollout.name,
        }),
        at,
        source: ROLLOUT_ABORT_SOURCE,
        summary: abortSummary(rollout),
      });
    }
    return { events, failures };
  }

  /** Whether the portal's abort action recorded this abort (by its summary, near the time). */
  private async abortedThroughPortal(
    entityRef: string,
    rollout: RolloutView,
    at: string,
  ): Promise<boolean> {
    const ms = Date.parse(at);
    const nearby = await this.options.store.listEvents({
      entityRefs: [entityRef],
      from: new Date(ms - PORTAL_ABORT_WINDOW_MS),
      to: new Date(ms + PORTAL_ABORT_WINDOW_MS),
    });
    return nearby.some(
      event =>
        event.kind === 'abort' &&
        event.source === 'action' &&
        isAbortMessageOf(event.summary, rollout.name),
    );
  }
}
