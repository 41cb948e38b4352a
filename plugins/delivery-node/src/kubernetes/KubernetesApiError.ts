import { UpstreamFailureReason } from '@go-delivery/plugin-delivery-common';
import { UpstreamError } from '../http/UpstreamError';

/** The parts of a Kubernetes `Status` error body worth keeping. */
export interface KubernetesStatusInfo {
  /** e.g. `NotFound`, `Forbidden`, `AlreadyExists`, `Conflict`, `Invalid`. */
  reason?: string;
  details?: { name?: string; group?: string; kind?: string };
}

/**
 * A failed call to one cluster: an {@link UpstreamError} of kind `kubernetes` that also keeps the
 * `Status` reason the API server gave, so callers can tell an object that does not exist from a
 * resource type the cluster does not serve (Tekton not installed there).
 */
export class KubernetesApiError extends UpstreamError {
  readonly statusInfo: KubernetesStatusInfo;

  constructor(options: {
    cluster: string;
    reason: UpstreamFailureReason;
    detail: string;
    status?: number;
    statusInfo?: KubernetesStatusInfo;
  }) {
    super({
      kind: 'kubernetes',
      instance: options.cluster,
      reason: options.reason,
      detail: options.detail,
      status: options.status,
    });
    this.name = 'KubernetesApiError';
    this.statusInfo = options.statusInfo ?? {};
  }

  /** A 404 for the resource type itself (no such API on this cluster), not for one object. */
  get isResourceTypeMissing(): boolean {
    return this.status === 404 && !this.statusInfo.details?.name;
  }
}
