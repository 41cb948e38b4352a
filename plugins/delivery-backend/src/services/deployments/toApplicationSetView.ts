import {
  ArgoCdApplicationSetView,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { ArgoCdApplicationSet } from '@go-delivery/plugin-delivery-node';
import { toIsoTime } from './toApplicationView';

/** Generator keys that modify a generator rather than being one. */
const GENERATOR_OPTIONS = new Set(['selector', 'values', 'template']);

/** `list`, `clusters`, or a combining generator with what it combines: `matrix(git, clusters)`. */
export function describeGenerator(generator: Record<string, any>): string {
  const kind = Object.keys(generator).find(key => !GENERATOR_OPTIONS.has(key));
  if (!kind) return 'unknown';
  const children = generator[kind]?.generators;
  if (!Array.isArray(children) || children.length === 0) return kind;
  return `${kind}(${children.map(describeGenerator).join(', ')})`;
}

/** Conditions that say something is wrong, or moving, when they are True. */
const NOTABLE_WHEN_TRUE = new Set([
  'ErrorOccurred',
  'InvalidRolloutConfig',
  'RolloutProgressing',
]);

/** Errors, a rollout under way, or a check that failed: what a person should see. */
function isNotable(condition: { type?: string; status?: string }): boolean {
  if (condition.type && NOTABLE_WHEN_TRUE.has(condition.type))
    return condition.status === 'True';
  return condition.status === 'False';
}

/**
 * What the Delivery tab shows of an ApplicationSet that generated some of the entity's
 * applications: its generators, progressive-sync steps and notable conditions, and where each of
 * the entity's applications stands in the sync. Without the object (it could not be read), the
 * applications are still grouped under its name.
 */
export function toApplicationSetView(options: {
  instance: string;
  name: string;
  namespace?: string;
  /** The entity's applications that name it as their owner. */
  applications: string[];
  appSet?: ArgoCdApplicationSet;
  failure?: UpstreamFailure;
}): ArgoCdApplicationSetView {
  const { appSet } = options;
  const ours = new Set(options.applications);
  const view: ArgoCdApplicationSetView = {
    instance: options.instance,
    name: options.name,
    applications: options.applications,
    generators: (appSet?.spec?.generators ?? []).map(describeGenerator),
    steps: (appSet?.status?.applicationStatus ?? [])
      .filter(entry => entry.application && ours.has(entry.application))
      .map(entry => ({
        application: entry.application!,
        status: entry.status ?? 'Unknown',
        step: entry.step,
        message: entry.message,
        lastTransitionTime: toIsoTime(entry.lastTransitionTime),
      })),
    conditions: (appSet?.status?.conditions ?? [])
      .filter(isNotable)
      .map(condition => ({
        type: condition.type ?? 'Unknown',
        status: condition.status ?? 'Unknown',
        reason: condition.reason,
        message: condition.message,
      })),
  };
  if (options.namespace) view.namespace = options.namespace;
  const steps = appSet?.spec?.strategy?.rollingSync?.steps;
  if (appSet?.spec?.strategy?.type === 'RollingSync' && steps) {
    view.rollingSyncSteps = steps.map(step => ({
      match: (step.matchExpressions ?? []).map(
        e => `${e.key} ${e.operator} (${(e.values ?? []).join(', ')})`,
      ),
      ...(step.maxUpdate !== undefined ? { maxUpdate: step.maxUpdate } : {}),
    }));
  }
  if (options.failure) view.failure = options.failure;
  return view;
}
