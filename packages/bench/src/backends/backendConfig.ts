import { ARGOCD_USER, argoCdToken } from '../upstream';

/** How a backend authenticates to Argo CD: fixed API tokens, or username/password sessions. */
export type AuthMode = 'token' | 'password';

/** The backend plugin under test: ours (the Delivery backend) or Roadie's Argo CD backend. */
export type BackendKind = 'delivery' | 'roadie';

/** The static token the benchmark's client presents (Backstage external access, a service principal). */
export const CLIENT_TOKEN = 'bench-client-static-token';

export interface BackendConfigOptions {
  kind: BackendKind;
  mode: AuthMode;
  port: number;
  instances: Array<{ name: string; url: string }>;
  /** `delivery.cache.ttlSeconds`; ignored by Roadie's plugin, which has no cache. */
  cacheTtlSeconds: number;
  /** A Prometheus instance for the metrics views (ours only). */
  prometheus?: { url: string; scrapeIntervalSeconds: number };
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
            argocd: {
              timeoutMs: 5000,
              instances: instances.map(i => ({
                name: i.name,
                url: i.url,
                ...credentials(mode, i.name),
              })),
            },
            cache: { ttlSeconds: options.cacheTtlSeconds },
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
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: CLIENT_TOKEN, subject: 'bench-client' },
          },
        ],
      },
    },
    ...plugin,
  };
}
