import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  COVERAGE_UPLOADERS_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
} from './annotations';
import { annotationValue } from './annotationValue';
import { ArgoCdTarget, readArgoCdTarget } from './argocdTarget';
import { DeliveryCard } from './annotations';
import { deliveryCardsOf } from './availability';
import { readCoverageThresholdAnnotation } from './coverageThreshold';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import {
  KubernetesTarget,
  readKubernetesTarget,
  readTektonTarget,
} from './kubernetesTarget';
import { MetricsTarget, readMetricsTarget } from './metricsTarget';
import { NotifiableKind, readNotifyTarget } from './notifyTarget';
import { isLabelValue } from './labelSelector';
import { readSloTarget } from './sloTarget';
import { SloTarget } from './sloTypes';

/** One target as read: its value, or the error naming the annotation to fix. */
type Reading<T> = { value: T } | { error: InvalidAnnotationError };

function read<T>(reader: () => T): Reading<T> {
  try {
    return { value: reader() };
  } catch (error) {
    if (error instanceof InvalidAnnotationError) return { error };
    throw error;
  }
}

function valueOf<T>(reading: Reading<T>): T {
  if ('error' in reading) throw reading.error;
  return reading.value;
}

/**
 * Everything the bundle derives from an entity's annotations, read and validated once: where its
 * Argo CD applications, workloads, pipeline runs and metrics are, its coverage threshold and the
 * name of its service, which of its events notify its owners. Each target is validated on its own: a malformed Argo CD annotation makes
 * `argocd` throw (an {@link InvalidAnnotationError} naming it) while the pipeline runs stay
 * readable, so one mistake degrades one card.
 *
 * @public
 */
export class DeliveryTargets {
  /** `kind:namespace/name` of the entity the targets belong to. */
  readonly entityRef: string;
  /** The cards the annotations turn on. */
  readonly cards: ReadonlySet<DeliveryCard>;
  private readonly readings: {
    argocd: Reading<ArgoCdTarget | undefined>;
    kubernetes: Reading<KubernetesTarget | undefined>;
    tekton: Reading<KubernetesTarget | undefined>;
    metrics: Reading<MetricsTarget>;
    coverageThreshold: Reading<number | undefined>;
    slo: Reading<SloTarget | undefined>;
    notify: Reading<ReadonlySet<NotifiableKind> | undefined>;
  };
  private readonly entityName: string;
  private readonly kubernetesId?: string;
  /** Service principals the entity lets upload its coverage. */
  readonly coverageUploaders: readonly string[];

  constructor(entity: Entity) {
    this.entityRef = stringifyEntityRef(entity);
    this.entityName = entity.metadata.name;
    this.cards = deliveryCardsOf(entity);
    this.readings = {
      argocd: read(() => readArgoCdTarget(entity)),
      kubernetes: read(() => readKubernetesTarget(entity)),
      tekton: read(() => readTektonTarget(entity)),
      metrics: read(() => readMetricsTarget(entity)),
      coverageThreshold: read(() => readCoverageThresholdAnnotation(entity)),
      slo: read(() => readSloTarget(entity)),
      notify: read(() => readNotifyTarget(entity)),
    };
    this.coverageUploaders = (
      annotationValue(entity, COVERAGE_UPLOADERS_ANNOTATION) ?? ''
    )
      .split(',')
      .map(subject => subject.trim())
      .filter(Boolean);
    const id = annotationValue(entity, KUBERNETES_ID_ANNOTATION);
    this.kubernetesId = id !== undefined && isLabelValue(id) ? id : undefined;
  }

  /** Where the entity's Argo CD applications are; undefined when it names none. */
  get argocd(): ArgoCdTarget | undefined {
    return valueOf(this.readings.argocd);
  }

  /** Which Kubernetes objects (Rollouts, ReplicaSets …) are the entity's; undefined when none. */
  get kubernetes(): KubernetesTarget | undefined {
    return valueOf(this.readings.kubernetes);
  }

  /** Which PipelineRuns are the entity's; undefined unless Tekton is turned on for it. */
  get tekton(): KubernetesTarget | undefined {
    return valueOf(this.readings.tekton);
  }

  /** The `service` label of the entity's metrics, its Prometheus instance and rule queries. */
  get metrics(): MetricsTarget {
    return valueOf(this.readings.metrics);
  }

  /** The entity's own coverage threshold in percent; undefined to use the configured one. */
  get coverageThreshold(): number | undefined {
    return valueOf(this.readings.coverageThreshold);
  }

  /** The entity's service level objectives; undefined when it sets no availability objective. */
  get slo(): SloTarget | undefined {
    return valueOf(this.readings.slo);
  }

  /** The event kinds that notify its owners; undefined when the configured kinds apply. */
  get notify(): ReadonlySet<NotifiableKind> | undefined {
    return valueOf(this.readings.notify);
  }

  /**
   * The name of the entity's service in its images and GitOps files: the Kubernetes id when it
   * is a valid label value, else the entity name.
   */
  get serviceName(): string {
    return this.kubernetesId ?? this.entityName;
  }

  /** Every malformed annotation, e.g. for a setup panel. */
  get errors(): InvalidAnnotationError[] {
    return Object.values(this.readings).flatMap(r =>
      'error' in r ? [r.error] : [],
    );
  }
}

/**
 * Reads all of an entity's delivery targets at once; see {@link DeliveryTargets}.
 *
 * @public
 */
export function readDeliveryTargets(entity: Entity): DeliveryTargets {
  return new DeliveryTargets(entity);
}
