import {
  PipelineRunsResponse,
  PipelineRunView,
  readDeliveryTargets,
} from '@go-delivery/plugin-delivery-common';
import { CoverageStore } from '../../../database/CoverageStore';
import { readBuiltImage } from '../../pipelines/builtImage';
import { EnvironmentApplication } from '../environments';
import { DEFAULT_SOAK_MINUTES } from '../promotionConfig';
import { coverageGate } from './coverageGate';
import { errorBudgetGate } from './errorBudgetGate';
import { findImageBuild } from './imageBuild';
import { pipelineGate } from './pipelineGate';
import { soakGate, sourceHealthyGate } from './sourceGates';

const DIGEST = `sha256:${'81e0'.repeat(16)}`;
const COMMIT = '5758e8ff42879ea60bcbfc54a594e32fc54b09e3';
const image = {
  name: 'ghcr.io/example-org/payments-api',
  reference: `ghcr.io/example-org/payments-api:1.8.0@${DIGEST}`,
  tag: '1.8.0',
  digest: DIGEST,
};

function targets(annotations: Record<string, string>) {
  return readDeliveryTargets({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default', annotations },
  });
}
const withPipelines = targets({
  'tekton.dev/cicd': 'true',
  'backstage.io/code-coverage': 'enabled',
  'backstage.io/kubernetes-id': 'payments-api',
});

function run(overrides: Partial<PipelineRunView>): PipelineRunView {
  return {
    cluster: 'ci',
    namespace: 'payments',
    name: 'payments-api-ci-7xk2p',
    status: 'succeeded',
    cancellable: false,
    taskRuns: [],
    skippedTasks: [],
    ...overrides,
  };
}
const runs =
  (...list: PipelineRunView[]) =>
  async (): Promise<PipelineRunsResponse> => ({
    runs: list,
    failures: [],
    clusters: ['ci'],
  });

function application(
  environment: string,
  status: Record<string, unknown>,
): EnvironmentApplication {
  return {
    environment,
    ref: { instance: 'staging', application: `payments-api-${environment}` },
    client: { name: 'staging' } as any,
    app: {
      metadata: { name: `payments-api-${environment}` },
      status: status as any,
    },
  };
}

describe('the run behind an image', () => {
  it('reads IMAGE_URL and IMAGE_DIGEST results of v1 and v1beta1 runs, and nothing that is not one', () => {
    expect(
      readBuiltImage({
        status: {
          results: [
            {
              name: 'IMAGE_URL',
              value: 'ghcr.io/example-org/payments-api:1.8.0',
            },
            { name: 'IMAGE_DIGEST', value: DIGEST },
          ],
        },
      }),
    ).toEqual({
      url: 'ghcr.io/example-org/payments-api:1.8.0',
      digest: DIGEST,
    });
    expect(
      readBuiltImage({
        status: { pipelineResults: [{ name: 'IMAGE_DIGEST', value: DIGEST }] },
      }),
    ).toEqual({ digest: DIGEST });
    expect(
      readBuiltImage({
        status: {
          results: [
            { name: 'IMAGE_DIGEST', value: 'sha256:short' },
            { name: 'IMAGE_URL', value: 'not an image; rm -rf /' },
          ],
        },
      }),
    ).toBeUndefined();
  });

  it('finds the run by the digest it pushed, else by the commit the tag names', async () => {
    const pushed = run({ image: { digest: DIGEST }, commit: COMMIT });
    const other = run({
      name: 'payments-api-ci-m4n8q',
      commit: 'a'.repeat(40),
    });
    expect(
      await findImageBuild({
        targets: withPipelines,
        image,
        runs: runs(other, pushed),
      }),
    ).toEqual({ run: pushed, commit: COMMIT, searched: 2, unread: [] });
    const byTag = await findImageBuild({
      targets: withPipelines,
      image: { ...image, tag: COMMIT.slice(0, 12), digest: undefined },
      runs: runs(other, run({ commit: COMMIT })),
    });
    expect(byTag.run?.commit).toBe(COMMIT);
    expect(byTag.commit).toBe(COMMIT.slice(0, 12));
  });
});

describe('pipeline gate', () => {
  it('is open when the run that pushed the image succeeded, shut when it failed', async () => {
    const pushed = run({ image: { digest: DIGEST }, commit: COMMIT });
    const build = await findImageBuild({
      targets: withPipelines,
      image,
      runs: runs(pushed),
    });
    expect(pipelineGate({ targets: withPipelines, image, build })).toEqual({
      id: 'pipeline',
      title: 'Pipeline succeeded',
      state: 'open',
      reason: `Run payments-api-ci-7xk2p of commit 5758e8f built ${image.reference} and succeeded`,
    });
    const failed = await findImageBuild({
      targets: withPipelines,
      image,
      runs: runs({ ...pushed, status: 'failed', reason: 'Failed' }),
    });
    expect(
      pipelineGate({ targets: withPipelines, image, build: failed }),
    ).toMatchObject({
      state: 'shut',
      reason: expect.stringMatching(/is failed \(Failed\)$/),
    });
  });

  it('is unknown when no run pushed the image, and skipped without pipelines', async () => {
    const build = await findImageBuild({
      targets: withPipelines,
      image,
      runs: runs(run({})),
    });
    expect(
      pipelineGate({ targets: withPipelines, image, build }),
    ).toMatchObject({
      state: 'unknown',
      reason: `None of the 1 newest pipeline runs pushed ${DIGEST.slice(
        0,
        19,
      )}`,
    });
    const plain = targets({});
    expect(
      pipelineGate({
        targets: plain,
        image,
        build: await findImageBuild({ targets: plain, image, runs: runs() }),
      }).state,
    ).toBe('skipped');
  });
});

