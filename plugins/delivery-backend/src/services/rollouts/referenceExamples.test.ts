import { Entity } from '@backstage/catalog-model';
import {
  KubernetesApiServer,
  onlyProjects,
  REFERENCE_DIR,
} from '@go-delivery/sandbox';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readDeliveryTargets } from '@go-delivery/plugin-delivery-common';
import { ProductionTargets } from '../../actions/confirmation';
import { kubernetesUpstreams } from '../../__testUtils__/kubernetesUpstreams';
import { RolloutsReader } from './RolloutsReader';
import { promoteFullPatches, promotePatches } from './rolloutPatches';
import { toAnalysisRunView } from './toAnalysisRunView';
import { toRolloutView } from './toRolloutView';

/*
 * Every Argo Rollouts example under reference/examples/argo-rollouts, unmodified: captures from
 * 2019–2021 with old status shapes (a hash as observedGeneration, stableRS under status.canary,
 * integer pause durations, no status.phase) and unquoted timestamps. They are read the way
 * js-yaml reads them (YAML 1.1: unquoted timestamps become Date objects), and must all give a
 * sensible view without throwing.
 */

const DIR = join(REFERENCE_DIR, 'examples', 'argo-rollouts');
const files = readdirSync(DIR).sort();
const objects = files.flatMap(file =>
  parseAllDocuments(readFileSync(join(DIR, file), 'utf8'), {
    schema: 'yaml-1.1',
  }).map(d => ({ file, object: d.toJS() })),
);
const ofKind = (kind: string) =>
  objects.filter(o => o.object.kind === kind).map(o => o.object);
const rollouts = ofKind('Rollout');
const replicaSets = ofKind('ReplicaSet');
const analysisRuns = ofKind('AnalysisRun');

function viewOf(name: string) {
  const rollout = rollouts.find(r => r.metadata.name === name);
  return toRolloutView({
    cluster: 'ref',
    rollout,
    replicaSets,
    analysisRuns,
    confirmationRequired: false,
  });
}

