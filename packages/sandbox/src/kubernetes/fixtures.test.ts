import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadArgoCdFixtures } from '../argocd/fixtures';
import { REFERENCE_DIR } from '../paths';
import { CrdSchemaValidator } from '../schemas/crdSchemas';
import { KUBERNETES_FIXTURES_DIR, loadKubernetesFixtures } from './fixtures';
import { validateCoreObjects } from './validateCoreObjects';

const clusters = loadKubernetesFixtures();
const crds = new CrdSchemaValidator();
const all = Object.entries(clusters).flatMap(([cluster, f]) =>
  f.objects.map(o => ({ cluster, object: o })),
);
const label = (o: any) =>
  `${o.apiVersion} ${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`;
const customResources = all.filter(({ object }) => crds.knows(object));
const builtIns = all.filter(({ object }) => !crds.knows(object));

function byKind(cluster: string, kind: string): any[] {
  return clusters[cluster].objects.filter(o => o.kind === kind);
}

describe('Kubernetes fixtures', () => {
  it('has a CI cluster with pipeline runs of every demo service', () => {
    expect(Object.keys(clusters)).toContain('ci');
    const ids = new Set(
      byKind('ci', 'PipelineRun').map(
        r => r.metadata.labels['backstage.io/kubernetes-id'],
      ),
    );
    expect([...ids].sort()).toEqual([
      'inventory-api',
      'orders-api',
      'payments-api',
      'payments-db',
    ]);
  });

  it.each(
    customResources.map(({ cluster, object }) => [
      `${cluster}: ${label(object)}`,
      object,
    ]),
  )('%s validates against its CRD schema', (_, object) => {
    expect(crds.validate(object)).toEqual([]);
  });

  it("passes Tekton Pipelines' own validation (tools/tekton-check), every PipelineRun and TaskRun", () => {
    const dir = join(KUBERNETES_FIXTURES_DIR, 'ci');
    const files = readdirSync(dir)
      .filter(f => f.endsWith('.yaml'))
      .map(f => join(dir, f));
    // scripts/setup-tekton-check.sh builds it (scripts/test.sh runs that first).
    const tool = resolve(
      REFERENCE_DIR,
      '..',
      '..',
      '..',
      '.tools',
      'bin',
      'tekton-check',
    );
    const run = spawnSync(tool, files, { encoding: 'utf8' });
    const tekton =
      byKind('ci', 'PipelineRun').length + byKind('ci', 'TaskRun').length;
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`tekton-check: ${tekton} objects, 0 problems\n`);
    expect(run.status).toBe(0);
  });

  it('validates every built-in object with kubernetes-models', () => {
    expect(builtIns.length).toBeGreaterThan(0);
    const results = validateCoreObjects(builtIns.map(b => b.object));
    const failures = results
      .map((errors, i) => ({ object: label(builtIns[i].object), errors }))
      .filter(r => r.errors.length > 0);
    expect(failures).toEqual([]);
  });

  it('the kubernetes-models check is real: it rejects a wrongly typed Pod', () => {
    const pod = structuredClone(byKind('ci', 'Pod')[0]);
    pod.spec.containers[0].name = 42;
    pod.status.containerStatuses[0].restartCount = 'zero';
    const [errors] = validateCoreObjects([pod]);
    expect(errors.join('\n')).toMatch(/containers\/0\/name must be string/);
    expect(errors.join('\n')).toMatch(/restartCount must be integer/);
  });

  it('covers every state a pipeline run can end in', () => {
    const outcomes = byKind('ci', 'PipelineRun').map(r => {
      const c = r.status.conditions.find((x: any) => x.type === 'Succeeded');
      return `${c.status}/${c.reason}`;
    });
    for (const expected of [
      'True/Succeeded',
      'True/Completed',
      'False/Failed',
      'False/Cancelled',
      'False/PipelineRunTimeout',
      'Unknown/Running',
      'Unknown/PipelineRunPending',
    ]) {
      expect(outcomes).toContain(expected);
    }
  });

  it('links runs, task runs, pods and logs the way Tekton does', () => {
    for (const [cluster, f] of Object.entries(clusters)) {
      const taskRuns = new Map(
        byKind(cluster, 'TaskRun').map(t => [
          `${t.metadata.namespace}/${t.metadata.name}`,
          t,
        ]),
      );
      const pods = new Map(
        byKind(cluster, 'Pod').map(p => [
          `${p.metadata.namespace}/${p.metadata.name}`,
          p,
        ]),
      );
      for (const run of byKind(cluster, 'PipelineRun')) {
        for (const child of run.status.childReferences ?? []) {
          const taskRun = taskRuns.get(
            `${run.metadata.namespace}/${child.name}`,
          );
          expect(taskRun?.metadata.labels['tekton.dev/pipelineRun']).toBe(
            run.metadata.name,
          );
          expect(taskRun?.metadata.labels['tekton.dev/pipelineTask']).toBe(
            child.pipelineTaskName,
          );
          // Tekton propagates the run's labels, so the entity selector finds its task runs too.
          expect(taskRun?.metadata.labels['backstage.io/kubernetes-id']).toBe(
            run.metadata.labels['backstage.io/kubernetes-id'],
          );
          expect(taskRun?.metadata.ownerReferences[0].uid).toBe(
            run.metadata.uid,
          );
        }
      }
      const podOf = (taskRun: any) =>
        pods.get(`${taskRun.metadata.namespace}/${taskRun.status.podName}`);
      const cancelled = [...taskRuns.values()].filter(
        t => t.spec.status === 'TaskRunCancelled',
      );
      const ran = [...taskRuns.values()].filter(
        t => t.spec.status !== 'TaskRunCancelled',
      );
      // Tekton deletes the pod of a cancelled task run.
      expect(cancelled.map(podOf).filter(Boolean)).toEqual([]);
      for (const taskRun of ran) {
        expect(podOf(taskRun)?.spec.containers.map((c: any) => c.name)).toEqual(
          taskRun.status.steps.map((s: any) => s.container),
        );
      }
      for (const key of Object.keys(f.logs)) {
        const [namespace, podName, container] = key.split('/');
        const pod = pods.get(`${namespace}/${podName}`);
        expect(pod?.spec.containers.map((c: any) => c.name)).toContain(
          container,
        );
      }
    }
  });

  it('has a step log for the failing coverage gate', () => {
    expect(
      clusters.ci.logs[
        'payments/payments-api-ci-m4n8q-test-pod/step-coverage-gate'
      ],
    ).toContain('coverage 76.4% is below the threshold 80.0%');
  });
});