describe('coverage gate', () => {
  const store = (covered: number, total: number) =>
    ({
      findByCommit: jest.fn(async ({ commit }: { commit: string }) =>
        commit === COMMIT ? { commit, covered, total } : undefined,
      ),
    } as unknown as CoverageStore);
  const build = { commit: COMMIT, searched: 1, unread: [] };

  it('compares the report of the image’s commit with the threshold, exactly', async () => {
    expect(
      await coverageGate({
        targets: withPipelines,
        image,
        build,
        store: store(82, 100),
        defaultThreshold: 80,
      }),
    ).toMatchObject({
      state: 'open',
      reason: 'Commit 5758e8f: 82 % covered; threshold 80 % (default)',
    });
    expect(
      (
        await coverageGate({
          targets: withPipelines,
          image,
          build,
          store: store(7999, 10000),
          defaultThreshold: 80,
        })
      ).state,
    ).toBe('shut');
  });

  it('is unknown without a report or a commit, skipped without coverage', async () => {
    expect(
      await coverageGate({
        targets: withPipelines,
        image,
        build: { ...build, commit: 'b'.repeat(40) },
        store: store(1, 1),
        defaultThreshold: 80,
      }),
    ).toMatchObject({
      state: 'unknown',
      reason: 'No coverage report was uploaded for commit bbbbbbb',
    });
    expect(
      (
        await coverageGate({
          targets: withPipelines,
          image,
          build: { searched: 0, unread: [] },
          store: store(1, 1),
          defaultThreshold: 80,
        })
      ).state,
    ).toBe('unknown');
    expect(
      (
        await coverageGate({
          targets: targets({}),
          image,
          build,
          store: store(1, 1),
          defaultThreshold: 80,
        })
      ).state,
    ).toBe('skipped');
  });
});

describe('source gates', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');
  const deployed = (minutesAgo: number) => ({
    sync: { status: 'Synced' },
    health: { status: 'Healthy' },
    history: [
      { id: 1, deployedAt: new Date(now - 600 * 60_000).toISOString() },
      { id: 2, deployedAt: new Date(now - minutesAgo * 60_000).toISOString() },
    ],
  });
  const config = {
    soakMinutes: DEFAULT_SOAK_MINUTES,
    soakMinutesByEnvironment: { staging: 180 },
    freezeWindows: [],
  };

  it('soaks the newest deploy for the target environment’s time', () => {
    const to = application('staging', {});
    expect(
      soakGate({ from: application('dev', deployed(61)), to, config, now }),
    ).toMatchObject({
      state: 'shut',
      reason:
        'dev has run its deploy for 1 h 1 min; 3 h required before staging',
    });
    expect(
      soakGate({
        from: application('staging', deployed(61)),
        to: application('prod', {}),
        config,
        now,
      }).state,
    ).toBe('open');
  });

  it('wants the source synced, healthy and idle', () => {
    expect(sourceHealthyGate(application('dev', deployed(5))).state).toBe(
      'open',
    );
    expect(
      sourceHealthyGate(
        application('dev', { ...deployed(5), health: { status: 'Degraded' } }),
      ),
    ).toMatchObject({
      state: 'shut',
      reason:
        'payments-api-dev is Synced and Degraded; it must be Synced and Healthy',
    });
    expect(
      sourceHealthyGate(
        application('dev', {
          ...deployed(5),
          operationState: { phase: 'Running' },
        }),
      ).state,
    ).toBe('shut');
  });
});

describe('error budget gate', () => {
  const slo = targets({ 'go-delivery.dev/slo-availability': '99.9' });
  const to = application('prod', {});
  const budget = (budgetRemaining: number | null) => ({
    budgetOf: jest.fn(async () => ({
      budget: {
        environment: 'prod',
        availability: {
          objective: 0.999,
          sli: 0.9995,
          budgetRemaining,
          burnRates: { '1h': 1, '6h': 1 },
          requests: 1000,
          status: 'healthy' as const,
        },
      },
    })),
  });

  it('shuts on a spent budget and opens with budget left; skipped without an objective', async () => {
    expect(
      await errorBudgetGate({ targets: slo, to, budgets: budget(-0.2) }),
    ).toMatchObject({
      state: 'shut',
      reason:
        'prod has spent its availability error budget over 30 days (-20.0 % left of 0.1 % allowed errors)',
    });
    expect(
      (await errorBudgetGate({ targets: slo, to, budgets: budget(0.4) }))
        .reason,
    ).toBe('40.0 % of the availability budget left over 30 days');
    expect(
      (await errorBudgetGate({ targets: targets({}), to, budgets: budget(1) }))
        .state,
    ).toBe('skipped');
  });

  it('is unknown when Prometheus cannot say', async () => {
    const down = {
      budgetOf: jest.fn(async () => ({
        failure: {
          kind: 'prometheus' as const,
          instance: 'default',
          reason: 'unreachable' as const,
          message: "Prometheus 'default' is unreachable",
        },
      })),
    };
    expect(
      await errorBudgetGate({ targets: slo, to, budgets: down }),
    ).toMatchObject({
      state: 'unknown',
      reason:
        "The error budget of prod could not be read: Prometheus 'default' is unreachable",
    });
  });
});
