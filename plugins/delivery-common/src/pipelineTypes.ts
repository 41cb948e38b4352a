import { ClaimConflict, UpstreamFailure } from './upstreamFailure';

/**
 * Where a run, task run or step stands, derived from Tekton's `Succeeded` condition (or a step's
 * container state). `skipped` is a step that never ran because an earlier one failed; `unknown`
 * is for objects that carry no state at all.
 *
 * @public
 */
export type PipelineStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'timed-out'
  | 'skipped'
  | 'unknown';

/** One step (container) of a task run. @public */
export interface PipelineStepView {
  name: string;
  status: PipelineStatus;
  /** Container state reason, e.g. `Completed`, `Error`, `PodInitializing`. */
  reason?: string;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  /** Until now while the step runs. */
  durationMs?: number;
}

/** One TaskRun of a pipeline run. @public */
export interface TaskRunView {
  name: string;
  /** The task's name in the pipeline (`build`, `test` …). */
  pipelineTaskName?: string;
  status: PipelineStatus;
  reason?: string;
  message?: string;
  startedAt?: string;
  completedAt?: string;
  durationMs?: number;
  /** Whether step logs can be asked for (the TaskRun has a pod). */
  hasLogs: boolean;
  steps: PipelineStepView[];
}

/** Identifies one PipelineRun of an entity; the body of rerun and cancel requests. @public */
export interface PipelineRunRef {
  /** The configured cluster name. */
  cluster: string;
  namespace: string;
  name: string;
}

/**
 * Vulnerability counts of the scan a run made, from its `SCAN_OUTPUT` result (the generated
 * pipeline) or any `*_SCAN_OUTPUT` / `CLAIR_SCAN_RESULT` result, the run's or one of its TaskRuns',
 * in the shape the community Tekton plugin, OpenShift and Konflux read:
 * `{"vulnerabilities":{"critical":0,"high":1,"medium":2,"low":3,"unknown":0}}`.
 *
 * @public
 */
export interface VulnerabilityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  /** Findings without a severity (govulncheck rates none: all its findings are here). */
  unknown?: number;
  /** All findings: the result's own `total` when it gives one, else the sum of the counts. */
  total: number;
  /** The result the counts come from, e.g. `SCAN_OUTPUT`, `ACS_IMAGE_SCAN_OUTPUT`. */
  source: string;
  /**
   * The TaskRun whose result it is, when the run itself reports no scan and one of its TaskRuns
   * does (Konflux writes `CLAIR_SCAN_RESULT` on its clair-scan TaskRun only).
   */
  taskRun?: string;
}

/**
 * What a run says about the image it built besides its name: its SBOM, its vulnerability scan,
 * whether its signature verified and whether Tekton Chains signed it. Each part is left out when
 * the run has no such result (or annotation) or it is malformed.
 *
 * @public
 */
export interface PipelineRunSupplyChain {
  /** Where the SBOM is: `SBOM_URI` (the generated pipeline's attestation), `SBOM_BLOB_URL`, `LINK_TO_SBOM`. */
  sbom?: { uri: string; predicateType?: string; source: string };
  /** From the run's results, else from those of its TaskRuns (then `taskRun` names the one). */
  vulnerabilities?: VulnerabilityCounts;
  /** From `SIGNATURE_VERIFIED` (`true`/`false`), written after `cosign verify`. */
  signature?: { verified: boolean };
  /**
   * From Tekton Chains' `chains.tekton.dev/signed` annotation on the run: `true` once Chains
   * signed the run's provenance, `false` when it gave up (`failed`). Signed, not verified: nothing
   * here checked the signature.
   */
  chains?: { signed: boolean };
}

/** What the pipeline card shows of one PipelineRun. @public */
export interface PipelineRunView extends PipelineRunRef {
  uid?: string;
  /** The Pipeline it runs, when it references one by name. */
  pipelineName?: string;
  status: PipelineStatus;
  /** Reason of the `Succeeded` condition, e.g. `PipelineRunTimeout`. */
  reason?: string;
  message?: string;
  createdAt?: string;
  startedAt?: string;
  completedAt?: string;
  /** Until now while the run is going. */
  durationMs?: number;
  /** Git commit SHA built, from Pipelines-as-Code metadata or the run's params. */
  commit?: string;
  branch?: string;
  repositoryUrl?: string;
  /** What started it (Pipelines-as-Code event type), e.g. `push`, `pull_request`. */
  eventType?: string;
  /**
   * The image it pushed, from its `IMAGE_URL` and `IMAGE_DIGEST` results (the generated pipeline's
   * results, and Tekton Chains' convention).
   */
  image?: { url?: string; digest?: string };
  /** SBOM, vulnerability counts and signature of that image, from the run's results. */
  supplyChain?: PipelineRunSupplyChain;
  /** Whether a cancel request makes sense (the run has not finished). */
  cancellable: boolean;
  /** In execution order (start time, then name). */
  taskRuns: TaskRunView[];
  /** Pipeline tasks that did not run, with Tekton's reason (e.g. a `when` expression). */
  skippedTasks: Array<{ name: string; reason?: string }>;
  /** Set when some of the run's TaskRuns could not be read; the others are listed. */
  taskRunsFailure?: UpstreamFailure;
}

/** The answer of the pipeline runs route. @public */
export interface PipelineRunsResponse {
  /** Newest first, at most the configured number. */
  runs: PipelineRunView[];
  /** Clusters that failed; the runs of the others are still listed. */
  failures: UpstreamFailure[];
  /** Objects other entities claim too: actions on them are refused until one stops. */
  conflicts?: ClaimConflict[];
  /** The clusters that were asked. */
  clusters: string[];
}

/** Identifies one step of one task run of an entity's PipelineRun. @public */
export interface PipelineStepRef extends PipelineRunRef {
  taskRun: string;
  step: string;
}

/** The log of one step, capped in size. @public */
export interface PipelineStepLogResponse extends PipelineStepRef {
  pod: string;
  container: string;
  text: string;
  /** True when the log is longer than `limitBytes` and was cut. */
  truncated: boolean;
  limitBytes: number;
}

/** The answer of a rerun or cancel. @public */
export interface PipelineRunActionResponse {
  action: 'rerun' | 'cancel';
  /** The run acted on. */
  target: PipelineRunRef;
  /** The new run (rerun) or the cancelled one (cancel). */
  run: PipelineRunRef;
  /** True when this answer is the remembered answer of an earlier request with the same key. */
  replayed?: boolean;
}
