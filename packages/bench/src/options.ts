import { AuthMode } from './backends/backendConfig';

export interface BenchOptions {
  /** Delay the fake Argo CD adds to every request. */
  latencyMs: number;
  modes: AuthMode[];
  rounds: number;
  entities: number;
  warmRepeats: number;
  cacheTtlSeconds: number;
  connections: number;
  durationSeconds: number;
  loadRepeats: number;
  loadEntities: number;
  warmLoadEntities: number;
  warmRatePerSecond: number;
  skipLoad: boolean;
  skipViews: boolean;
  /** Compares one replica with this many on PostgreSQL and Redis; 0: no replica runs. */
  replicas: number;
  /** Offered load of the fixed-rate replica runs with the data cache off. */
  coldRatePerSecond: number;
  /** Servers for the replica runs instead of throwaway ones. */
  postgres?: string;
  redis?: string;
  /** Golden-signals views per range against the real Prometheus. */
  metricsRepeats: number;
  /** Another version of our backend package to compare the metrics views with. */
  metricsBaseline?: string;
  skipMetrics: boolean;
  /** The DORA part: the team page from the store, and the collector's upstream cost per pass. */
  dora: boolean;
  /** Components the team of the DORA team page owns. */
  doraServices: number;
  /** Timed requests per DORA route and period. */
  doraRepeats: number;
  /** Entities in the DORA collector's catalog. */
  doraEntities: number;
  /** Where to write the markdown results (besides printing them). */
  resultsFile?: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  latencyMs: 50,
  modes: ['token', 'password'],
  rounds: 3,
  entities: 8,
  warmRepeats: 3,
  cacheTtlSeconds: 10,
  connections: 50,
  durationSeconds: 10,
  loadRepeats: 3,
  loadEntities: 150,
  warmLoadEntities: 20,
  warmRatePerSecond: 500,
  skipLoad: false,
  skipViews: false,
  replicas: 0,
  coldRatePerSecond: 200,
  metricsRepeats: 10,
  skipMetrics: false,
  dora: false,
  doraServices: 200,
  doraRepeats: 20,
  doraEntities: 150,
};

export const USAGE = `Usage: yarn workspace @go-delivery/bench bench [options]
  --latency-ms N        delay of every fake Argo CD answer (default ${DEFAULT_OPTIONS.latencyMs})
  --modes token,password  Argo CD auth modes to compare (default both)
  --rounds N            fresh backend processes per backend and mode (default ${DEFAULT_OPTIONS.rounds})
  --entities N          cold entities per process (default ${DEFAULT_OPTIONS.entities})
  --warm-repeats N      warm views after each cold one (default ${DEFAULT_OPTIONS.warmRepeats})
  --ttl-seconds N       delivery.cache.ttlSeconds (default ${DEFAULT_OPTIONS.cacheTtlSeconds})
  --connections N       concurrent connections of the load runs (default ${DEFAULT_OPTIONS.connections})
  --duration N          seconds per load run (default ${DEFAULT_OPTIONS.durationSeconds})
  --repeats N           repeats of each load run (default ${DEFAULT_OPTIONS.loadRepeats})
  --load-entities N     entities the cold load run cycles through (default ${DEFAULT_OPTIONS.loadEntities})
  --rate N              offered views/s of the fixed-rate warm runs (default ${DEFAULT_OPTIONS.warmRatePerSecond})
  --replicas N          also compare one replica of our backend with N (e.g. 2) on one PostgreSQL and
                        one Redis, warm and with the data cache off (closed loop, and paced at --rate
                        warm and --cold-rate cache off); starts throwaway servers with
                        scripts/start-test-postgres.sh and start-test-redis.sh on free ports
  --cold-rate N         offered views/s of the paced replica runs with the data cache off (default ${DEFAULT_OPTIONS.coldRatePerSecond})
  --postgres URL        the replica runs' PostgreSQL instead (a role that may create databases;
                        databases named bench_<run>_… are left there)
  --redis URL           the replica runs' Redis instead (keys under bench_<run>_…)
  --metrics-repeats N   golden-signals views per range (3h, 24h, 7d) against Prometheus (default ${DEFAULT_OPTIONS.metricsRepeats})
  --metrics-baseline DIR  also measure the metrics views of another version of the backend package
                        (e.g. an older commit's plugins/delivery-backend, extracted with git archive)
  --dora                also measure the DORA figures: the team page of a group owning --dora-services
                        Components with 90 days of reported history each (from the store), and the
                        collector's upstream requests per pass over --dora-entities entities (cold
                        store, catching up, steady); with --skip-views --skip-load --skip-metrics
                        only this part runs
  --dora-services N     Components the team page's group owns (default ${DEFAULT_OPTIONS.doraServices})
  --dora-repeats N      timed requests per DORA route and period (default ${DEFAULT_OPTIONS.doraRepeats})
  --dora-entities N     entities in the collector's catalog (default ${DEFAULT_OPTIONS.doraEntities})
  --skip-load | --skip-views | --skip-metrics
  --results FILE        also write the markdown results to FILE`;

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`${flag} needs a number ≥ 0, got '${value}'`);
  }
  return n;
}

