import { UpstreamError } from '../http/UpstreamError';
import { requestJson } from '../http/requestJson';
import {
  InstantQuery,
  PrometheusClient,
  PrometheusSample,
  PrometheusSeries,
  RangeQuery,
} from './PrometheusClient';

export interface HttpPrometheusClientOptions {
  name: string;
  /** API base URL, e.g. https://prometheus.example.com/ (the API is under `api/v1/`). */
  baseUrl: string;
  webUrl?: string;
  /** Sent with every request: `authorization` for a bearer token, or whatever a proxy in front needs. */
  headers: Record<string, string>;
  timeoutMs: number;
}

/** The envelope of every Prometheus API answer. */
interface ApiEnvelope {
  status?: string;
  data?: { resultType?: string; result?: unknown };
  errorType?: string;
  error?: string;
}

type RawValue = [number, string];

/** Prometheus encodes sample values as strings, with `NaN`, `+Inf` and `-Inf` spelled out. */
export function parseSampleValue(value: string): number {
  if (value === '+Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  return Number(value);
}

function isRawValue(value: unknown): value is RawValue {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  );
}

function isMetric(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every(v => typeof v === 'string')
  );
}

/** Talks to one Prometheus instance over its HTTP API (`/api/v1/query`, `/api/v1/query_range`). */
export class HttpPrometheusClient implements PrometheusClient {
  readonly name: string;
  readonly webUrl?: string;
  private readonly baseUrl: string;

  constructor(private readonly options: HttpPrometheusClientOptions) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.endsWith('/')
      ? options.baseUrl
      : `${options.baseUrl}/`;
    this.webUrl = (options.webUrl ?? options.baseUrl).replace(/\/+$/, '');
  }

  async queryRange(request: RangeQuery): Promise<PrometheusSeries[]> {
    const result = await this.call('api/v1/query_range', 'matrix', {
      query: request.query,
      start: String(request.start),
      end: String(request.end),
      step: String(request.step),
    });
    if (!Array.isArray(result))
      throw this.badResponse('a matrix that is not a list');
    return result.map(item => {
      const { metric, values } = (item ?? {}) as {
        metric?: unknown;
        values?: unknown;
      };
      if (
        !isMetric(metric) ||
        !Array.isArray(values) ||
        !values.every(isRawValue)
      ) {
        throw this.badResponse('a malformed series');
      }
      return {
        metric,
        values: values.map(([t, v]): [number, number] => [
          t,
          parseSampleValue(v),
        ]),
      };
    });
  }

  async query(request: InstantQuery): Promise<PrometheusSample[]> {
    const result = await this.call('api/v1/query', 'vector', {
      query: request.query,
      ...(request.time !== undefined ? { time: String(request.time) } : {}),
    });
    if (!Array.isArray(result))
      throw this.badResponse('a vector that is not a list');
    return result.map(item => {
      const { metric, value } = (item ?? {}) as {
        metric?: unknown;
        value?: unknown;
      };
      if (!isMetric(metric) || !isRawValue(value))
        throw this.badResponse('a malformed sample');
      return { metric, value: [value[0], parseSampleValue(value[1])] };
    });
  }

  /**
   * Sends one API call, POSTed form-encoded so long queries never hit a URL length limit. The
   * evaluation timeout goes along, so Prometheus gives up on a query as soon as the backend would
   * stop waiting for it.
   */
  private async call(
    path: string,
    resultType: string,
    params: Record<string, string>,
  ): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    const timeoutSeconds = Math.max(
      1,
      Math.floor(this.options.timeoutMs / 1000),
    );
    const envelope = await requestJson<ApiEnvelope>({
      kind: 'prometheus',
      instance: this.name,
      url,
      method: 'POST',
      form: new URLSearchParams({ ...params, timeout: `${timeoutSeconds}s` }),
      headers: this.options.headers,
      timeoutMs: this.options.timeoutMs,
    });
    if (envelope?.status !== 'success') {
      throw this.badResponse(
        envelope?.error
          ? `an error (${envelope.errorType}): ${envelope.error}`
          : 'no success status',
      );
    }
    if (envelope.data?.resultType !== resultType) {
      throw this.badResponse(
        `a ${
          envelope.data?.resultType ?? 'missing'
        } result, not a ${resultType}`,
      );
    }
    return envelope.data.result;
  }

  private badResponse(what: string): UpstreamError {
    return new UpstreamError({
      kind: 'prometheus',
      instance: this.name,
      reason: 'bad-response',
      detail: `answered with ${what}`,
    });
  }
}
