/** One series of a range query; values are `[unix seconds, value]`, NaN/±Infinity kept as numbers. */
export interface PrometheusSeries {
  metric: Record<string, string>;
  values: Array<[number, number]>;
}

/** One sample of an instant query. */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, number];
}

export interface RangeQuery {
  query: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
}

export interface InstantQuery {
  query: string;
  /** Unix seconds; the server's now when absent. */
  time?: number;
}

/** One Prometheus instance, spoken to over its HTTP API. */
export interface PrometheusClient {
  /** The configured instance name. */
  readonly name: string;
  /** Base URL of the instance's web UI, for links. */
  readonly webUrl?: string;
  queryRange(request: RangeQuery): Promise<PrometheusSeries[]>;
  query(request: InstantQuery): Promise<PrometheusSample[]>;
}
