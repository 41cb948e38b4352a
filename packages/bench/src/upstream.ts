import { FakeArgoCd } from '@go-delivery/sandbox';
import { BenchFixtures } from './fixtures';

/** Credentials every fake instance accepts; each backend uses one of the two auth modes. */
export const ARGOCD_USER = { username: 'admin', password: 'bench-password' };

export function argoCdToken(instance: string): string {
  return `bench-token-${instance}`;
}

/** Upstream requests by kind, as the fakes count them. */
export interface UpstreamCounts {
  logins: number;
  appReads: number;
  other: number;
}

export function totalRequests(counts: UpstreamCounts): number {
  return counts.logins + counts.appReads + counts.other;
}

/** The three fake Argo CD instances the compared backends talk to. */
export class BenchUpstream {
  private constructor(private readonly fakes: FakeArgoCd[]) {}

  static async start(options: {
    fixtures: BenchFixtures;
    latencyMs: number;
  }): Promise<BenchUpstream> {
    const fakes = await Promise.all(
      Object.entries(options.fixtures.byInstance).map(([name, fixtures]) =>
        FakeArgoCd.start({
          name,
          fixtures,
          tokens: [argoCdToken(name)],
          users: { [ARGOCD_USER.username]: ARGOCD_USER.password },
          latencyMs: options.latencyMs,
        }),
      ),
    );
    return new BenchUpstream(fakes);
  }

  get instances(): Array<{ name: string; url: string }> {
    return this.fakes.map(f => ({ name: f.name, url: f.url }));
  }

  clear(): void {
    for (const fake of this.fakes) fake.clearRequests();
  }

  /** Every request since the last {@link clear}, method and path, over all instances. */
  requests(): Array<{ method: string; path: string }> {
    return this.fakes.flatMap(f =>
      f.requests.map(r => ({ method: r.method, path: r.path })),
    );
  }

  /** Requests since the last {@link clear}, summed over the instances. */
  count(): UpstreamCounts {
    const sum: UpstreamCounts = { logins: 0, appReads: 0, other: 0 };
    for (const fake of this.fakes) {
      const counts = fake.countRequests();
      sum.logins += counts.logins;
      sum.appReads += counts.appReads;
      sum.other += counts.other;
    }
    return sum;
  }

  async stop(): Promise<void> {
    await Promise.all(this.fakes.map(f => f.stop()));
  }
}
