import {
  CompoundEntityRef,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DependencyList } from 'react';
import useAsyncRetry, { AsyncStateRetry } from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { DeliveryApi, deliveryApiRef } from '../api';
import { useEntityChanges } from '../hooks/entityChanges';

/** What a card reads, as it stands: loading, failed or there, with a retry for its refresh. */
export type DeliveryData<T> = AsyncStateRetry<T | undefined>;

/** Reads one part of the entity's delivery state from the Delivery backend. */
export type DeliveryLoader<T> = (
  api: DeliveryApi,
  entity: CompoundEntityRef,
) => Promise<T>;

export interface DeliveryDataOptions<T> {
  /** False reads nothing (the value stays undefined), e.g. for an entity without the annotation. */
  enabled?: boolean;
  /**
   * Whether something is under way that changes the value by itself (a sync, a run, a canary):
   * only then is it read again every `pollIntervalMs`.
   */
  isActive?: (value: T) => boolean;
  /** 0 or absent: no polling. */
  pollIntervalMs?: number;
}

/**
 * Reads `load` for the current entity: again when a value of `deps` changes, after every
 * announced change of the entity (an action on any card), and while `isActive` says something
 * runs. The loader itself is not a dependency, so it may be written inline.
 */
export function useDeliveryData<T>(
  load: DeliveryLoader<T>,
  deps: DependencyList,
  options: DeliveryDataOptions<T> = {},
): DeliveryData<T> {
  const { enabled = true, isActive, pollIntervalMs } = options;
  const { entity } = useEntity();
  const api = useApi(deliveryApiRef);
  const ref = getCompoundEntityRef(entity);
  const changes = useEntityChanges(stringifyEntityRef(entity));
  const state = useAsyncRetry(
    async () => (enabled ? load(api, ref) : undefined),
    // The entity's parts rather than its ref object, which is new on every render.
    [api, ref.kind, ref.namespace, ref.name, enabled, changes, ...deps],
  );
  const active = state.value !== undefined && Boolean(isActive?.(state.value));
  useInterval(state.retry, active && pollIntervalMs ? pollIntervalMs : null);
  return state;
}