/** Reads the command line; unknown flags are errors, so a typo never runs the wrong benchmark. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i];
    switch (flag) {
      case '--latency-ms':
        options.latencyMs = positive(flag, value());
        break;
      case '--modes': {
        const modes = (value() ?? '').split(',');
        if (!modes.every(m => m === 'token' || m === 'password')) {
          throw new Error(`--modes takes token and/or password`);
        }
        options.modes = modes as AuthMode[];
        break;
      }
      case '--rounds':
        options.rounds = Math.max(1, positive(flag, value()));
        break;
      case '--entities':
        options.entities = Math.max(1, positive(flag, value()));
        break;
      case '--warm-repeats':
        options.warmRepeats = positive(flag, value());
        break;
      case '--ttl-seconds':
        options.cacheTtlSeconds = Math.max(1, positive(flag, value()));
        break;
      case '--connections':
        options.connections = Math.max(1, positive(flag, value()));
        break;
      case '--duration':
        options.durationSeconds = Math.max(1, positive(flag, value()));
        break;
      case '--repeats':
        options.loadRepeats = Math.max(1, positive(flag, value()));
        break;
      case '--load-entities':
        options.loadEntities = Math.max(1, positive(flag, value()));
        break;
      case '--rate':
        options.warmRatePerSecond = Math.max(1, positive(flag, value()));
        break;
      case '--replicas':
        options.replicas = positive(flag, value());
        if (options.replicas < 2) {
          throw new Error('--replicas compares one replica with 2 or more');
        }
        break;
      case '--cold-rate':
        options.coldRatePerSecond = Math.max(1, positive(flag, value()));
        break;
      case '--postgres':
        options.postgres = value();
        break;
      case '--redis':
        options.redis = value();
        break;
      case '--skip-load':
        options.skipLoad = true;
        break;
      case '--skip-views':
        options.skipViews = true;
        break;
      case '--metrics-repeats':
        options.metricsRepeats = Math.max(1, positive(flag, value()));
        break;
      case '--metrics-baseline':
        options.metricsBaseline = value();
        break;
      case '--skip-metrics':
        options.skipMetrics = true;
        break;
      case '--dora':
        options.dora = true;
        break;
      case '--dora-services':
        options.doraServices = Math.max(1, positive(flag, value()));
        break;
      case '--dora-repeats':
        options.doraRepeats = Math.max(1, positive(flag, value()));
        break;
      case '--dora-entities':
        options.doraEntities = Math.max(1, positive(flag, value()));
        break;
      case '--results':
        options.resultsFile = value();
        break;
      default:
        throw new Error(`Unknown option '${flag}'\n${USAGE}`);
    }
  }
  return options;
}
