import { Progress } from '@backstage/core-components';
import {
  ClaimConflict,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { ReactNode } from 'react';
import { ClaimConflicts } from '../../components/ClaimConflicts';
import { RequestErrorPanel } from '../../components/RequestErrorPanel';
import { UpstreamFailures } from '../../components/UpstreamFailures';

export interface DataViewProps<T> {
  data: { value?: T; loading: boolean; error?: Error };
  /** Put before the backend's message when the request failed, e.g. `Argo Rollouts`. */
  errorTitle?: string;
  /** The upstreams (clusters, instances) that could not answer, named above the body. */
  failures?: (value: T) => UpstreamFailure[];
  /**
   * What to show instead of the body when the value holds nothing (nothing when it holds
   * something). Where an upstream failed, its failure explains the gap instead.
   */
  empty?: (value: T) => ReactNode;
  children: (value: T) => ReactNode;
}

/** The claim conflicts the backend lists beside the objects of a read, when it has any. */
function conflictsOf(value: unknown): ClaimConflict[] | undefined {
  const conflicts = (value as { conflicts?: unknown } | null)?.conflicts;
  return Array.isArray(conflicts) ? (conflicts as ClaimConflict[]) : undefined;
}

/**
 * The states of data read from the backend: progress on the first load only (a reload keeps
 * what is shown), the error, the upstream failures and claim conflicts, the empty state, or the
 * body.
 */
export function DataView<T>(props: DataViewProps<T>) {
  const { data, errorTitle, failures, empty, children } = props;
  const { value, loading, error } = data;
  if (loading && value === undefined) return <Progress />;
  if (error) return <RequestErrorPanel error={error} title={errorTitle} />;
  if (value === undefined) return null;
  const failed = failures?.(value) ?? [];
  const emptyState = empty?.(value);
  let body: ReactNode;
  if (emptyState) body = failed.length === 0 ? emptyState : null;
  else body = children(value);
  return (
    <>
      <UpstreamFailures failures={failed} />
      <ClaimConflicts conflicts={conflictsOf(value)} />
      {body}
    </>
  );
}
