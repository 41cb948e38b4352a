import {
  PipelineRunSupplyChain,
  VulnerabilityCounts,
} from '@go-delivery/plugin-delivery-common';
import { pipelineResults, taskRunResults, TektonResult } from './tektonResults';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';

/*
 * What a run says about the image it built: its results, the scan results of its TaskRuns and
 * Tekton Chains' mark. Results are written by whatever pipeline runs, so every value is checked:
 * a result that does not have the expected shape is left out, it never fails the view.
 */

/** Longest result value read (Tekton's own limit is 4 KiB per TaskRun, more with sidecar logs). */
const MAX_VALUE_CHARS = 16 * 1024;
/** A count above this is not a count. */
const MAX_COUNT = 1_000_000;

/** Our SBOM reference first, then the names other pipelines use (Konflux, OpenShift's console). */
export const SBOM_RESULTS = ['SBOM_URI', 'SBOM_BLOB_URL', 'LINK_TO_SBOM'];
export const SBOM_PREDICATE_TYPE_RESULT = 'SBOM_PREDICATE_TYPE';
/** Our scan first; then any `*_SCAN_OUTPUT` (ACS, the community plugin) in result order; then Clair. */
export const SCAN_RESULT = 'SCAN_OUTPUT';
const OTHER_SCAN_RESULTS = ['CLAIR_SCAN_RESULT'];
export const SIGNATURE_RESULT = 'SIGNATURE_VERIFIED';
/**
 * Tekton Chains' mark on what it handled: `true` once it signed the run's provenance, `failed`
 * when it gave up, `skipped` when it was not configured to sign that kind.
 */
export const CHAINS_SIGNED_ANNOTATION = 'chains.tekton.dev/signed';

