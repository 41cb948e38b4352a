import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneFixtures, loadArgoCdFixtures } from '../argocd/fixtures';
import { loadKubernetesFixtures } from '../kubernetes/fixtures';
import { git } from './git';
import {
  PAYMENTS_DIGESTS,
  PAYMENTS_ENVIRONMENTS,
  seedPaymentsGitops,
} from './seedPaymentsGitops';

describe('seedPaymentsGitops', () => {
  const fixtures = loadArgoCdFixtures();
  const instances = {
    prod: cloneFixtures(fixtures.prod),
    staging: cloneFixtures(fixtures.staging),
  };
  let dir: string;
  let path: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'payments-gitops-'));
    path = seedPaymentsGitops(instances, dir).path;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const app = (env: (typeof PAYMENTS_ENVIRONMENTS)[number]) =>
    instances[env.instance].applications[env.application];

  it('makes one commit per deploy, oldest first, each changing only its own overlay', () => {
    const log = git(path, ['log', '--reverse', '--format=%H %cI', 'main'])
      .trim()
      .split('\n')
      .map(line => {
        const [sha, date] = line.split(' ');
        const files = git(path, [
          'diff-tree',
          '--name-only',
          '-r',
          '--root',
          sha,
        ])
          .trim()
          .split('\n')
          .slice(1);
        return { sha, at: Date.parse(date), files };
      });
    const deploys = PAYMENTS_ENVIRONMENTS.flatMap(env =>
      app(env).status.history.map((h: any) => ({
        sha: h.revision,
        at: Date.parse(h.deployedAt),
        files: [`overlays/${env.environment}/kustomization.yaml`],
      })),
    ).sort((a, b) => a.at - b.at);
    // The first commit also adds the README.
    expect(log[0].files).toEqual(['README.md', ...deploys[0].files]);
    expect(log.slice(1)).toEqual(deploys.slice(1));
    expect(log[0].sha).toBe(deploys[0].sha);
  });

  it("pins each deploy's tag in its environment's overlay, with its namespace and label", () => {
    const overlayAt = (revision: string, environment: string) =>
      git(path, [
        'show',
        `${revision}:overlays/${environment}/kustomization.yaml`,
      ]);
    for (const env of PAYMENTS_ENVIRONMENTS) {
      const { history } = app(env).status;
      history.forEach((entry: any, i: number) => {
        const text = overlayAt(entry.revision, env.environment);
        expect(text).toContain(`newTag: "${env.releases[i]}"`);
        expect(text).toContain(`namespace: ${env.namespace}\n`);
        expect(text).toContain(`environment: ${env.environment}\n`);
      });
      const head = history[history.length - 1].revision;
      expect(app(env).status.sync.revision).toBe(head);
      expect(app(env).status.operationState.syncResult.revision).toBe(head);
    }
  });

  it('pins the digest of the run that built 1.8.0 in dev and staging, and 1.9.0 in dev; no digest in prod', () => {
    const digestAt = (revision: string, environment: string) =>
      /^ {4}digest: (\S+)$/m.exec(
        git(path, [
          'show',
          `${revision}:overlays/${environment}/kustomization.yaml`,
        ]),
      )?.[1];
    const pinned = PAYMENTS_ENVIRONMENTS.flatMap(env =>
      app(env)
        .status.history.map((entry: any, i: number) => [
          env.environment,
          env.releases[i],
          digestAt(entry.revision, env.environment),
        ])
        .filter(([, , digest]: string[]) => digest),
    );
    expect(pinned).toEqual([
      ['dev', '1.8.0', PAYMENTS_DIGESTS.dev['1.8.0']],
      ['dev', '1.9.0', PAYMENTS_DIGESTS.dev['1.9.0']],
      ['staging', '1.8.0', PAYMENTS_DIGESTS.dev['1.8.0']],
    ]);
    expect(PAYMENTS_DIGESTS.dev['1.9.0']).not.toBe(
      PAYMENTS_DIGESTS.dev['1.8.0'],
    );

    // The CI cluster's runs of payments-api: the succeeded one pushed 1.8.0, none pushed 1.9.0.
    const pushed = loadKubernetesFixtures()
      .ci.objects.filter(
        o =>
          o.kind === 'PipelineRun' &&
          o.metadata.labels['backstage.io/kubernetes-id'] === 'payments-api' &&
          o.status.results,
      )
      .map(run => ({
        name: run.metadata.name,
        status: run.status.conditions[0].status,
        results: Object.fromEntries(
          run.status.results.map((r: any) => [r.name, r.value]),
        ),
      }));
    expect(pushed).toEqual([
      {
        name: 'payments-api-ci-7xk2p',
        status: 'True',
        results: {
          IMAGE_URL: 'ghcr.io/example-org/payments-api:1.8.0',
          IMAGE_DIGEST: PAYMENTS_DIGESTS.staging['1.8.0'],
          // The supply-chain results of the generated pipeline: a clean scan, the SBOM, a signature.
          SCAN_OUTPUT: expect.stringContaining('"total":0'),
          SBOM_URI: `ghcr.io/example-org/payments-api@${PAYMENTS_DIGESTS.staging['1.8.0']}`,
          SBOM_PREDICATE_TYPE: 'https://spdx.dev/Document',
          SIGNATURE_VERIFIED: 'true',
        },
      },
    ]);
  });

  it('has dev newest of all, about two days after staging, with prod unchanged', () => {
    const newest = (env: (typeof PAYMENTS_ENVIRONMENTS)[number]) =>
      Date.parse(app(env).status.history.at(-1).deployedAt);
    const [dev, staging, prod] = PAYMENTS_ENVIRONMENTS;
    expect(newest(dev) - newest(staging)).toBeGreaterThanOrEqual(4 * 3600_000);
    expect(newest(dev)).toBeGreaterThan(newest(prod));
    expect(app(prod).status.history).toHaveLength(6);
    expect(prod.releases[3]).toBe('1.7.0');
  });
});
