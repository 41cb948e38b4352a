import {
  UpstreamFailure,
  UpstreamFailureReason,
  UpstreamKind,
} from '@go-delivery/plugin-delivery-common';

const KIND_LABEL: Record<UpstreamKind, string> = {
  argocd: 'Argo CD',
  kubernetes: 'Kubernetes cluster',
  prometheus: 'Prometheus',
};

/**
 * A failed call to one upstream instance. It carries the {@link UpstreamFailure} that the service
 * layer puts in the response, so callers never have to re-derive which instance failed and why.
 */
export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;

  constructor(options: {
    kind: UpstreamKind;
    instance: string;
    reason: UpstreamFailureReason;
    detail: string;
    status?: number;
  }) {
    const message = `${KIND_LABEL[options.kind]} '${options.instance}': ${
      options.detail
    }`;
    super(message);
    this.name = 'UpstreamError';
    this.failure = {
      kind: options.kind,
      instance: options.instance,
      reason: options.reason,
      message,
      ...(options.status !== undefined ? { status: options.status } : {}),
    };
  }

  get status(): number | undefined {
    return this.failure.status;
  }
}

/** Turns anything thrown while talking to an upstream into failure data for the response. */
export function toUpstreamFailure(
  error: unknown,
  fallback: { kind: UpstreamKind; instance: string },
): UpstreamFailure {
  if (error instanceof UpstreamError) return error.failure;
  return new UpstreamError({
    ...fallback,
    reason: 'upstream-error',
    detail: error instanceof Error ? error.message : String(error),
  }).failure;
}
