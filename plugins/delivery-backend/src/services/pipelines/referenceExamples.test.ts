import { Entity } from '@backstage/catalog-model';
import {
  KubernetesApiServer,
  onlyProjects,
  REFERENCE_DIR,
  servedAsTektonV1,
} from '@go-delivery/sandbox';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readDeliveryTargets } from '@go-delivery/plugin-delivery-common';
import { kubernetesUpstreams } from '../../__testUtils__/kubernetesUpstreams';
import { PipelineRunsReader } from './PipelineRunsReader';
import { readRevisionInfo } from './revisionInfo';
import { readSupplyChain } from './supplyChain';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import { toPipelineRunView, toTaskRunView } from './toPipelineRunView';

/*
 * Every Tekton example under reference/examples/tekton, unmodified: v1 captures, a v1beta1 JSON
 * array, an obsolete v1alpha1 run, files without apiVersion/kind, TaskRuns without spec or
 * labels, and a Konflux build whose v1 objects carry v1beta1 result fields. The reader must take
 * all of them without throwing and say something sensible.
 */

jest.setTimeout(120_000);

const DIR = join(REFERENCE_DIR, 'examples', 'tekton');
const NOW = Date.parse('2026-01-15T10:00:00Z');

function readExample(file: string): any[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  if (file.endsWith('.json')) {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  }
  return parseAllDocuments(text).map(d => d.toJS());
}

function isPipelineRun(object: any): boolean {
  if (object.kind) return object.kind === 'PipelineRun';
  return Boolean(
    object.spec?.pipelineRef ||
      object.spec?.pipelineSpec ||
      object.status?.childReferences,
  );
}

const files = readdirSync(DIR).sort();
const examples = files.flatMap(file =>
  readExample(file).map(object => ({ file, object })),
);

