import { mockServices } from '@backstage/backend-test-utils';
import { REFERENCE_DIR } from '@go-delivery/sandbox';
import {
  KubernetesApiError,
  KubernetesClient,
  KubernetesObject,
  KubernetesResourceType,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CachedLoader } from '../../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../../upstreams/InstanceRegistry';
import { KubernetesReads } from '../../upstreams/kubernetes/KubernetesReads';
import { PipelineRunsReader } from './PipelineRunsReader';
import { slimPipelineRun, slimTaskRun } from './slimResources';
import { PipelineRunResource, TaskRunResource } from './tektonTypes';
import { toPipelineRunView } from './toPipelineRunView';

/*
 * A real Konflux build, captured on a staging cluster and kept by konflux-ui as test data
 * (reference/SOURCES.md): the PipelineRun, its clair-scan TaskRun (the only place the scan is) and
 * its build-container TaskRun. They say `tekton.dev/v1` but carry v1beta1 field names
 * (`pipelineResults`, `taskResults`), and Tekton Chains signed the run. The facts are read the way
 * the reader reads them: slimmed as listed, then made into the run's view.
 */

const DIR = join(REFERENCE_DIR, 'examples', 'tekton');
const NOW = Date.parse('2023-08-01T00:00:00Z');
const DIGEST =
  'sha256:1d6da200c8ae98384a35bae37516d07b453dde85a91ff891ce57f3a99d420e6a';
const IMAGE =
  'quay.io/redhat-user-workloads-stage/test-ns/test-application/human-resources:3450decf7174f23304c8e523bc998526ef57e559';

const example = (file: string) =>
  parse(readFileSync(join(DIR, file), 'utf8')) as KubernetesObject;

const run = example('konflux-mockComponentDetails-pr.yaml');
const clairScan = example('konflux-mockComponentDetails-tr-clair-scan.yaml');
const buildContainer = example(
  'konflux-mockComponentDetails-tr-build-container.yaml',
);

/** What the backend derives from the capture: Clair's counts, from the TaskRun, and Chains. */
const FACTS = {
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
};

function view(taskRuns: KubernetesObject[]) {
  return toPipelineRunView({
    cluster: 'konflux',
    run: slimPipelineRun(run as PipelineRunResource),
    taskRuns: taskRuns.map(t => slimTaskRun(t as TaskRunResource)),
    now: NOW,
  });
}

