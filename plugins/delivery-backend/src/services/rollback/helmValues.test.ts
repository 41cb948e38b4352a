import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { commitAll, gitShow } from '@go-delivery/sandbox';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { asMultiSourceHelm } from '../../__testUtils__/argoCdFixtureVariants';
import { loadArgoCdFixtures, cloneFixtures } from '@go-delivery/sandbox';
import { planPromotion } from '../promotion/planPromotion';
import { readRollbackConfig } from './config';
import { GitopsRepositories } from './gitops/GitopsRepositories';
import {
  pinHelmValuesImage,
  readHelmValuesImages,
} from './gitops/helmValuesImages';
import {
  gitopsDestination,
  gitopsSource,
  planGitopsRollback,
} from './planGitopsRollback';

const IMAGE = 'ghcr.io/example-org/payments-api';
const GITOPS_URL = 'https://github.com/example-org/payments-api-gitops';
const DIGEST = `sha256:${'c'.repeat(64)}`;

/** A chart's values file for one environment, the way `image.repository`/`image.tag` pin it. */
function values(env: string, tag: string, digest?: string): string {
  return [
    `# payments-api in ${env}: the chart's values, CI pins the image.`,
    'replicaCount: 2',
    'image:',
    `  repository: ${IMAGE}`,
    '  # The tag of the deploy (quoted: 1.10 is not a number).',
    `  tag: "${tag}"`,
    ...(digest ? [`  digest: ${digest}`] : []),
    '  pullPolicy: IfNotPresent',
    'resources:',
    '  requests: {cpu: 250m, memory: 256Mi}',
    '',
  ].join('\n');
}

describe('Helm values files', () => {
  it('reads image.repository/tag/digest (with a registry split out) and pins only the lines that change', () => {
    const text = values('prod', '1.7.2', DIGEST);
    expect(readHelmValuesImages(text)).toEqual([
      { name: IMAGE, newTag: '1.7.2', digest: DIGEST },
    ]);
    expect(
      readHelmValuesImages(
        'image:\n  registry: ghcr.io\n  repository: example-org/payments-api\n  tag: v1\n',
      ),
    ).toEqual([{ name: IMAGE, newTag: 'v1' }]);
    expect(readHelmValuesImages('replicaCount: 1\n')).toEqual([]);

    const after = pinHelmValuesImage(text, { name: IMAGE, newTag: '1.10' });
    // Comments, order, flow maps and the other fields stay; the tag stays a string; the digest,
    // which the wanted image does not have, goes.
    expect(after).toBe(
      text
        .replace('tag: "1.7.2"', 'tag: "1.10"')
        .replace(`  digest: ${DIGEST}\n`, ''),
    );
    expect(parse(after).image.tag).toBe('1.10');
    expect(
      pinHelmValuesImage(values('prod', '1.7.2'), {
        name: IMAGE,
        newTag: '1.7.1',
        digest: DIGEST,
      }),
    ).toContain(
      `  tag: "1.7.1"\n  pullPolicy: IfNotPresent\n  digest: ${DIGEST}\n`,
    );
    expect(() =>
      pinHelmValuesImage(text, { name: 'ghcr.io/other/image', newTag: '1' }),
    ).toThrow(`the values file's image is ${IMAGE}, not ghcr.io/other/image`);
    expect(() =>
      pinHelmValuesImage(text, { name: IMAGE, newTag: 'a b' }),
    ).toThrow("'a b' is not a valid tag");
  });
});

/*
 * A real local GitOps repository holding values files, and Argo CD applications that render a
 * chart with them: multi-source (a chart of a Helm repository + `$values/…` from the GitOps
 * repository) and single source (a chart folder in the GitOps repository with its value files).
 */
