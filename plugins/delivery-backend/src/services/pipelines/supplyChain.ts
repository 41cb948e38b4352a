import {
  PipelineRunSupplyChain,
  VulnerabilityCounts,
} from '@go-delivery/plugin-delivery-common';
import { PipelineRunResource } from './tektonTypes';

/*
 * What a run's results say about the image it built. Results are written by whatever pipeline
 * runs, so every value is checked: a result that does not have the expected shape is left out,
 * it never fails the view.
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

const URL_REF = /^(https?|oci):\/\/[^\s"'<>\\]{1,2040}$/i;
const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]{0,1023}$/i;
const PREDICATE_TYPE = /^[a-z0-9][a-z0-9._\-/:#+]{0,255}$/i;

type Result = { name?: string; value?: unknown };

/** The run's pipeline results: `status.results` (v1), then `status.pipelineResults` (v1beta1). */
export function pipelineResults(run: PipelineRunResource): Result[] {
  const status = run.status;
  return [
    ...(Array.isArray(status?.results) ? status!.results : []),
    ...(Array.isArray(status?.pipelineResults) ? status!.pipelineResults : []),
  ].filter(
    (r): r is Result =>
      typeof r === 'object' && r !== null && typeof r.name === 'string',
  );
}

function stringValue(result: Result | undefined): string | undefined {
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
function objectValue(result: Result): Record<string, unknown> | undefined {
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
  result: Result,
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
    source: result.name!,
  };
}

function readVulnerabilities(
  results: Result[],
): VulnerabilityCounts | undefined {
  const candidates = [
    ...results.filter(r => r.name === SCAN_RESULT),
    ...results.filter(
      r => r.name !== SCAN_RESULT && r.name!.endsWith(`_${SCAN_RESULT}`),
    ),
    ...results.filter(r => OTHER_SCAN_RESULTS.includes(r.name!)),
  ];
  for (const candidate of candidates) {
    const counts = readVulnerabilityCounts(candidate);
    if (counts) return counts;
  }
  return undefined;
}

function readSbom(results: Result[]): PipelineRunSupplyChain['sbom'] {
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

function readSignature(results: Result[]): PipelineRunSupplyChain['signature'] {
  const value = stringValue(
    results.find(r => r.name === SIGNATURE_RESULT),
  )?.toLowerCase();
  if (value === 'true') return { verified: true };
  if (value === 'false') return { verified: false };
  return undefined;
}

/** The run's SBOM, vulnerability counts and signature verification; undefined when it has none. */
export function readSupplyChain(
  run: PipelineRunResource,
): PipelineRunSupplyChain | undefined {
  const results = pipelineResults(run);
  if (results.length === 0) return undefined;
  const sbom = readSbom(results);
  const vulnerabilities = readVulnerabilities(results);
  const signature = readSignature(results);
  const supplyChain = {
    ...(sbom ? { sbom } : {}),
    ...(vulnerabilities ? { vulnerabilities } : {}),
    ...(signature ? { signature } : {}),
  };
  return Object.keys(supplyChain).length > 0 ? supplyChain : undefined;
}
