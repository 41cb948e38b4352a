import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
  DeliveryEventView,
  DeliveryTargets,
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
  KubernetesTarget,
  PipelineRunsResponse,
  readDeliveryTargets,
  shortRevision,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import {
  ArgoCdApplication,
  ArgoCdApplicationRef,
  ArgoCdClient,
  ArgoCdRevisionHistory,
} from '@go-delivery/plugin-delivery-node';
import { DeliveryEventStore } from '../../database/DeliveryEventStore';
import {
  argoCdApplicationQuery,
  ArgoCdReads,
} from '../../upstreams/argocd/ArgoCdReads';
import { fanOut } from '../../upstreams/fanOut';
import { applicationEnvironment } from '../deployments/applicationEnvironment';
import { toIsoTime } from '../deployments/toApplicationView';
import { DoraConfig } from './doraConfig';
import { deliveryEventId } from './eventIds';
import { incidentEvents } from './incidentEvents';
import { CollectionPass, lookUpCommitTime } from './commitTimeLookup';
import { entitiesWithAnnotations } from '../../lib/entitiesWithAnnotations';
import { RecordedEventsListener } from '../notifications/DeliveryNotifier';
import { RolloutAbortEvents } from './rolloutAbortEvents';

/** Entities collected at the same time; each asks its Argo CD instances in parallel. */
const CONCURRENCY = 4;

/** The events one part of an entity's collection found, and the instances it could not read. */
interface CollectedPart {
  events: DeliveryEventView[];
  failures: UpstreamFailure[];
}

const NOTHING: CollectedPart = { events: [], failures: [] };

/** What one pass did, for the log and for tests. */
export interface CollectionSummary {
  entities: number;
  /** Events handed to the store (already stored ones are ignored there). */
  events: number;
  /** Instances that could not be read, per entity; the others were still recorded. */
  failures: Array<UpstreamFailure & { entityRef: string }>;
  /** Deploys left for a later pass because the pass's revision reads were used up. */
  deferred: number;
}

/** The revisions a history entry deployed: one, or one per source of a multi-source app. */
function revisionOf(entry: ArgoCdRevisionHistory): string | undefined {
  const revision = entry.revision || entry.revisions?.filter(Boolean).join(',');
  return revision ? revision.slice(0, 255) : undefined;
}

function ms(iso: string | undefined): number {
  return iso === undefined ? NaN : Date.parse(iso);
}

/**
 * Records what Argo CD knows of each entity's deploys before it forgets it: every history entry
 * as a `deploy` (plus a `rollback` when it returned to an earlier revision), a failed or errored
 * sync operation as `sync-failed`, Degraded health as `degraded`. With `rolloutAborts` it also
 * reads the entity's Argo Rollouts (through the Delivery tab's reader) and records each abort the
 * controller made (e.g. when an AnalysisRun failed) as an `abort`. Each event's id comes from the
 * upstream fact, so passes may repeat (and overlap across replicas) without double counting.
 *
 * A pass is bounded: at most `maxEntitiesPerPass` entities (those collected longest ago first)
 * and `maxRevisionReadsPerPass` commit lookups; deploys beyond that wait for the next pass. An
 * instance or cluster that is down is logged and skipped; the entity's others are still recorded.
 */