const URL_REF = /^(https?|oci):\/\/[^\s"'<>\\]{1,2040}$/i;
const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]{0,1023}$/i;
const PREDICATE_TYPE = /^[a-z0-9][a-z0-9._\-/:#+]{0,255}$/i;

/**
 * Whether a result is a vulnerability scan's, which is also read from the run's TaskRuns (Konflux
 * writes `CLAIR_SCAN_RESULT` on its clair-scan TaskRun only). Listed TaskRuns keep only these.
 */
export function isScanResult(name: string): boolean {
  return (
    name === SCAN_RESULT ||
    name.endsWith(`_${SCAN_RESULT}`) ||
    OTHER_SCAN_RESULTS.includes(name)
  );
}

function stringValue(result: TektonResult | undefined): string | undefined {
  const value = result?.value;
  if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON string result, or an object result (whose values Tekton keeps as strings). */
function objectValue(
  result: TektonResult,
): Record<string, unknown> | undefined {
  if (isRecord(result.value)) return result.value;
  const text = stringValue(result);
  if (!text?.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A whole number from 0 to MAX_COUNT, written as a number or as a string of digits. */
function count(value: unknown): number | undefined {
  const number =
    typeof value === 'string' && /^\d{1,7}$/.test(value.trim())
      ? Number(value.trim())
      : value;
  return typeof number === 'number' &&
    Number.isInteger(number) &&
    number >= 0 &&
    number <= MAX_COUNT
    ? number
    : undefined;
}

/**
 * `{"vulnerabilities":{"critical":0,"high":1,"medium":2,"low":3,"unknown":0}}` (other keys, e.g.
 * `unpatched_vulnerabilities`, are ignored), or the same counts at the top level (an object
 * result). The four severities must all be there; `unknown` and `total` may be missing.
 */
export function readVulnerabilityCounts(
  result: TektonResult,
): VulnerabilityCounts | undefined {
  const parsed = objectValue(result);
  const counts = isRecord(parsed?.vulnerabilities)
    ? parsed!.vulnerabilities
    : parsed;
  if (!counts) return undefined;
  const critical = count(counts.critical);
  const high = count(counts.high);
  const medium = count(counts.medium);
  const low = count(counts.low);
  if (
    critical === undefined ||
    high === undefined ||
    medium === undefined ||
    low === undefined
  ) {
    return undefined;
  }
  const unknown = count(counts.unknown);
  if (counts.unknown !== undefined && unknown === undefined) return undefined;
  const sum = critical + high + medium + low + (unknown ?? 0);
  const total = count(counts.total ?? parsed?.total);
  return {
    critical,
    high,
    medium,
    low,
    ...(unknown !== undefined ? { unknown } : {}),
    total: total !== undefined && total >= sum ? total : sum,
    source: result.name,
  };
}

function readVulnerabilities(
  results: TektonResult[],
): VulnerabilityCounts | undefined {
  const scans = results.filter(r => isScanResult(r.name));
  const candidates = [
    ...scans.filter(r => r.name === SCAN_RESULT),
    ...scans.filter(
      r => r.name !== SCAN_RESULT && !OTHER_SCAN_RESULTS.includes(r.name),
    ),
    ...scans.filter(r => OTHER_SCAN_RESULTS.includes(r.name)),
  ];
  for (const candidate of candidates) {
    const counts = readVulnerabilityCounts(candidate);
    if (counts) return counts;
  }
  return undefined;
}

/** The first TaskRun, by name, whose results hold a scan; its name goes with the counts. */
function readTaskRunVulnerabilities(
  taskRuns: TaskRunResource[],
): VulnerabilityCounts | undefined {
  const named = taskRuns
    .map(taskRun => ({ taskRun, name: taskRun.metadata?.name }))
    .filter((t): t is { taskRun: TaskRunResource; name: string } =>
      Boolean(t.name),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const { taskRun, name } of named) {
    const counts = readVulnerabilities(taskRunResults(taskRun));
    if (counts) return { ...counts, taskRun: name };
  }
  return undefined;
}

function readSbom(results: TektonResult[]): PipelineRunSupplyChain['sbom'] {
  for (const name of SBOM_RESULTS) {
    const uri = stringValue(results.find(r => r.name === name));
    if (!uri || !(URL_REF.test(uri) || IMAGE_REF.test(uri))) continue;
    const predicateType =
      name === 'SBOM_URI'
        ? stringValue(results.find(r => r.name === SBOM_PREDICATE_TYPE_RESULT))
        : undefined;
    return {
      uri,
      ...(predicateType && PREDICATE_TYPE.test(predicateType)
        ? { predicateType }
        : {}),
      source: name,
    };
  }
  return undefined;
}

function readSignature(
  results: TektonResult[],
): PipelineRunSupplyChain['signature'] {
  const value = stringValue(
    results.find(r => r.name === SIGNATURE_RESULT),
  )?.toLowerCase();
  if (value === 'true') return { verified: true };
  if (value === 'false') return { verified: false };
  return undefined;
}

function readChains(
  run: PipelineRunResource,
): PipelineRunSupplyChain['chains'] {
  const value = run.metadata?.annotations?.[CHAINS_SIGNED_ANNOTATION];
  if (value === 'true') return { signed: true };
  if (value === 'failed') return { signed: false };
  return undefined;
}

/**
 * The run's SBOM, vulnerability counts, signature verification and Chains signing; undefined
 * when it reports none. The SBOM and the signature come from the run's own results only (a
 * TaskRun's may be about another image); the scan from the run's results, else from those of its
 * TaskRuns (pass the run's own: `toPipelineRunView` does).
 */
export function readSupplyChain(
  run: PipelineRunResource,
  taskRuns: TaskRunResource[] = [],
): PipelineRunSupplyChain | undefined {
  const results = pipelineResults(run);
  const sbom = readSbom(results);
  const vulnerabilities =
    readVulnerabilities(results) ?? readTaskRunVulnerabilities(taskRuns);
  const signature = readSignature(results);
  const chains = readChains(run);
  const supplyChain = {
    ...(sbom ? { sbom } : {}),
    ...(vulnerabilities ? { vulnerabilities } : {}),
    ...(signature ? { signature } : {}),
    ...(chains ? { chains } : {}),
  };
  return Object.keys(supplyChain).length > 0 ? supplyChain : undefined;
}