describe('Kubernetes fixtures of the prod cluster (Argo Rollouts)', () => {
  const argocd = loadArgoCdFixtures().prod;
  const rollout = (name: string) =>
    byKind('prod', 'Rollout').find(r => r.metadata.name === name);
  const ownedBy = (kind: string, owner: any) =>
    byKind('prod', kind).filter(o =>
      o.metadata.ownerReferences?.some(
        (ref: any) => ref.controller && ref.uid === owner.metadata.uid,
      ),
    );
  const hashOf = (rs: any) =>
    rs.metadata.labels['rollouts-pod-template-hash'] as string;

  it('has a Rollout for orders-api and payments-api, found by the entity label', () => {
    expect(
      byKind('prod', 'Rollout')
        .map(r => r.metadata.labels['backstage.io/kubernetes-id'])
        .sort(),
    ).toEqual(['orders-api', 'payments-api']);
  });

  it('links ReplicaSets and AnalysisRuns to their Rollout as the controller does', () => {
    for (const r of byKind('prod', 'Rollout')) {
      const replicaSets = ownedBy('ReplicaSet', r);
      const hashes = replicaSets.map(hashOf);
      expect(hashes).toContain(r.status.stableRS);
      expect(hashes).toContain(r.status.currentPodHash);
      for (const rs of replicaSets) {
        expect(rs.metadata.name).toBe(`${r.metadata.name}-${hashOf(rs)}`);
        expect(rs.spec.selector.matchLabels).toEqual({
          ...r.spec.selector.matchLabels,
          'rollouts-pod-template-hash': hashOf(rs),
        });
      }
      // The current ReplicaSet carries the Rollout's own template and revision.
      const current = replicaSets.find(
        rs => hashOf(rs) === r.status.currentPodHash,
      );
      const { ['rollouts-pod-template-hash']: _hash, ...labels } =
        current.spec.template.metadata.labels;
      expect({ ...current.spec.template, metadata: { labels } }).toEqual(
        r.spec.template,
      );
      expect(current.metadata.annotations['rollout.argoproj.io/revision']).toBe(
        r.metadata.annotations['rollout.argoproj.io/revision'],
      );
      for (const run of ownedBy('AnalysisRun', r)) {
        expect(hashes).toContain(
          run.metadata.labels['rollouts-pod-template-hash'],
        );
      }
    }
  });

  it('shows orders-api paused at step 1 of 5 with 20 % and its analysis running, started by the running prod sync', () => {
    const orders = rollout('orders-api');
    expect(orders.status.currentStepIndex).toBe(1);
    expect(orders.spec.strategy.canary.steps).toHaveLength(5);
    expect(orders.spec.strategy.canary.steps[0]).toEqual({ setWeight: 20 });
    expect(orders.status.pauseConditions[0].reason).toBe('CanaryPauseStep');
    const running = ownedBy('AnalysisRun', orders).filter(
      a => a.status.phase === 'Running',
    );
    expect(running.map(a => a.metadata.name)).toEqual([
      orders.status.canary.currentBackgroundAnalysisRunStatus.name,
    ]);
    const app = argocd.applications['orders-api-prod'];
    const syncStarted = Date.parse(app.status.operationState.startedAt);
    const canary = ownedBy('ReplicaSet', orders).find(
      rs => hashOf(rs) === orders.status.currentPodHash,
    );
    expect(Date.parse(canary.metadata.creationTimestamp)).toBeGreaterThan(
      syncStarted,
    );
    const images = ownedBy('ReplicaSet', orders)
      .filter(rs => rs.spec.replicas > 0)
      .map(rs => rs.spec.template.spec.containers[0].image)
      .sort();
    expect(images).toEqual(app.status.summary.images);
  });

  it('shows payments-api fully promoted to the image of its newest prod deploy, with earlier revisions kept', () => {
    const payments = rollout('payments-api');
    expect(payments.status.stableRS).toBe(payments.status.currentPodHash);
    expect(payments.status.currentStepIndex).toBe(
      payments.spec.strategy.canary.steps.length,
    );
    const app = argocd.applications['payments-api-prod'];
    expect(payments.spec.template.spec.containers[0].image).toBe(
      app.status.summary.images[0],
    );
    const newestDeploy = app.status.history[app.status.history.length - 1];
    const current = ownedBy('ReplicaSet', payments).find(
      rs => hashOf(rs) === payments.status.currentPodHash,
    );
    const created = Date.parse(current.metadata.creationTimestamp);
    expect(created).toBeGreaterThanOrEqual(
      Date.parse(newestDeploy.deployStartedAt),
    );
    expect(created).toBeLessThanOrEqual(Date.parse(newestDeploy.deployedAt));
    expect(ownedBy('ReplicaSet', payments).length).toBeGreaterThanOrEqual(2);
  });
});