describe('the Argo Rollouts reference examples', () => {
  it('are all there, and the unquoted timestamps did become Dates', () => {
    expect(files).toEqual([
      'argocd-health-healthy_executedAllSteps.yaml',
      'argocd-health-progressing_setWeightStep.yaml',
      'argocd-health-suspended_v1.0_pausedRollout.yaml',
      'argocd-health-terminatedAnalysisRun.yaml',
      'bluegreen-rollout.yaml',
      'canary-analysis.yaml',
      'canary-exp-analysis.yaml',
      'canary-rollout.yaml',
      'canary-rs.yaml',
      'rollout-aborted-analysisrun.yaml',
      'rollout-aborted-rollout.yaml',
      'rollout-experiment-analysis.yaml',
      'stable-rs.yaml',
    ]);
    expect(rollouts).toHaveLength(7);
    expect(analysisRuns).toHaveLength(4);
    const old = rollouts.find(
      r => r.metadata.name === 'example-rollout-canary',
    );
    expect(old.metadata.creationTimestamp).toBeInstanceOf(Date);
  });

  it('reads a completed canary without status.phase (hash observedGeneration) as Healthy', () => {
    const view = viewOf('guestbook-canary');
    expect(view).toMatchObject({
      strategy: 'canary',
      phase: 'Healthy',
      currentStepIndex: 4,
      totalSteps: 4,
      weights: { canary: 0, stable: 100, source: 'steps' },
      stableHash: '84ccfddd66',
      currentHash: '84ccfddd66',
      updating: false,
      paused: false,
      aborted: false,
      images: ['quay.io/argoprojlabs/argocd-e2e-container:0.1'],
      actions: {
        promote: false,
        promoteFull: false,
        abort: false,
        retry: false,
        undo: false,
      },
    });
    expect(view.steps.map(s => [s.description, s.state])).toEqual([
      ['set weight 20 %', 'done'],
      ['pause 30s', 'done'],
      ['set weight 40 %', 'done'],
      ['pause until promoted', 'done'],
    ]);
  });

  it('reads the 2019 shape: stableRS under status.canary, integer pauses, Date timestamps', () => {
    const view = viewOf('example-rollout-canary');
    expect(view).toMatchObject({
      phase: 'Progressing',
      message: 'more replicas need to be updated',
      revision: 2,
      currentStepIndex: 3,
      totalSteps: 4,
      // The last setWeight reached is 40 (step 2); step 3 is the pause.
      weights: { canary: 40, stable: 60, source: 'steps' },
      stableHash: 'df986d68',
      currentHash: '6b566f47b7',
      updating: true,
      replicas: { desired: 5, current: 5, updated: 2, ready: 5, available: 5 },
      actions: { promote: true, abort: true, retry: false },
    });
    expect(view.steps[1]).toEqual({
      index: 1,
      kind: 'pause',
      pauseDuration: '20s',
      description: 'pause 20s',
      state: 'done',
    });
    expect(view.steps[3].state).toBe('current');
  });

  it('takes status.phase and the pause condition of a v1.0 controller', () => {
    const view = viewOf('rollouts-demo');
    expect(view).toMatchObject({
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      totalSteps: 8,
      weights: { canary: 21, stable: 79 },
      paused: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startedAt: '2021-07-15T21:08:55Z' },
      ],
      stableHash: '77f4f8ff97',
      currentHash: '8566c77b97',
    });
  });

  it('reads a blue-green Rollout waiting for promotion', () => {
    const view = viewOf('bluegreen-demo');
    expect(view).toMatchObject({
      strategy: 'blueGreen',
      phase: 'Paused',
      message: 'BlueGreenPause',
      totalSteps: 0,
      steps: [],
      updating: true,
      paused: true,
      actions: { promote: true, promoteFull: true, abort: true },
    });
    expect(view.weights).toBeUndefined();
  });

  it('reads a stuck canary with its ReplicaSets and what undo would restore', () => {
    const view = viewOf('canary-demo');
    expect(view).toMatchObject({
      phase: 'Degraded',
      message:
        'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
      revision: 31,
      currentStepIndex: 0,
      weights: { canary: 20, stable: 80 },
      undoTarget: {
        revision: 30,
        replicaSet: 'canary-demo-877894d5b',
        images: ['argoproj/rollouts-demo:green'],
      },
      actions: { undo: true, abort: true },
    });
    expect(
      view.replicaSets.map(r => [r.name, r.role, r.revision, r.replicas]),
    ).toEqual([
      ['canary-demo-65fb5ffc84', 'canary', 31, 1],
      ['canary-demo-877894d5b', 'stable', 30, 5],
    ]);
  });

  it('reads an aborted Rollout with the AnalysisRun that aborted it', () => {
    const view = viewOf('rollout-background-analysis');
    expect(view).toMatchObject({
      phase: 'Degraded',
      message:
        'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
      aborted: true,
      abortedAt: '2020-09-22T09:10:05Z',
      weights: { canary: 0, stable: 100 },
      actions: { retry: true, abort: false, promote: false },
    });
    expect(view.analysisRuns).toEqual([
      {
        name: 'rollout-background-analysis-db976bc44-2',
        namespace: 'default',
        phase: 'Failed',
        message:
          'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
        type: 'Background',
        podHash: 'db976bc44',
        revision: 2,
        createdAt: '2020-09-22T09:10:04Z',
        startedAt: '2020-09-22T09:10:04Z',
        terminated: false,
        metrics: [
          {
            name: 'web',
            phase: 'Failed',
            provider: 'web',
            successCondition: 'result == "true"',
            count: 1,
            successful: 0,
            failed: 1,
            inconclusive: 0,
            error: 0,
            lastMeasurements: [
              {
                phase: 'Failed',
                value: 'false',
                startedAt: '2020-09-22T09:10:04Z',
                finishedAt: '2020-09-22T09:10:04Z',
              },
            ],
          },
        ],
      },
    ]);
  });

  it('reads a canary with an experiment step and an inconclusive background analysis', () => {
    const view = viewOf('rollout-experiment-analysis');
    expect(view.steps.map(s => [s.kind, s.state])).toEqual([
      ['setWeight', 'done'],
      ['experiment', 'current'],
    ]);
    expect(view.pauseConditions).toEqual([
      { reason: 'InconclusiveAnalysisRun', startedAt: '2019-10-30T16:13:40Z' },
    ]);
    const [run] = view.analysisRuns;
    expect(run).toMatchObject({ phase: 'Inconclusive', type: 'Background' });
    expect(run.startedAt).toBeUndefined();
    expect(run.metrics[0]).toMatchObject({
      name: 'random-fail',
      provider: 'job',
      failureLimit: '5',
      count: 8,
      successful: 4,
      failed: 4,
      inconclusive: 1,
      error: 1,
    });
    expect(run.metrics[0].lastMeasurements.map(m => m.phase)).toEqual([
      'Successful',
      'Failed',
      'Successful',
    ]);
  });

  it('reads AnalysisRuns owned by an Experiment or terminated early', () => {
    const byName = Object.fromEntries(
      analysisRuns.map(r => [r.metadata.name, toAnalysisRunView(r)]),
    );
    expect(byName['canary-demo-645d5dbc4c-2-0-stress-test']).toMatchObject({
      phase: 'Running',
      terminated: false,
      metrics: [
        {
          name: 'stress',
          phase: 'Running',
          count: 0,
          lastMeasurements: [
            { phase: 'Running', startedAt: '2019-11-07T22:38:22Z' },
          ],
        },
      ],
    });
    expect(byName['rollout-canary-ff68867ff-2-0']).toMatchObject({
      phase: 'Successful',
      message: 'run terminated',
      type: 'Step',
      stepIndex: 0,
      revision: 2,
      terminated: true,
      metrics: [{ name: 'sleep-job', message: 'metric terminated' }],
    });
  });

  it('computes the promote patches kubectl argo rollouts would send', () => {
    const named = (name: string) =>
      rollouts.find(r => r.metadata.name === name);
    // Paused at a pause step: clear the pause conditions.
    expect(promotePatches(named('rollouts-demo'))).toEqual({
      status: { status: { pauseConditions: null } },
      unified: { spec: { paused: false }, status: { pauseConditions: null } },
    });
    // Not paused, mid-way: move past the current step.
    expect(promotePatches(named('example-rollout-canary'))).toEqual({
      status: { status: { pauseConditions: null, currentStepIndex: 4 } },
      unified: {
        spec: { paused: false },
        status: { pauseConditions: null, currentStepIndex: 4 },
      },
    });
    // Completed: nothing to move, the index stays at the end.
    expect(promotePatches(named('guestbook-canary')).status).toEqual({
      status: { pauseConditions: null, currentStepIndex: 4 },
    });
    // Fully promoted already: promote-full has nothing to send but the fallback.
    expect(promoteFullPatches(named('guestbook-canary'))).toEqual({
      unified: { spec: { paused: false }, status: { promoteFull: true } },
    });
    expect(promoteFullPatches(named('canary-demo')).status).toEqual({
      status: { promoteFull: true },
    });
  });

  describe('served by a cluster and read through the service', () => {
    let cluster: KubernetesApiServer;

    beforeAll(async () => {
      // Only the Rollouts carry the entity's label; their ReplicaSets and AnalysisRuns are found
      // by owner, as in a real cluster.
      const served = objects.map(({ object }) => {
        const copy = structuredClone(object);
        if (copy.kind === 'Rollout') {
          copy.metadata.labels = {
            ...copy.metadata.labels,
            'backstage.io/kubernetes-id': 'examples',
          };
        }
        return copy;
      });
      cluster = await KubernetesApiServer.start({
        name: 'ref',
        fixtures: { objects: served, logs: {} },
        tokens: { t: { name: 'u', verbs: ['get', 'list'] } },
        crds: onlyProjects('argo-rollouts'),
      });
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('lists every Rollout with its details and no failure', async () => {
      const service = new RolloutsReader({
        ...kubernetesUpstreams({
          name: 'ref',
          url: cluster.url,
          caData: cluster.caData,
          token: 't',
        }),
        productionTargets: new ProductionTargets(),
      });
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'examples',
          annotations: { 'backstage.io/kubernetes-id': 'examples' },
        },
      };
      const response = await service.listRollouts(
        readDeliveryTargets(entity).kubernetes,
      );
      expect(response.failures).toEqual([]);
      expect(
        response.rollouts.map(r => [r.name, r.phase, r.analysisRuns.length]),
      ).toEqual([
        ['example-rollout-canary', 'Progressing', 0],
        ['guestbook-canary', 'Healthy', 0],
        ['rollout-background-analysis', 'Degraded', 1],
        ['bluegreen-demo', 'Paused', 0],
        ['canary-demo', 'Degraded', 0],
        ['rollout-experiment-analysis', 'Degraded', 1],
        ['rollouts-demo', 'Paused', 0],
      ]);
      const old = response.rollouts.find(r => r.name === 'canary-demo');
      expect(old?.undoTarget?.revision).toBe(30);
      expect(
        await service.hasCanary(readDeliveryTargets(entity).kubernetes),
      ).toBe(true);
      // Reads only, as the token's user, each answered.
      const requests = await cluster.requests();
      expect(requests[0]).toMatchObject({
        method: 'GET',
        path: '/apis/argoproj.io/v1alpha1/rollouts',
        query: { labelSelector: ['backstage.io/kubernetes-id=examples'] },
      });
      expect(
        new Set(requests.map(r => `${r.method} ${r.user} ${r.status}`)),
      ).toEqual(new Set(['GET u 200']));

      // Served as JSON, the Dates are strings again, and the uids and creation times are the
      // server's: otherwise the views are the ones read from the files …
      const comparable = (view: any) => ({
        ...view,
        uid: undefined,
        replicaSets: view.replicaSets.map((r: any) => ({
          ...r,
          createdAt: undefined,
        })),
        analysisRuns: view.analysisRuns.map((r: any) => ({
          ...r,
          createdAt: undefined,
        })),
      });
      const local = (name: string) =>
        comparable(JSON.parse(JSON.stringify(viewOf(name))));
      for (const view of response.rollouts) {
        if (view.name === 'example-rollout-canary') continue;
        expect(comparable(view)).toEqual(local(view.name));
      }
      // … but for the 2019 Rollout: the server prunes what today's Rollout CRD does not have,
      // and `status.canary.stableRS` (moved to `status.stableRS` in v0.6) is gone. Without its
      // stable hash, that Rollout no longer reads as an update in progress.
      const capture = rollouts.find(
        r => r.metadata.name === 'example-rollout-canary',
      );
      expect(capture.status.canary.stableRS).toBe('df986d68');
      const stored = await cluster.object(
        'argoproj.io/v1alpha1',
        'Rollout',
        'default',
        'example-rollout-canary',
      );
      expect(stored.status.canary).toEqual({});
      expect(stored.status.currentPodHash).toBe('6b566f47b7');
      const pruned = response.rollouts.find(
        r => r.name === 'example-rollout-canary',
      );
      expect(pruned).toMatchObject({
        phase: 'Progressing',
        message: 'more replicas need to be updated',
        currentHash: '6b566f47b7',
        updating: false,
        weights: { canary: 0, stable: 100, source: 'steps' },
        actions: { promote: false, promoteFull: false, abort: false },
      });
      expect(pruned?.stableHash).toBeUndefined();
    });
  });
});
