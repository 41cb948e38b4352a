import { Entity } from '@backstage/catalog-model';
import { REFERENCE_DIR } from '@go-delivery/sandbox';
import { FakeKubernetes } from '@go-delivery/sandbox/src/kubernetes';
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
 * array, an obsolete v1alpha1 run, files without apiVersion/kind and TaskRuns without spec or
 * labels. The reader must take all of them without throwing and say something sensible.
 */

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
      'lighthouse-failed_single_task-pr.yaml',
      'lighthouse-failed_single_task-tr.yaml',
      'lighthouse-running_multiple_tasks-pr.yaml',
      'lighthouse-running_multiple_tasks-tr2.yaml',
      'lighthouse-successful_multiple_tasks-pr.yaml',
    ]);
    expect(examples).toHaveLength(11);
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

  it('claim no supply-chain facts: none of these runs reports a scan, an SBOM or a signature', () => {
    const runs = examples.filter(e => isPipelineRun(e.object));
    expect(
      runs
        .map(({ file, object }) => [file, readSupplyChain(object)])
        .filter(([, supplyChain]) => supplyChain !== undefined),
    ).toEqual([]);
  });

  describe('served by a cluster and read through the service', () => {
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
    };
    let fake: FakeKubernetes;
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
        }
        return copy;
      });
      fake = await FakeKubernetes.start({
        name: 'ref',
        fixtures: { objects, logs: {} },
        tokens: { t: { name: 'u' } },
      });
      service = new PipelineRunsReader({
        ...kubernetesUpstreams({ name: 'ref', url: fake.url, token: 't' }),
        maxRuns: 20,
        logLimitBytes: 1024,
        now: () => NOW,
      });
    });

    afterAll(async () => {
      await fake.stop();
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
      });
      // Newest first, by creation time; the runs without one come last.
      expect(response.runs.map(r => r.namespace)).toEqual([
        'lh-running',
        'lh-successful',
        'lh-failed',
        'dashboard',
        'chains',
      ]);
      // The unlabelled children were read one by one; the missing ones were skipped quietly.
      expect(
        fake.requests
          .filter(r => /\/taskruns\/[^/]+$/.test(r.path))
          .map(r => r.path.split('/').pop()),
      ).toEqual(
        expect.arrayContaining([
          'jenkins-x-jx-pr-7463-boot-vault-9mbgb-17-e2e-tests-ds74m',
          'jenkins-x-charts-jx-build-templ-wbbx6-7-from-build-pack-zjcjs',
          'build-push-gke-deploy-run-2-kaniko',
        ]),
      );
    });
  });
});