export class DoraCollector {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      argocd: ArgoCdReads;
      store: DeliveryEventStore;
      logger: LoggerService;
      config: Pick<
        DoraConfig,
        'maxEntitiesPerPass' | 'maxRevisionReadsPerPass'
      >;
      /** Tekton runs, to date a commit Argo CD cannot describe. */
      pipelineRuns?: {
        listRuns(
          target: KubernetesTarget | undefined,
        ): Promise<PipelineRunsResponse>;
      };
      now?: () => number;
      /** Told of the events this replica newly recorded (the owners' notifications). */
      notifier?: RecordedEventsListener;
      /** The aborts of the entities' Argo Rollouts; without it, Rollouts are not read. */
      rolloutAborts?: RolloutAbortEvents;
    },
  ) {}

  /** Tells this listener of the events newly recorded from now on. */
  notifyThrough(notifier: RecordedEventsListener): void {
    this.options.notifier = notifier;
  }

  async collect(): Promise<CollectionSummary> {
    const { store, config, logger } = this.options;
    const entities = await this.listEntities();
    const refs = entities.map(e => stringifyEntityRef(e));
    const collected = await store.collectedAt(refs);
    // Never collected first, then those collected longest ago: a bounded pass still reaches all.
    const order = entities
      .map((entity, i) => ({
        entity,
        at: collected.get(refs[i])?.getTime() ?? -1,
      }))
      .sort((a, b) => a.at - b.at)
      .slice(0, config.maxEntitiesPerPass)
      .map(({ entity }) => entity);
    const pass: CollectionPass = {
      revisionReads: config.maxRevisionReadsPerPass,
      commitTimes: new Map(),
      summary: {
        entities: order.length,
        events: 0,
        failures: [],
        deferred: 0,
      },
    };
    const queue = [...order];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let entity = queue.shift(); entity; entity = queue.shift()) {
          await this.collectEntity(entity, pass).catch(error =>
            logger.warn(
              `DORA collector: ${stringifyEntityRef(entity!)} failed: ${error}`,
            ),
          );
        }
      }),
    );
    return pass.summary;
  }

  /**
   * The catalog's entities with an Argo CD target (or, when Rollouts are read, a Kubernetes
   * target), read with the plugin's own credentials.
   */
  private listEntities(): Promise<Entity[]> {
    return entitiesWithAnnotations({
      ...this.options,
      annotations: [
        ARGOCD_APP_NAME_ANNOTATION,
        ARGOCD_APP_SELECTOR_ANNOTATION,
        ...(this.options.rolloutAborts
          ? [KUBERNETES_ID_ANNOTATION, KUBERNETES_LABEL_SELECTOR_ANNOTATION]
          : []),
      ],
    });
  }

  private async collectEntity(
    entity: Entity,
    pass: CollectionPass,
  ): Promise<void> {
    const { store } = this.options;
    const targets = readDeliveryTargets(entity);
    const entityRef = targets.entityRef;
    const parts = await Promise.all([
      this.argoCdPart(targets, pass),
      this.rolloutsPart(targets, pass),
    ]);
    const events = parts.flatMap(part => part.events);
    const failures = parts.flatMap(part => part.failures);
    const recorded = await store.record(events);
    await this.options.notifier?.recorded(recorded);
    pass.summary.events += events.length;
    if (failures.length === 0) {
      await store.markCollected(entityRef, new Date(this.now()));
    }
  }

  /** Logs the instances a part could not read, and counts them in the pass's summary. */
  private noteFailures(
    entityRef: string,
    failures: UpstreamFailure[],
    pass: CollectionPass,
  ): void {
    for (const failure of failures) {
      this.options.logger.warn(
        `DORA collector: ${entityRef}: ${failure.instance}: ${failure.message}`,
      );
      pass.summary.failures.push({ ...failure, entityRef });
    }
  }

  /** A target the entity names, or undefined (a malformed annotation is the entity's to fix). */
  private targetOf<T>(entityRef: string, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      // Its card says so.
      this.options.logger.debug(
        `DORA collector: skipping ${entityRef}: ${error}`,
      );
      return undefined;
    }
  }

  /** The aborts of the entity's Rollouts (not yet recorded), and the clusters that failed. */
  private async rolloutsPart(
    targets: DeliveryTargets,
    pass: CollectionPass,
  ): Promise<CollectedPart> {
    const { rolloutAborts } = this.options;
    if (!rolloutAborts) return NOTHING;
    const target = this.targetOf(targets.entityRef, () => targets.kubernetes);
    if (!target) return NOTHING;
    const part = await rolloutAborts.eventsOf(targets.entityRef, target);
    this.noteFailures(targets.entityRef, part.failures, pass);
    return part;
  }

  /** The deploys and incident signals of the entity's Argo CD applications. */
  private async argoCdPart(
    targets: DeliveryTargets,
    pass: CollectionPass,
  ): Promise<CollectedPart> {
    const { argocd } = this.options;
    const entityRef = targets.entityRef;
    const located = this.targetOf(entityRef, () => {
      const target = targets.argocd;
      return target
        ? {
            target,
            clients: argocd.instances.forAnnotation(
              ARGOCD_INSTANCE_NAME_ANNOTATION,
              target.instanceName,
            ),
          }
        : undefined;
    });
    if (!located) return NOTHING;
    const query = argoCdApplicationQuery(located.target);
    const read = await fanOut({
      kind: 'argocd',
      clients: located.clients,
      read: client => argocd.listApplications(client, query),
    });
    this.noteFailures(entityRef, read.failures, pass);
    let runs: Promise<PipelineRunsResponse['runs']> | undefined;
    const tektonRuns = () => {
      runs ??= this.options.pipelineRuns
        ? this.options.pipelineRuns
            .listRuns(targets.tekton)
            .then(r => r.runs)
            .catch(() => [])
        : Promise.resolve([]);
      return runs;
    };
    const events: DeliveryEventView[] = [];
    for (const { client, value: apps } of read.results) {
      for (const app of apps) {
        events.push(
          ...(await this.eventsOf({
            entityRef,
            client,
            app,
            pass,
            tektonRuns,
          })),
        );
      }
    }
    return { events, failures: read.failures };
  }

  private async eventsOf(options: {
    entityRef: string;
    client: ArgoCdClient;
    app: ArgoCdApplication;
    pass: CollectionPass;
    tektonRuns: () => Promise<PipelineRunsResponse['runs']>;
  }): Promise<DeliveryEventView[]> {
    const { entityRef, client, app, pass } = options;
    const name = app.metadata?.name;
    if (!name) return [];
    const ref: ArgoCdApplicationRef = {
      name,
      appNamespace: app.metadata?.namespace,
      project: app.spec?.project,
    };
    const base = {
      entityRef,
      environment: applicationEnvironment(app),
      instance: client.name,
      application: name,
    };
    const fact = [entityRef, client.name, ref.appNamespace, name];
    const events: DeliveryEventView[] = [];

    const history = (app.status?.history ?? [])
      .map(entry => ({
        entry,
        finishedAt: toIsoTime(entry.deployedAt),
        startedAt: toIsoTime(entry.deployStartedAt),
        revision: revisionOf(entry),
      }))
      .filter(h => !Number.isNaN(ms(h.finishedAt)))
      .map(h => ({
        ...h,
        at: h.startedAt ?? h.finishedAt!,
        id: deliveryEventId('deploy', [
          ...fact,
          String(h.entry.id ?? ''),
          h.finishedAt,
        ]),
      }))
      .sort((a, b) => ms(a.at) - ms(b.at));
    const known = await this.options.store.knownIds(history.map(h => h.id));
    const fresh = history.filter(h => !known.has(h.id));
    if (fresh.length > 0) {
      // Every deploy of the application known so far, to tell a return to an earlier revision.
      const stored = await this.options.store.deploysOf(base);
      const deploys = [
        ...stored,
        ...history
          .filter(h => !stored.some(s => s.at === ms(h.at)))
          .map(h => ({ at: ms(h.at), revision: h.revision })),
      ].sort((a, b) => a.at - b.at);
      const storedTimes = await this.options.store.commitTimes(
        fresh.flatMap(h => (h.revision ? [h.revision] : [])),
      );
      storedTimes.forEach((time, revision) =>
        pass.commitTimes.set(revision, time),
      );
      const newest = history[history.length - 1];
      for (const h of fresh) {
        const committedAt = await lookUpCommitTime(
          { ...options, logger: this.options.logger },
          ref,
          h,
        );
        if (committedAt === null) {
          pass.summary.deferred++;
          continue;
        }
        const prior = deploys.filter(d => d.at < ms(h.at));
        const previous = prior[prior.length - 1];
        const returned =
          h.revision !== undefined &&
          previous !== undefined &&
          previous.revision !== h.revision &&
          prior.slice(0, -1).some(d => d.revision === h.revision);
        const image =
          h === newest &&
          h.revision === (app.status?.sync?.revision ?? h.revision)
            ? app.status?.summary?.images?.[0]
            : undefined;
        events.push({
          ...base,
          id: h.id,
          kind: 'deploy',
          at: h.at,
          finishedAt: h.finishedAt,
          ...(h.revision ? { revision: h.revision } : {}),
          ...(committedAt ? { committedAt } : {}),
          ...(image ? { image } : {}),
          result: 'succeeded',
          source: 'argocd',
          summary: `${name} deployed ${shortRevision(h.revision)}${
            h.entry.initiatedBy?.username
              ? ` (started by ${h.entry.initiatedBy.username})`
              : ''
          }`,
        });
        if (returned) {
          events.push({
            ...base,
            id: deliveryEventId('rollback', [h.id]),
            kind: 'rollback',
            at: h.at,
            ...(h.revision ? { revision: h.revision } : {}),
            source: 'argocd',
            summary: `${name} returned to the earlier revision ${shortRevision(
              h.revision,
            )}`,
          });
        }
      }
    }

    events.push(...incidentEvents({ app, base, fact, now: this.now() }));
    return events;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
