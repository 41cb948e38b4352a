import { ARGOCD_USER, argoCdToken } from '../upstream';

/** How a backend authenticates to Argo CD: fixed API tokens, or username/password sessions. */
export type AuthMode = 'token' | 'password';

/** The backend plugin under test: ours (the Delivery backend) or Roadie's Argo CD backend. */
export type BackendKind = 'delivery' | 'roadie';

/** The static token the benchmark's client presents (Backstage external access, a service principal). */
export const CLIENT_TOKEN = 'bench-client-static-token';
const CLIENT_SUBJECT = 'bench-client';

export interface BackendConfigOptions {
  kind: BackendKind;
  mode: AuthMode;
  port: number;
  instances: Array<{ name: string; url: string }>;
  /** `delivery.cache.ttlSeconds`; ignored by Roadie's plugin, which has no cache. */
  cacheTtlSeconds: number;
  /** A Prometheus instance for the metrics views (ours only). */
  prometheus?: { url: string; scrapeIntervalSeconds: number };
  /** Production's stores, shared by replicas; without them, in-memory SQLite and cache. */
  stores?: SharedStoresConfig;
  /** `delivery.dora` (ours only): whether the collector runs, and how often. */
  dora?: { enabled: boolean; collectIntervalMinutes?: number };
  /** Permissions the client's grant may use besides reading, e.g. `delivery.events.report`. */
  clientActions?: string[];
}

export interface SharedStoresConfig {
  /** PostgreSQL connection string (a role that may create databases). */
  postgres: string;
  /** Redis URL. */
  redis: string;
  /**
   * Databases are named `<namespace>_<plugin>` and cache keys start with `<namespace>:`, so the
   * configurations of one run, and runs against the same servers, share nothing by accident.
   */
  namespace: string;
}

/** `backend.database` and `backend.cache`: PostgreSQL and Redis as in production, or in memory. */
function stores(shared: SharedStoresConfig | undefined): object {
  if (!shared) {
    return { database: { client: 'better-sqlite3', connection: ':memory:' } };
  }
  return {
    database: {
      client: 'pg',
      connection: shared.postgres,
      prefix: `${shared.namespace}_`,
    },
    cache: {
      store: 'redis',
      connection: shared.redis,
      redis: { client: { namespace: shared.namespace } },
    },
  };
}

function credentials(mode: AuthMode, instance: string) {
  return mode === 'token'
    ? { token: argoCdToken(instance) }
    : { username: ARGOCD_USER.username, password: ARGOCD_USER.password };
}

/** A complete app-config for one backend process (production-like: no dev-only settings). */
export function backendConfig(options: BackendConfigOptions): object {
  const { kind, mode, port, instances } = options;
  const baseUrl = `http://127.0.0.1:${port}`;
  const plugin =
    kind === 'roadie'
      ? {
          argocd: {
            appLocatorMethods: [
              {
                type: 'config',
                instances: instances.map(i => ({
                  name: i.name,
                  url: i.url,
                  ...credentials(mode, i.name),
                })),
              },
            ],
          },
        }
      : {
          delivery: {
            // A service principal reads nothing without a grant.
            serviceAccess: [
              {
                subject: CLIENT_SUBJECT,
                read: true,
                ...(options.clientActions
                  ? { actions: options.clientActions }
                  : {}),
                entities: ['*'],
              },
            ],
            argocd: {
              timeoutMs: 5000,
              instances: instances.map(i => ({
                name: i.name,
                url: i.url,
                ...credentials(mode, i.name),
              })),
            },
            cache: { ttlSeconds: options.cacheTtlSeconds },
            ...(options.dora ? { dora: options.dora } : {}),
            ...(options.prometheus
              ? {
                  prometheus: {
                    scrapeIntervalSeconds:
                      options.prometheus.scrapeIntervalSeconds,
                    instances: [{ name: 'bench', url: options.prometheus.url }],
                  },
                }
              : {}),
          },
        };
  return {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port, host: '127.0.0.1' },
      ...stores(options.stores),
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: CLIENT_TOKEN, subject: CLIENT_SUBJECT },
          },
        ],
      },
    },
    ...plugin,
  };
}
