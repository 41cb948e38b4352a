import { FakeArgoCd } from './argocd/FakeArgoCd';
import { loadArgoCdFixtures } from './argocd/fixtures';
import { latestTimestamp, shiftTimestamps } from './shiftTimestamps';

/** Ports and credentials of the sandbox's Argo CD instances; app-config.yaml points at these. */
export const SANDBOX_ARGOCD = {
  prod: { port: 7081, username: 'admin', password: 'sandbox-admin-password' },
  staging: { port: 7082, token: 'sandbox-staging-token' },
} as const;

export interface Sandbox {
  argocd: Record<string, FakeArgoCd>;
  stop(): Promise<void>;
}

/**
 * Starts every sandbox upstream on its fixed port. With `recent`, fixture times are moved so the
 * newest deploy happened an hour ago, which is what a person looking at the portal expects.
 */
export async function startSandbox(options: {
  host?: string;
  recent?: boolean;
  portOffset?: number;
}): Promise<Sandbox> {
  const fixtures = loadArgoCdFixtures();
  const offset = options.recent
    ? Date.now() - 3600_000 - latestTimestamp(fixtures)
    : 0;
  const portOffset = options.portOffset ?? 0;
  const argocd: Record<string, FakeArgoCd> = {
    prod: await FakeArgoCd.start({
      name: 'prod',
      fixtures: shiftTimestamps(fixtures.prod, offset),
      users: { [SANDBOX_ARGOCD.prod.username]: SANDBOX_ARGOCD.prod.password },
      port: SANDBOX_ARGOCD.prod.port + portOffset,
      host: options.host,
    }),
    staging: await FakeArgoCd.start({
      name: 'staging',
      fixtures: shiftTimestamps(fixtures.staging, offset),
      tokens: [SANDBOX_ARGOCD.staging.token],
      port: SANDBOX_ARGOCD.staging.port + portOffset,
      host: options.host,
    }),
  };
  return {
    argocd,
    async stop() {
      await Promise.all(Object.values(argocd).map(a => a.stop()));
    },
  };
}
