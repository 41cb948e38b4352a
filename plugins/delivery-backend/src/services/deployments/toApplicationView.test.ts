import {
  cloneFixtures,
  loadArgoCdFixtures,
  REFERENCE_DIR,
} from '@go-delivery/sandbox';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  asMultiSourceHelm,
  CREDENTIALS,
  HELM_CHART,
  ownedByApplicationSet,
  withCredentialedRepoUrl,
} from '../../__testUtils__/argoCdFixtureVariants';
import { summarizeResourceTree } from './summarizeResourceTree';
import { toApplicationView } from './toApplicationView';

const fixtures = loadArgoCdFixtures();
const webUrl = 'https://argocd.example.com';

/** Every Argo CD Application example from the reference data, as the upstream projects published them. */
function referenceExamples(): Array<[string, any]> {
  const dir = join(REFERENCE_DIR, 'examples', 'argo-cd');
  return readdirSync(dir)
    .sort()
    .flatMap(file => {
      const text = readFileSync(join(dir, file), 'utf8');
      const docs = file.endsWith('.json')
        ? [JSON.parse(text)]
        : parseAllDocuments(text).map(d => d.toJS());
      return docs
        .filter(doc => doc?.kind !== 'ApplicationSet')
        .map(doc => [file, doc] as [string, any]);
    });
}