describe('GitOps changes of Helm applications', () => {
  let tmp: string;
  let repo: string;
  let repositories: GitopsRepositories;
  const fixtures = loadArgoCdFixtures();
  const commits: Record<string, string> = {};

  function write(file: string, text: string) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), text);
  }

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'delivery-helm-'));
    repo = join(tmp, 'payments-gitops');
    mkdirSync(repo);
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], {
      cwd: repo,
    });
    execFileSync(
      'git',
      ['config', 'receive.denyCurrentBranch', 'updateInstead'],
      {
        cwd: repo,
      },
    );
    write(
      'charts/payments-api/Chart.yaml',
      'apiVersion: v2\nname: payments-api\nversion: 0.4.2\n',
    );
    write(
      'charts/payments-api/values.yaml',
      'image:\n  repository: ""\n  tag: ""\n',
    );
    write('envs/staging/values-staging.yaml', values('staging', '1.7.1'));
    write('charts/payments-api/values-prod.yaml', values('prod', '1.7.1'));
    commits.first = commitAll(repo, 'deploy 1.7.1', '2026-01-10T00:00:00Z');
    write(
      'envs/staging/values-staging.yaml',
      values('staging', '1.7.2', DIGEST),
    );
    commits.staging = commitAll(
      repo,
      'deploy 1.7.2 to staging',
      '2026-01-11T00:00:00Z',
    );
    write('charts/payments-api/values-prod.yaml', values('prod', '1.7.2'));
    commits.prod = commitAll(
      repo,
      'deploy 1.7.2 to prod',
      '2026-01-12T00:00:00Z',
    );
    const root = new ConfigReader({
      delivery: {
        rollback: {
          gitops: {
            local: {
              directory: join(tmp, 'published'),
              repositories: [{ url: GITOPS_URL, path: repo }],
            },
          },
        },
      },
    });
    repositories = new GitopsRepositories({
      config: readRollbackConfig(root).gitops,
      integrations: ScmIntegrations.fromConfig(root),
      logger: mockServices.logger.mock(),
    });
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** Staging as a multi-source application whose history ran `first`, then `staging`. */
  function stagingApp() {
    const app = cloneFixtures(fixtures.staging).applications[
      'payments-api-staging'
    ];
    app.spec.source.path = 'envs/staging';
    const history = app.status.history.slice(-2);
    history[0].revision = commits.first;
    history[1].revision = commits.staging;
    app.status.history = history;
    app.status.sync.revision = commits.staging;
    app.status.operationState.syncResult.revision = commits.staging;
    app.status.operationState.operation.sync.revision = commits.staging;
    return asMultiSourceHelm(app, {
      environment: 'staging',
      chartVersions: ['0.4.1', '0.4.2'],
    });
  }

  /** Prod as one source: the chart folder in the GitOps repository, its values file beside it. */
  function prodApp() {
    const app = cloneFixtures(fixtures.prod).applications['payments-api-prod'];
    app.spec.source = {
      repoURL: GITOPS_URL,
      path: 'charts/payments-api',
      targetRevision: 'main',
      helm: { valueFiles: ['values.yaml', 'values-prod.yaml'] },
    };
    return app;
  }

  it('finds the values file: after $values/ of the ref source, or beside the chart folder', () => {
    const staging = gitopsSource(repositories, stagingApp());
    expect(staging).toMatchObject({
      ok: true,
      valuesFile: 'envs/staging/values-staging.yaml',
      targetRevision: 'main',
    });
    expect(gitopsDestination(staging as any).file).toBe(
      'envs/staging/values-staging.yaml',
    );
    expect(gitopsSource(repositories, prodApp())).toMatchObject({
      ok: true,
      directory: 'charts/payments-api',
      valuesFile: 'charts/payments-api/values-prod.yaml',
    });
    const chartOnly = stagingApp();
    chartOnly.spec.sources[0].helm.valueFiles = ['values-staging.yaml'];
    expect(gitopsSource(repositories, chartOnly)).toEqual({
      ok: false,
      reason:
        'A multi-source application takes GitOps changes only in a Helm values file of a ref source ($<ref>/…)',
    });
  });

  it("rolls a multi-source application back by pinning the earlier tag in its values file, read at that deploy's GitOps commit", async () => {
    const app = stagingApp();
    const entry = app.status.history[0];
    expect(entry.revisions).toEqual(['0.4.1', commits.first]);
    const plan = await planGitopsRollback({
      repositories,
      app,
      entry,
      service: 'payments-api',
    });
    expect(plan.file).toBe('envs/staging/values-staging.yaml');
    expect(plan.from).toEqual({ name: IMAGE, newTag: '1.7.2', digest: DIGEST });
    expect(plan.to).toEqual({ name: IMAGE, newTag: '1.7.1' });
    expect(plan.before).toBe(
      gitShow(repo, 'main:envs/staging/values-staging.yaml'),
    );
    expect(plan.after).toBe(values('staging', '1.7.1'));
    expect(plan.diff).toContain('-  tag: "1.7.2"');
    expect(plan.diff).toContain('+  tag: "1.7.1"');
  });

  it('promotes staging (multi-source) to prod (chart folder): the image staging runs goes into values-prod.yaml', async () => {
    const from = stagingApp();
    const to = prodApp();
    const ref = (name: string) => ({ instance: 'x', application: name });
    const plan = await planPromotion({
      repositories,
      from: { app: from, environment: 'staging', ref: ref('staging') } as any,
      to: { app: to, environment: 'prod', ref: ref('prod') } as any,
      service: 'payments-api',
    });
    expect(plan.sourceRevision).toBe(commits.staging);
    expect(plan.file).toBe('charts/payments-api/values-prod.yaml');
    expect(plan.to).toEqual({ name: IMAGE, newTag: '1.7.2', digest: DIGEST });
    expect(plan.after).toBe(
      values('prod', '1.7.2').replace(
        '  pullPolicy: IfNotPresent\n',
        `  pullPolicy: IfNotPresent\n  digest: ${DIGEST}\n`,
      ),
    );
  });
});
