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

/** Longest part of a foreign error's message kept in a failure. */
const MAX_DETAIL = 200;

/**
 * Turns anything thrown while talking to an upstream into failure data for the response. Clients
 * throw {@link UpstreamError}s for what goes wrong on the wire; anything else was thrown while the
 * answer was being read (a view model choking on data of an unexpected shape), so it is a
 * `bad-response` of that instance.
 */
export function toUpstreamFailure(
  error: unknown,
  fallback: { kind: UpstreamKind; instance: string },
): UpstreamFailure {
  if (error instanceof UpstreamError) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError({
    ...fallback,
    reason: 'bad-response',
    detail: `answered with data that could not be read (${message.slice(
      0,
      MAX_DETAIL,
    )})`,
  }).failure;
}
