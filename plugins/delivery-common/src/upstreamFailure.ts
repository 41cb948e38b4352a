/** The upstream systems the Delivery backend talks to. @public */
export type UpstreamKind = 'argocd' | 'kubernetes' | 'prometheus';

/** Why one upstream instance could not answer. @public */
export type UpstreamFailureReason =
  | 'timeout'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'bad-response'
  | 'upstream-error';

/**
 * One instance's failure, returned as data so one slow or broken upstream degrades one card
 * (or one row of it) instead of the whole response.
 *
 * @public
 */
export interface UpstreamFailure {
  kind: UpstreamKind;
  /** The configured instance or cluster name. */
  instance: string;
  reason: UpstreamFailureReason;
  /** A sentence for people: which instance, what happened. */
  message: string;
  /** The upstream's HTTP status, when it answered. */
  status?: number;
}

/**
 * Two or more entities whose annotations select the same objects. Claims are exclusive: the
 * backend refuses writes through any of them, and the cards say why.
 *
 * @public
 */
export interface ClaimConflict {
  /** Which objects are shared: Argo CD applications or Kubernetes objects. */
  kind: 'argocd' | 'kubernetes';
  /** The entities that claim them, this one first. */
  entities: string[];
  /** The objects shared, as people name them (`Rollout 'x' in prod/orders`). */
  objects: string[];
  /** A sentence for people. */
  message: string;
}