describe('the supply-chain facts of the Konflux reference run', () => {
  it('are the capture with its warts: v1 apiVersion, v1beta1 result fields', () => {
    expect([run, clairScan, buildContainer].map(o => o.apiVersion)).toEqual([
      'tekton.dev/v1',
      'tekton.dev/v1',
      'tekton.dev/v1',
    ]);
    expect((run as any).status.results).toBeUndefined();
    expect((run as any).status.pipelineResults).toHaveLength(5);
    expect((clairScan as any).status.results).toBeUndefined();
    expect((clairScan as any).status.taskResults).toHaveLength(2);
  });

  it('give the image, the scan of the clair-scan TaskRun and Chains signing', () => {
    const result = view([clairScan, buildContainer]);
    expect(result.image).toEqual({ url: IMAGE, digest: DIGEST });
    expect(result.supplyChain).toEqual(FACTS);
    // Nothing in the capture is an SBOM reference or a signature check.
    expect(result.supplyChain?.sbom).toBeUndefined();
    expect(result.supplyChain?.signature).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.taskRuns.map(t => [t.pipelineTaskName, t.status])).toEqual([
      ['build-container', 'succeeded'],
      ['clair-scan', 'succeeded'],
    ]);
  });

  it('keep only the scan of a listed TaskRun, and the run its Chains mark', () => {
    expect(
      slimTaskRun(clairScan as TaskRunResource).status?.taskResults,
    ).toEqual([
      {
        name: 'CLAIR_SCAN_RESULT',
        type: 'string',
        value:
          '{"vulnerabilities":{"critical":0,"high":2,"medium":7,"low":3}}\n',
      },
    ]);
    // build-container's results (IMAGE_DIGEST, BASE_IMAGES_DIGESTS, …) are no scan.
    const slimBuild = slimTaskRun(buildContainer as TaskRunResource).status;
    expect(slimBuild?.taskResults).toBeUndefined();
    expect(slimBuild?.results).toBeUndefined();
    expect(
      slimPipelineRun(run as PipelineRunResource).metadata?.annotations?.[
        'chains.tekton.dev/signed'
      ],
    ).toBe('true');
  });

  it('without the TaskRuns: the image and Chains, but no scan (the run has none)', () => {
    expect(view([]).supplyChain).toEqual({ chains: { signed: true } });
    expect(view([buildContainer]).supplyChain).toEqual({
      chains: { signed: true },
    });
  });

  it('come out of the reader as a cluster serving the capture would give them', async () => {
    // The objects as captured, served by a cluster: listed by the component's label (Konflux
    // puts it on the run and its TaskRuns), read one by one when a child is not listed.
    const objects = [run, clairScan, buildContainer];
    const plural = (o: KubernetesObject) =>
      o.kind === 'PipelineRun' ? 'pipelineruns' : 'taskruns';
    const gets: string[] = [];
    const notFound = (name: string) =>
      new KubernetesApiError({
        cluster: 'konflux',
        reason: 'not-found',
        detail: `taskruns "${name}" not found`,
        status: 404,
        statusInfo: { details: { name } },
      });
    const client = {
      name: 'konflux',
      async list<T>(
        type: KubernetesResourceType,
        options: { namespace?: string; labelSelector?: string },
      ): Promise<T[]> {
        const [key, value, ...rest] = (options.labelSelector ?? '').split('=');
        if (rest.length > 0 || !key) throw new Error('selector not served');
        return objects
          .filter(
            o =>
              plural(o) === type.plural &&
              (!options.namespace ||
                o.metadata?.namespace === options.namespace) &&
              o.metadata?.labels?.[key] === value,
          )
          .map(o => structuredClone(o) as T);
      },
      async get<T>(
        type: KubernetesResourceType,
        ref: { namespace?: string; name: string },
      ): Promise<T> {
        gets.push(ref.name);
        const found = objects.find(
          o =>
            plural(o) === type.plural &&
            o.metadata?.namespace === ref.namespace &&
            o.metadata?.name === ref.name,
        );
        if (!found) throw notFound(ref.name);
        return structuredClone(found) as T;
      },
    } as unknown as KubernetesClient;
    const reader = new PipelineRunsReader({
      clusters: new InstanceRegistry('kubernetes', [client]),
      kubernetes: new KubernetesReads({
        loader: new CachedLoader({
          cache: mockServices.cache.mock(),
          ttlMs: 0,
          logger: mockServices.logger.mock(),
        }),
        slimmers: [
          [TEKTON_PIPELINE_RUNS, slimPipelineRun],
          [TEKTON_TASK_RUNS, slimTaskRun],
        ],
      }),
      maxRuns: 5,
      logLimitBytes: 1024,
      now: () => NOW,
    });

    const response = await reader.listRuns({
      labelSelector: 'appstudio.openshift.io/component=human-resources',
      namespace: 'test-ns',
    });

    expect(response.failures).toEqual([]);
    expect(response.runs).toHaveLength(1);
    const [listed] = response.runs;
    expect(listed.image).toEqual({ url: IMAGE, digest: DIGEST });
    expect(listed.supplyChain).toEqual(FACTS);
    expect(listed.taskRuns.map(t => t.name)).toEqual([
      'human-resources-on-push-z79cl-build-container',
      'human-resources-on-push-z79cl-clair-scan',
    ]);
    // The children dropped from the reference set were asked for and skipped quietly.
    expect(gets).toHaveLength(9);
    expect(gets).not.toContain('human-resources-on-push-z79cl-clair-scan');
  });
});