describe('toApplicationView', () => {
  it('maps a manual-sync production app with history, newest first', () => {
    const view = toApplicationView({
      instance: 'prod',
      webUrl,
      app: fixtures.prod.applications['payments-api-prod'],
    });
    expect(view).toMatchObject({
      instance: 'prod',
      name: 'payments-api-prod',
      namespace: 'argocd',
      project: 'payments',
      webUrl:
        'https://argocd.example.com/applications/argocd/payments-api-prod',
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      autoSync: false,
      source: {
        repoURL: 'https://github.com/example-org/payments-api-gitops',
        path: 'overlays/prod',
        targetRevision: 'main',
      },
      operation: { phase: 'Succeeded', initiatedBy: 'alice' },
      images: ['ghcr.io/example-org/payments-api:1.7.2'],
    });
    expect(view.history.map(h => h.id)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(view.lastDeployedAt).toBe(view.history[0].deployedAt);
    expect(view.sync.revision).toBe(view.history[0].revision);
  });

  it('never carries the credentials a repoURL may hold, in the source or the history', () => {
    const view = toApplicationView({
      instance: 'prod',
      webUrl,
      app: withCredentialedRepoUrl(
        cloneFixtures(fixtures.prod).applications['payments-api-prod'],
      ),
    });
    const repoURL = 'https://github.com/example-org/payments-api-gitops';
    expect(view.source?.repoURL).toBe(repoURL);
    expect(view.history.map(h => h.source?.repoURL)).toEqual(
      Array(6).fill(repoURL),
    );
    expect(JSON.stringify(view)).not.toContain(CREDENTIALS);
    expect(JSON.stringify(view)).not.toContain('ci-bot');
  });

  it('maps a running sync and automated history', () => {
    const view = toApplicationView({
      instance: 'prod',
      webUrl,
      app: fixtures.prod.applications['orders-api-prod'],
    });
    expect(view.autoSync).toBe(true);
    expect(view.sync.status).toBe('OutOfSync');
    expect(view.operation).toMatchObject({
      phase: 'Running',
      initiatedBy: 'automated',
    });
    expect(view.operation?.finishedAt).toBeUndefined();
    expect(view.history.every(h => h.initiatedBy === 'automated')).toBe(true);
  });

  it('carries a failed operation and the sync error condition', () => {
    const view = toApplicationView({
      instance: 'prod',
      webUrl,
      app: fixtures.prod.applications['inventory-api-prod'],
    });
    expect(view.health.status).toBe('Degraded');
    expect(view.operation?.phase).toBe('Failed');
    expect(view.operation?.message).toContain('failed to apply');
    expect(view.conditions).toEqual([
      {
        type: 'SyncError',
        message: expect.stringContaining('Failed sync attempt'),
      },
    ]);
  });

  describe('a multi-source Helm application', () => {
    const app = () =>
      asMultiSourceHelm(
        cloneFixtures(fixtures.staging).applications['payments-api-staging'],
        { environment: 'staging', chartVersions: ['0.4.0', '0.4.1', '0.4.2'] },
      );
    const commit = '11499ad00d941156360112d8c7debbd473d1b827';

    it('shows each source with the revision it runs: the chart version, the GitOps commit', () => {
      const view = toApplicationView({
        instance: 'staging',
        webUrl,
        app: app(),
      });
      expect(view.sources).toEqual([
        {
          repoURL: HELM_CHART.repoURL,
          chart: 'go-service',
          targetRevision: '0.4.*',
          valueFiles: ['$values/overlays/staging/values-staging.yaml'],
          revision: '0.4.2',
        },
        {
          repoURL: 'https://github.com/example-org/payments-api-gitops',
          targetRevision: 'main',
          ref: 'values',
          revision: commit,
        },
      ]);
      expect(view.source).toEqual({
        repoURL: HELM_CHART.repoURL,
        chart: 'go-service',
        targetRevision: '0.4.*',
        valueFiles: ['$values/overlays/staging/values-staging.yaml'],
      });
    });

    it('has a revision wherever a single source has one: the per-source revisions joined', () => {
      const view = toApplicationView({
        instance: 'staging',
        webUrl,
        app: app(),
      });
      expect(view.sync).toEqual({
        status: 'Synced',
        revision: `0.4.2,${commit}`,
        revisions: ['0.4.2', commit],
      });
      expect(view.operation?.revision).toBe(`0.4.2,${commit}`);
      expect(view.history.every(h => h.revision?.includes(','))).toBe(true);
      expect(view.history[0].revision).toBe(view.sync.revision);
      expect(view.history[0].sources?.map(s => s.revision)).toEqual([
        '0.4.2',
        commit,
      ]);
      expect(view.history.at(-1)?.sources?.[0].revision).toBe('0.4.0');
    });
  });

  it('names the ApplicationSet that generated an application (its controlling owner)', () => {
    const app = ownedByApplicationSet(
      cloneFixtures(fixtures.prod).applications['payments-api-prod'],
      'payments-api-prod',
    );
    expect(
      toApplicationView({ instance: 'prod', webUrl, app }).applicationSet,
    ).toBe('payments-api-prod');
    expect(
      toApplicationView({
        instance: 'prod',
        webUrl,
        app: fixtures.prod.applications['payments-api-prod'],
      }).applicationSet,
    ).toBeUndefined();
  });

  it('treats automated.enabled=false as auto-sync off', () => {
    const app = JSON.parse(
      JSON.stringify(fixtures.staging.applications['payments-api-staging']),
    );
    expect(toApplicationView({ instance: 's', webUrl, app }).autoSync).toBe(
      true,
    );
    app.spec.syncPolicy.automated.enabled = false;
    expect(toApplicationView({ instance: 's', webUrl, app }).autoSync).toBe(
      false,
    );
  });

  describe('reads every reference example', () => {
    it.each(referenceExamples())('%s', (_file, app) => {
      const view = toApplicationView({ instance: 'ref', webUrl, app });
      expect(typeof view.sync.status).toBe('string');
      expect(typeof view.health.status).toBe('string');
      const times = view.history.flatMap(h =>
        h.deployedAt ? [h.deployedAt] : [],
      );
      expect(times.filter(t => Number.isNaN(Date.parse(t)))).toEqual([]);
      // The view model is plain JSON: it survives the cache and the wire unchanged.
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    });

    it('reads the multi-source reference example: each source, and the revisions its sync ran', () => {
      // Argo CD's controller test app: three Git sources, value files from the `values_test`
      // ref, and an operationState only (no sync, health or history).
      const [, app] = referenceExamples().find(
        ([f]) => f === 'argocd-appcontroller-test-fakeMultiSourceApp.yaml',
      )!;
      const view = toApplicationView({ instance: 'ref', webUrl, app });
      expect(view.sources).toEqual([
        {
          repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
          path: 'some/path',
          valueFiles: ['$values_test/values.yaml'],
        },
        {
          repoURL: 'https://github.com/argoproj/argocd-example-apps-fake.git',
          path: 'some/other/path',
        },
        {
          repoURL:
            'https://github.com/argoproj/argocd-example-apps-fake-ref.git',
          ref: 'values_test',
        },
      ]);
      expect(view.sync).toEqual({ status: 'Unknown' });
      expect(view.operation).toMatchObject({ phase: 'Succeeded' });
    });

    it('copes with the smallest Application (no metadata, no spec, no sync)', () => {
      const [, app] = referenceExamples().find(
        ([f]) => f === 'application-degraded.yaml',
      )!;
      expect(toApplicationView({ instance: 'ref', webUrl, app })).toEqual({
        instance: 'ref',
        name: '(unnamed)',
        webUrl: undefined,
        sync: { status: 'Unknown' },
        health: { status: 'Degraded' },
        autoSync: false,
        history: [],
        conditions: [],
        images: [],
      });
    });

    it('keeps history entries that carry only deployedAt', () => {
      const [, app] = referenceExamples().find(
        ([f]) => f === 'gitops-backend-application2.yaml',
      )!;
      const view = toApplicationView({ instance: 'ref', webUrl, app });
      expect(view.sync.status).toBe('OutOfSync');
      expect(view.health.status).toBe('Unknown');
      expect(view.history).toEqual([
        { deployedAt: '2021-05-16T01:10:35Z' },
        { deployedAt: '2021-05-10T01:10:35Z' },
      ]);
    });

    it('reads the REST API answer (no apiVersion/kind, managedFields present)', () => {
      const [, app] = referenceExamples().find(
        ([f]) => f === 'roadie-applications-test-app.json',
      )!;
      const view = toApplicationView({ instance: 'ref', webUrl, app });
      expect(view.operation).toMatchObject({
        phase: 'Succeeded',
        initiatedBy: 'iain',
      });
      expect(view.history.map(h => h.id)).toEqual([1, 0]);
      expect(view.webUrl).toBe(
        'https://argocd.example.com/applications/argocd/test-app',
      );
    });

    it('reads ten history entries of an ApplicationSet-owned app', () => {
      const [, app] = referenceExamples().find(
        ([f]) => f === 'diff-cache.yaml',
      )!;
      const view = toApplicationView({ instance: 'ref', webUrl, app });
      expect(view.history.map(h => h.id)).toEqual([
        23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
      ]);
      expect(view.applicationSet).toBe('velero');
    });
  });

  it('accepts Date timestamps (YAML-sourced objects)', () => {
    const app = {
      metadata: { name: 'a' },
      status: {
        history: [{ id: 1, deployedAt: new Date('2020-01-02T03:04:05Z') }],
      },
    };
    expect(
      toApplicationView({ instance: 'x', webUrl, app }).history[0].deployedAt,
    ).toBe('2020-01-02T03:04:05.000Z');
  });
});

describe('summarizeResourceTree', () => {
  it('counts kinds and health and lists what is not healthy', () => {
    const summary = summarizeResourceTree(
      fixtures.prod.trees['inventory-api-prod'],
    );
    expect(summary.byKind).toMatchObject({ Deployment: 1, Pod: 2, Service: 1 });
    expect(summary.byHealth).toEqual({ Healthy: 4, Degraded: 4 });
    expect(summary.unhealthy.map(u => `${u.kind}/${u.name}`)).toEqual([
      'Deployment/inventory-api',
      'ReplicaSet/inventory-api-7d9f8c6b5',
      'Pod/inventory-api-7d9f8c6b5-ax0q',
      'Pod/inventory-api-7d9f8c6b5-bx1q',
    ]);
    expect(summary.unhealthy[2].message).toContain('CrashLoopBackOff');
    expect(summary.total).toBe(11);
  });

  it('handles an empty tree', () => {
    expect(summarizeResourceTree({ nodes: null })).toEqual({
      total: 0,
      byKind: {},
      byHealth: {},
      unhealthy: [],
    });
  });
});
