import { ArgoCdSourceView } from './argocdTypes';
import { PipelineRunView } from './pipelineTypes';
import { GitOpsChangePreview, PinnedImage } from './rollbackTypes';
import { UpstreamFailure } from './upstreamFailure';

/** One Argo CD application as a promotion names it. @public */
export interface PromotionApplicationRef {
  instance: string;
  application: string;
  appNamespace?: string;
}

/** The image an environment runs (the rollback's pinned image: name, reference, tag, digest). @public */
export type PinnedImageView = PinnedImage;

/** Gates checked before a promotion, in the order they are shown. @public */
export const PROMOTION_GATE_IDS = [
  'source-healthy',
  'soak',
  'verdict',
  'pipeline',
  'coverage',
  'error-budget',
  'freeze',
] as const;

/** @public */
export type PromotionGateId = (typeof PROMOTION_GATE_IDS)[number];

/**
 * `open`: passes; `shut`: blocks; `unknown`: could not be checked (blocks, says why);
 * `skipped`: does not apply to this entity (no pipeline, coverage or SLO annotated).
 * @public
 */
export type PromotionGateState = 'open' | 'shut' | 'unknown' | 'skipped';

/** One gate with the reason for its state. @public */
export interface PromotionGate {
  id: PromotionGateId;
  title: string;
  state: PromotionGateState;
  reason: string;
}

/** One environment of the service: its application and what runs there. @public */
export interface EnvironmentView {
  /** `dev`, `staging`, `prod` … (see the environment rules in the architecture). */
  environment: string;
  application: PromotionApplicationRef;
  productionLike: boolean;
  sync: string;
  health: string;
  /** A sync or rollback Argo CD is running now. */
  operation?: { phase: string; startedAt?: string; revision?: string };
  /** The GitOps revision deployed. */
  revision?: string;
  revisionUrl?: string;
  /**
   * A multi-source application's sources as last deployed, each with its revision: a Helm
   * chart's version, the commit of the repository its values come from.
   */
  sources?: ArgoCdSourceView[];
  image?: PinnedImageView;
  /** When the deployed revision was deployed (the newest history entry). */
  deployedAt?: string;
  /**
   * The pipeline run that built the image (the run whose `IMAGE_DIGEST` result is the pinned
   * digest, else the run of the commit the tag names), with what it reports of the image.
   */
  build?: Pick<
    PipelineRunView,
    | 'cluster'
    | 'namespace'
    | 'name'
    | 'status'
    | 'commit'
    | 'image'
    | 'supplyChain'
  >;
  /**
   * How far it is behind the environment before it: the deploys (GitOps commits) the previous
   * environment made since it last ran the image this one runs, and since when.
   */
  behind?: { deploys: number; since?: string };
}

/** Promoting one environment's image into the next one, with its gates. @public */
export interface PromotionStepView {
  from: PromotionApplicationRef & { environment: string };
  to: PromotionApplicationRef & { environment: string };
  /** Whether a GitOps promotion applies at all (else `reason`). */
  available: boolean;
  reason?: string;
  image?: { from?: PinnedImageView; to?: PinnedImageView };
  gates: PromotionGate[];
  /** Every gate open or skipped. */
  open: boolean;
  /** Production-like targets need the application's name typed to confirm. */
  confirmationName?: string;
  /** Where the change goes. */
  gitops?: {
    provider: string;
    mode: string;
    repository: string;
    branch?: string;
    file: string;
  };
}

/** `GET …/environments`. @public */
export interface EnvironmentsResponse {
  environments: EnvironmentView[];
  promotions: PromotionStepView[];
  failures: UpstreamFailure[];
}

/** `POST …/promotion/preview` body. @public */
export interface PromotionTarget {
  from: PromotionApplicationRef;
  to: PromotionApplicationRef;
}

/** `POST …/promotion` body. @public */
export interface PromotionRequest extends PromotionTarget {
  /** For production-like targets: the target application's name. */
  confirmation?: string;
  /** Promote although gates are shut: needs `delivery.promote.override`. */
  override?: { reason: string };
  idempotencyKey: string;
}

/** What a promotion would change, written nowhere yet. @public */
export interface PromotionPreview {
  target: PromotionTarget;
  summary: string;
  image: { from: PinnedImageView; to: PinnedImageView };
  gates: PromotionGate[];
  open: boolean;
  confirmationName?: string;
  gitops: GitOpsChangePreview;
}

/** What a promotion did. @public */
export interface PromotionResult {
  target: PromotionTarget;
  message: string;
  commit: { sha: string; branch: string; url?: string };
  pullRequest?: { url: string; number?: number };
  /** Gates that were shut and overridden, with the reason given. */
  overridden?: { gates: PromotionGateId[]; reason: string };
  replayed: boolean;
}

/** Bounds of an override reason, checked on both sides. @public */
export const OVERRIDE_REASON_LENGTH = { min: 10, max: 500 } as const;