describe('the Tekton reference examples', () => {
  it('are all there', () => {
    expect(files).toEqual([
      'chains-pipelinerun-remote-resolver.json',
      'chains-taskrun1.json',
      'dashboard-pipelineRun.json',
      'dashboard-taskRuns.json',
      'konflux-mockComponentDetails-pr.yaml',
      'konflux-mockComponentDetails-tr-build-container.yaml',
      'konflux-mockComponentDetails-tr-clair-scan.yaml',
      'lighthouse-failed_single_task-pr.yaml',
      'lighthouse-failed_single_task-tr.yaml',
      'lighthouse-running_multiple_tasks-pr.yaml',
      'lighthouse-running_multiple_tasks-tr2.yaml',
      'lighthouse-successful_multiple_tasks-pr.yaml',
    ]);
    expect(examples).toHaveLength(14);
  });

  it('read as pipeline runs with the status of their Succeeded condition', () => {
    const runs = examples.filter(e => isPipelineRun(e.object));
    const views = runs.map(({ file, object }) => {
      const view = toPipelineRunView({
        cluster: 'ref',
        run: object,
        taskRuns: [],
        now: NOW,
      });
      return [file, view.status, view.reason, view.cancellable];
    });
    expect(views).toEqual([
      ['chains-pipelinerun-remote-resolver.json', 'running', 'Running', true],
      ['dashboard-pipelineRun.json', 'failed', 'Failed', false],
      ['konflux-mockComponentDetails-pr.yaml', 'succeeded', 'Completed', false],
      ['lighthouse-failed_single_task-pr.yaml', 'failed', 'Failed', false],
      ['lighthouse-running_multiple_tasks-pr.yaml', 'running', 'Running', true],
      [
        'lighthouse-successful_multiple_tasks-pr.yaml',
        'succeeded',
        'Succeeded',
        false,
      ],
    ]);
  });

  it('read as task runs with their steps', () => {
    const taskRuns = examples.filter(e => !isPipelineRun(e.object));
    const views = taskRuns.map(({ object }) => {
      const view = toTaskRunView(object as TaskRunResource, { now: NOW });
      return [
        view.name,
        view.status,
        view.steps.map(s => `${s.name}:${s.status}`).join(' '),
      ];
    });
    expect(views).toEqual([
      [
        'taskrun-build',
        'succeeded',
        'step1:unknown step2:unknown step3:unknown',
      ],
      [
        'demo-pipeline-run-6-build-skaffold-app-k4wxt',
        'failed',
        'build-and-push:failed create-dir-builtimage-wjkl9:succeeded git-source-skaffold-git-7vl6v:succeeded ' +
          'image-digest-exporter-z5xdt:succeeded',
      ],
      [
        'demo-pipeline-run-6-build-skaffold-web-pttsw',
        'failed',
        'build-and-push:failed create-dir-builtimage-5trjz:succeeded git-source-skaffold-git-gtn7g:succeeded ' +
          'image-digest-exporter-qsn2q:succeeded',
      ],
      [
        'demo-pipeline-run-6-skaffold-unit-tests-jgt8z',
        'succeeded',
        'run-tests:succeeded git-source-skaffold-git-lq4cr:succeeded',
      ],
      [
        'human-resources-on-push-z79cl-build-container',
        'succeeded',
        'build:succeeded sbom-syft-generate:succeeded analyse-dependencies-java-sbom:succeeded ' +
          'merge-syft-sboms:succeeded merge-cachi2-sbom:succeeded create-purl-sbom:succeeded ' +
          'inject-sbom-and-push:succeeded upload-sbom:succeeded',
      ],
      [
        'human-resources-on-push-z79cl-clair-scan',
        'succeeded',
        'get-vulnerabilities:succeeded conftest-vulnerabilities:succeeded test-format-result:succeeded',
      ],
      [
        'jenkins-x-charts-jx-build-templ-wbbx6-7-from-build-pack-zjcjs',
        'failed',
        'setup-builder-home:succeeded git-merge:succeeded build-build:failed git-source-jenkins-x-charts-jx-build-templ-wbbx6-67k4m:succeeded',
      ],
      [
        'jenkins-x-jx-pr-7463-boot-vault-9mbgb-17-e2e-tests-ds74m',
        'running',
        'setup-builder-home:succeeded boot-vault-e2e-tests:running generate-report:running clear-kubeconfig:running ' +
          'stashhtmlreport:running source-copy-workspace-7hpkx:succeeded create-dir-workspace-tncdr:succeeded',
      ],
    ]);
    const failedStep = toTaskRunView(
      examples.find(e => e.file === 'lighthouse-failed_single_task-tr.yaml')!
        .object,
      { now: NOW },
    ).steps.find(s => s.name === 'build-build');
    expect(failedStep).toMatchObject({
      status: 'failed',
      exitCode: 2,
      reason: 'Error',
      durationMs: 9000,
    });
  });

  it('find commit, branch and repository where Lighthouse writes them', () => {
    const run = examples.find(
      e => e.file === 'lighthouse-running_multiple_tasks-pr.yaml',
    )!.object;
    expect(readRevisionInfo(run as PipelineRunResource)).toEqual({
      commit: '8a3c5f595cdc3162e46390c72a5d22fb9c89d1df',
      branch: 'PR-7463',
      repositoryUrl: 'https://github.com/jenkins-x/jx.git',
    });
  });

  /** The related sets of SOURCES.md, each in a namespace of its own (two runs share a name). */
  const NAMESPACES: Record<string, string> = {
    'lighthouse-running_multiple_tasks-pr.yaml': 'lh-running',
    'lighthouse-running_multiple_tasks-tr2.yaml': 'lh-running',
    'lighthouse-failed_single_task-pr.yaml': 'lh-failed',
    'lighthouse-failed_single_task-tr.yaml': 'lh-failed',
    'lighthouse-successful_multiple_tasks-pr.yaml': 'lh-successful',
    'dashboard-pipelineRun.json': 'dashboard',
    'dashboard-taskRuns.json': 'dashboard',
    'chains-pipelinerun-remote-resolver.json': 'chains',
    'chains-taskrun1.json': 'chains',
    'konflux-mockComponentDetails-pr.yaml': 'konflux',
    'konflux-mockComponentDetails-tr-build-container.yaml': 'konflux',
    'konflux-mockComponentDetails-tr-clair-scan.yaml': 'konflux',
  };

  it('claim supply-chain facts only where they are: the Konflux run, with its clair-scan TaskRun', () => {
    const runs = examples.filter(e => isPipelineRun(e.object));
    const taskRunsOf = (file: string) =>
      examples
        .filter(
          e =>
            NAMESPACES[e.file] === NAMESPACES[file] && !isPipelineRun(e.object),
        )
        .map(e => e.object);
    expect(
      runs
        .map(({ file, object }) => [
          file,
          readSupplyChain(object, taskRunsOf(file)),
        ])
        .filter(([, supplyChain]) => supplyChain !== undefined),
    ).toEqual([
      [
        'konflux-mockComponentDetails-pr.yaml',
        {
          vulnerabilities: {
            critical: 0,
            high: 2,
            medium: 7,
            low: 3,
            total: 12,
            source: 'CLAIR_SCAN_RESULT',
            taskRun: 'human-resources-on-push-z79cl-clair-scan',
          },
          chains: { signed: true },
        },
      ],
    ]);
  });

  describe('served by a cluster and read through the service', () => {
    let server: KubernetesApiServer;
    let service: PipelineRunsReader;

    beforeAll(async () => {
      // As a cluster that serves tekton.dev/v1 would answer. Only the runs carry the entity's
      // label; the captured TaskRuns have none (Lighthouse's have no labels at all).
      const objects = examples.map(({ file, object }) => {
        const run = isPipelineRun(object);
        const copy = structuredClone(object);
        copy.apiVersion = 'tekton.dev/v1';
        copy.kind = run ? 'PipelineRun' : 'TaskRun';
        copy.metadata = { ...copy.metadata, namespace: NAMESPACES[file] };
        if (run) {
          copy.metadata.labels = {
            ...copy.metadata.labels,
            'backstage.io/kubernetes-id': 'examples',
          };
        } else if (copy.status && copy.status.podName === undefined) {
          // The v1 schema requires it (Tekton always writes it, empty before a pod exists); the
          // Lighthouse captures lack it and the real server refuses their status without it.
          copy.status.podName = '';
        }
        return copy;
      });
      // The Konflux run once more, as a cluster that stored it as v1beta1 serves it as v1: Tekton's
      // conversion moves the v1beta1 result lists to `results`. The sandbox's CI cluster serves
      // it so too.
      const converted = objects
        .filter(o => o.metadata.namespace === 'konflux')
        .map(o => {
          const copy = servedAsTektonV1(o);
          copy.metadata.namespace = 'konflux-v1';
          return copy;
        });
      server = await KubernetesApiServer.start({
        name: 'ref',
        fixtures: { objects: [...objects, ...converted], logs: {} },
        tokens: { t: { name: 'u' } },
        crds: onlyProjects('tekton'),
      });
      service = new PipelineRunsReader({
        ...kubernetesUpstreams({
          name: 'ref',
          url: server.url,
          token: 't',
          caData: server.caData,
        }),
        maxRuns: 20,
        logLimitBytes: 1024,
        now: () => NOW,
      });
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('lists every run with a sensible status and the task runs that exist', async () => {
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'examples',
          annotations: {
            'backstage.io/kubernetes-id': 'examples',
            'tekton.dev/cicd': 'true',
          },
        },
      };
      const response = await service.listRuns(
        readDeliveryTargets(entity).tekton,
      );
      expect(response.failures).toEqual([]);
      const byNamespace = Object.fromEntries(
        response.runs.map(r => [
          r.namespace,
          [
            r.status,
            r.taskRuns.map(t => `${t.name}:${t.status}:${t.steps.length}`),
          ],
        ]),
      );
      expect(byNamespace).toEqual({
        'lh-running': [
          'running',
          [
            'jenkins-x-jx-pr-7463-boot-vault-9mbgb-17-e2e-tests-ds74m:running:7',
          ],
        ],
        'lh-failed': [
          'failed',
          [
            'jenkins-x-charts-jx-build-templ-wbbx6-7-from-build-pack-zjcjs:failed:4',
          ],
        ],
        'lh-successful': ['succeeded', []],
        dashboard: ['failed', []],
        chains: ['running', []],
        konflux: [
          'succeeded',
          [
            'human-resources-on-push-z79cl-build-container:succeeded:8',
            'human-resources-on-push-z79cl-clair-scan:succeeded:3',
          ],
        ],
        'konflux-v1': [
          'succeeded',
          [
            'human-resources-on-push-z79cl-build-container:succeeded:8',
            'human-resources-on-push-z79cl-clair-scan:succeeded:3',
          ],
        ],
      });
      // Newest first: by start time, else by creation time. The server stamps every run when it
      // is created (now, all within a second or two), so the captured start times order them and
      // the chains run, which never started, is the newest; the fake served it without a creation
      // time, last. Runs of the same name and start keep the order the server lists them in, by
      // storage key (`konflux-v1/…` before `konflux/…`).
      expect(response.runs.every(r => r.createdAt)).toBe(true);
      expect(response.runs.map(r => r.namespace)).toEqual([
        'chains',
        'konflux-v1',
        'konflux',
        'lh-running',
        'lh-successful',
        'lh-failed',
        'dashboard',
      ]);
      // The Konflux capture's v1beta1 result lists under a v1 apiVersion: the v1 schema has no
      // such fields and the server dropped them, so only Chains' mark remains. Served where v1
      // keeps them (`results`), the image and the Clair scan of the clair-scan TaskRun come back.
      const konflux = (namespace: string) =>
        response.runs.find(r => r.namespace === namespace)!;
      expect([
        konflux('konflux').image,
        konflux('konflux').supplyChain,
      ]).toEqual([undefined, { chains: { signed: true } }]);
      const run = await server.object(
        'tekton.dev/v1',
        'PipelineRun',
        'konflux',
        'human-resources-on-push-z79cl',
      );
      expect(run.status.pipelineResults).toBeUndefined();
      expect(run.status.results).toBeUndefined();
      expect(run.status.childReferences).toHaveLength(11);
      const clairScan = await server.object(
        'tekton.dev/v1',
        'TaskRun',
        'konflux',
        'human-resources-on-push-z79cl-clair-scan',
      );
      expect(clairScan.status.taskResults).toBeUndefined();
      expect(konflux('konflux-v1').image).toEqual({
        url: 'quay.io/redhat-user-workloads-stage/test-ns/test-application/human-resources:3450decf7174f23304c8e523bc998526ef57e559',
        digest:
          'sha256:1d6da200c8ae98384a35bae37516d07b453dde85a91ff891ce57f3a99d420e6a',
      });
      expect(konflux('konflux-v1').supplyChain).toEqual({
        vulnerabilities: {
          critical: 0,
          high: 2,
          medium: 7,
          low: 3,
          total: 12,
          source: 'CLAIR_SCAN_RESULT',
          taskRun: 'human-resources-on-push-z79cl-clair-scan',
        },
        chains: { signed: true },
      });
      // The unlabelled children were read one by one; the missing ones were skipped quietly.
      const reads = (await server.requests()).filter(r =>
        /\/taskruns\/[^/]+$/.test(r.path),
      );
      const child = (path: string) => path.split('/').slice(-3).join('/');
      expect(
        reads
          .filter(r => r.status === 200)
          .map(r => child(r.path))
          .sort(),
      ).toEqual([
        'konflux-v1/taskruns/human-resources-on-push-z79cl-build-container',
        'konflux-v1/taskruns/human-resources-on-push-z79cl-clair-scan',
        'konflux/taskruns/human-resources-on-push-z79cl-build-container',
        'konflux/taskruns/human-resources-on-push-z79cl-clair-scan',
        'lh-failed/taskruns/jenkins-x-charts-jx-build-templ-wbbx6-7-from-build-pack-zjcjs',
        'lh-running/taskruns/jenkins-x-jx-pr-7463-boot-vault-9mbgb-17-e2e-tests-ds74m',
      ]);
      expect(
        reads.filter(r => r.status !== 200).map(r => [child(r.path), r.status]),
      ).toEqual(
        expect.arrayContaining([
          ['chains/taskruns/build-push-gke-deploy-run-2-kaniko', 404],
          [
            'lh-successful/taskruns/jenkins-x-jx-pr-7463-boot-vault-9mbgb-17-e2e-tests-ds74m',
            404,
          ],
        ]),
      );
      expect(reads.every(r => r.status === 200 || r.status === 404)).toBe(true);
    });
  });
});
