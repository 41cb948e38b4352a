import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

/** The current time as the API server writes timestamps (seconds, UTC). */
export function nowSeconds(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

/** What the API server adds to the metadata of an object it stores for the first time. */
export function newObjectMetadata<T extends object>(metadata: T) {
  return {
    ...metadata,
    uid: randomUUID(),
    resourceVersion: '1',
    generation: 1,
    creationTimestamp: nowSeconds(),
  };
}

/** The fields whose difference makes a create without `upsert` fail (as Argo CD compares them). */
export function sameDefinition(existing: any, wanted: any): boolean {
  return (
    isDeepStrictEqual(existing.spec, wanted.spec) &&
    isDeepStrictEqual(existing.metadata?.labels, wanted.metadata?.labels) &&
    isDeepStrictEqual(
      existing.metadata?.annotations,
      wanted.metadata?.annotations,
    ) &&
    isDeepStrictEqual(
      existing.metadata?.finalizers,
      wanted.metadata?.finalizers,
    )
  );
}

type Labels = Record<string, string> | undefined;

/**
 * The metadata of an update: labels and annotations merged into the stored ones (the API's
 * upsert) or replacing them (a controller writing what it generates), finalizers replaced, the
 * resourceVersion one up and the generation too when `bumpGeneration`.
 */
export function updatedMetadata(
  existing: any,
  wanted: { labels?: Labels; annotations?: Labels; finalizers?: string[] },
  options: { mergeLabels: boolean; bumpGeneration: boolean },
) {
  const {
    labels: oldLabels,
    annotations: oldAnnotations,
    finalizers: _finalizers,
    ...kept
  } = existing;
  const merged = (a: Labels, b: Labels) =>
    options.mergeLabels && (a || b) ? { ...a, ...b } : b;
  const labels = merged(oldLabels, wanted.labels);
  const annotations = merged(oldAnnotations, wanted.annotations);
  return {
    ...kept,
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...(wanted.finalizers ? { finalizers: wanted.finalizers } : {}),
    resourceVersion: String(Number(kept.resourceVersion ?? 0) + 1),
    generation: Number(kept.generation ?? 0) + (options.bumpGeneration ? 1 : 0),
  };
}
