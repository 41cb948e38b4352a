import {
  canaryServiceNames,
  GO_SERVICE_METRICS,
  KUBERNETES_ID_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { InputError } from '@backstage/errors';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile, GoServiceSpec } from '../types';
import { exampleSpec, SPEC_VARIANTS } from './__testUtils__/specs';
import { toolPath, writeToTempDir } from './__testUtils__/tools';
import { manifestProblems } from './__testUtils__/validateManifests';
import { ENVIRONMENT_PROFILES, generateGitOps, gitopsRoot } from '.';

// Parsed YAML: any shape, asserted field by field.
type K8s = any;

function documents(content: string): K8s[] {
  return parseAllDocuments(content).map(doc => doc.toJS());
}

function manifestsOf(files: GeneratedFile[]): K8s[] {
  return (
    files
      .filter(f => f.path.endsWith('.yaml'))
      .filter(f => !f.path.endsWith('/kustomization.yaml'))
      // A Prometheus rule file, not a Kubernetes object (sloRules.test.ts checks it with promtool).
      .filter(f => !f.path.includes('/monitoring/'))
      .flatMap(f => documents(f.content))
  );
}

function file(files: GeneratedFile[], path: string): GeneratedFile {
  const found = files.find(f => f.path === path);
  if (!found) throw new Error(`no ${path} in ${files.map(f => f.path)}`);
  return found;
}

function ofKind(objects: K8s[], kind: string): K8s[] {
  return objects.filter(o => o.kind === kind);
}

/** Pod templates of the workloads among the objects. */
function podTemplates(objects: K8s[]): any[] {
  return objects
    .filter(o => o.kind === 'Rollout' || o.kind === 'Deployment')
    .map(o => o.spec.template);
}

describe.each(SPEC_VARIANTS)('generateGitOps (%s)', (_label, spec) => {
  const files = generateGitOps(spec);
  const root = gitopsRoot(spec);
  const objects = manifestsOf(files);
  let tempDir: string;
  const built = new Map<string, K8s[]>();

  beforeAll(() => {
    tempDir = writeToTempDir(files, 'gitops-');
    const kustomize = toolPath('kustomize');
    for (const env of spec.environments) {
      const output = execFileSync(
        kustomize,
        ['build', join(tempDir, root, 'overlays', env)],
        { encoding: 'utf8' },
      );
      built.set(env, documents(output));
    }
  });
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  it('writes every file under the GitOps path', () => {
    expect(files.every(f => f.path.startsWith(`${root}/`))).toBe(true);
    expect(new Set(files.map(f => f.path)).size).toBe(files.length);
  });

  it('generates manifests that validate against the upstream schemas', () => {
    expect(objects.length).toBeGreaterThan(5);
    expect(manifestProblems(objects)).toEqual([]);
  });

  it('builds every overlay with kustomize into valid manifests', () => {
    for (const env of spec.environments) {
      const output = built.get(env)!;
      expect(manifestProblems(output)).toEqual([]);
      const namespace = `${spec.name}-${env}`;
      for (const object of output) {
        expect(object.metadata.labels?.[KUBERNETES_ID_ANNOTATION]).toBe(
          spec.name,
        );
        expect(object.metadata.labels?.environment).toBe(env);
      }
      const namespaces = output
        .filter(o => o.kind !== 'Namespace')
        .map(o => o.metadata.namespace);
      expect(new Set(namespaces)).toEqual(new Set([namespace]));
      expect(ofKind(output, 'Namespace').map(n => n.metadata.name)).toEqual([
        namespace,
      ]);
    }
  });

  it('sets each environment’s image, capacity and secrets in its overlay', () => {
    for (const env of spec.environments) {
      const output = built.get(env)!;
      const profile = ENVIRONMENT_PROFILES[env];
      const [template] = podTemplates(output);
      const [container] = template.spec.containers;
      expect(container.image).toBe(`${spec.imageRepository}:unreleased`);
      expect(container.resources).toEqual(profile.resources);
      const [hpa] = ofKind(output, 'HorizontalPodAutoscaler');
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([
        profile.minReplicas,
        profile.maxReplicas,
      ]);
      const [externalSecret] = ofKind(output, 'ExternalSecret');
      expect(externalSecret.spec.secretStoreRef).toEqual({
        kind: 'ClusterSecretStore',
        name: spec.secretStore,
      });
      expect(externalSecret.spec.dataFrom[0].extract.key).toBe(
        `${spec.name}/${env}`,
      );
      expect(container.envFrom[0].secretRef.name).toBe(
        externalSecret.spec.target.name,
      );
    }
  });

  it('labels every resource and pod template with the kubernetes id', () => {
    for (const object of objects) {
      expect(object.metadata.labels[KUBERNETES_ID_ANNOTATION]).toBe(spec.name);
    }
    for (const template of podTemplates(objects)) {
      expect(template.metadata.labels[KUBERNETES_ID_ANNOTATION]).toBe(
        spec.name,
      );
    }
  });

  it('probes, drains and locks down the container as the contract says', () => {
    const [template] = podTemplates(objects);
    const [container] = template.spec.containers;
    const { paths, portName, drain, env, runAsUser } = SERVICE_CONTRACT;
    expect(container.ports).toEqual([
      { name: portName, containerPort: spec.port, protocol: 'TCP' },
    ]);
    expect(container.livenessProbe.httpGet).toEqual({
      path: paths.liveness,
      port: portName,
    });
    expect(container.readinessProbe.httpGet).toEqual({
      path: paths.readiness,
      port: portName,
    });
    expect(container.startupProbe.httpGet.path).toBe(paths.liveness);
    expect(container.lifecycle.preStop).toEqual({
      sleep: { seconds: drain.preStopSleepSeconds },
    });
    expect(template.spec.terminationGracePeriodSeconds).toBe(
      drain.terminationGracePeriodSeconds,
    );
    expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      drain.preStopSleepSeconds + drain.shutdownTimeoutSeconds,
    );
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: env.port, value: String(spec.port) },
        {
          name: env.shutdownTimeout,
          value: `${drain.shutdownTimeoutSeconds}s`,
        },
      ]),
    );
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('has Prometheus scrape the Services that name the `service` label', () => {
    const services = ofKind(objects, 'Service');
    const { stable, canary } = canaryServiceNames(spec.name);
    expect(services.map(s => s.metadata.name)).toEqual(
      spec.canary ? [stable, canary] : [stable],
    );
    for (const service of services) {
      expect(service.metadata.annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(spec.port),
        'prometheus.io/path': SERVICE_CONTRACT.paths.metrics,
      });
      expect(service.spec.ports[0].targetPort).toBe(SERVICE_CONTRACT.portName);
    }
  });

  it('scales the workload with an HPA and protects it with a PDB', () => {
    const workload = objects.find(o =>
      ['Rollout', 'Deployment'].includes(o.kind),
    )!;
    expect(workload.spec.replicas).toBeUndefined();
    const [hpa] = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: workload.apiVersion,
      kind: workload.kind,
      name: workload.metadata.name,
    });
    const [pdb] = ofKind(objects, 'PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(
      workload.spec.selector.matchLabels,
    );
  });

  it('registers one Argo CD Application per environment', () => {
    const applications = ofKind(objects, 'Application');
    expect(applications.map(a => a.metadata.labels.environment)).toEqual(
      spec.environments,
    );
    for (const app of applications) {
      const env = app.metadata.labels.environment;
      expect(app.metadata.namespace).toBe(spec.argocd.namespace);
      expect(app.metadata.finalizers).toEqual([
        'resources-finalizer.argocd.argoproj.io',
      ]);
      expect(app.metadata.labels['app.kubernetes.io/part-of']).toBe(spec.name);
      expect(app.spec.project).toBe(spec.argocd.project);
      expect(app.spec.destination).toEqual({
        server: spec.argocd.destinationServer,
        namespace: `${spec.name}-${env}`,
      });
      expect(app.spec.source.repoURL).toBe(spec.gitopsRepoUrl);
      expect(
        files.some(
          f => f.path === `${app.spec.source.path}/kustomization.yaml`,
        ),
      ).toBe(true);
      expect(app.spec.revisionHistoryLimit).toBeGreaterThan(0);
    }
    // Automated sync with prune and self-heal everywhere but prod, where a person syncs.
    expect(
      applications.map(a => [
        a.metadata.labels.environment,
        a.spec.syncPolicy.automated,
      ]),
    ).toEqual(
      spec.environments.map(env => [
        env,
        env === 'prod' ? undefined : { prune: true, selfHeal: true },
      ]),
    );
  });

  it('explains the sync policy, promotion and rollback in the README', () => {
    const readme = file(files, `${root}/README.md`).content;
    expect(readme).toContain(`${spec.imageRepository}:<commit>`);
    expect(readme.includes('prod has no automated sync on purpose')).toBe(
      spec.environments.includes('prod'),
    );
    expect(readme).toContain('## Rollback');
    for (const env of spec.environments) {
      expect(readme).toContain(`\`${spec.name}-${env}\``);
    }
  });
});

describe('the canary', () => {
  const spec = exampleSpec();
  const objects = manifestsOf(generateGitOps(spec));
  const [rollout] = ofKind(objects, 'Rollout');
  const [template] = ofKind(objects, 'AnalysisTemplate');
  const queries: string[] = template.spec.metrics.map(
    (m: any) => m.provider.prometheus.query,
  );

  it('rolls out in weighted steps with pauses up to 100 %', () => {
    const weights = rollout.spec.strategy.canary.steps
      .filter((s: any) => 'setWeight' in s)
      .map((s: any) => s.setWeight);
    expect(weights).toEqual([5, 20, 50, 100]);
    expect(
      rollout.spec.strategy.canary.steps.filter((s: any) => 'pause' in s),
    ).toHaveLength(3);
    expect(rollout.spec.strategy.canary).toMatchObject({
      canaryService: `${spec.name}-canary`,
      stableService: spec.name,
    });
    expect(ofKind(objects, 'Deployment')).toEqual([]);
  });

  it('analyses the canary Service in its own namespace in the background', () => {
    const { analysis } = rollout.spec.strategy.canary;
    expect(analysis.templates).toEqual([
      { templateName: template.metadata.name },
    ]);
    expect(analysis.args).toEqual([
      { name: 'service', value: canaryServiceNames(spec.name).canary },
      {
        name: 'namespace',
        valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
      },
    ]);
    expect(template.spec.args.map((a: any) => a.name)).toEqual([
      'service',
      'namespace',
    ]);
  });

  it('queries exactly the metric names the Go service exports', () => {
    const { requestDuration } = GO_SERVICE_METRICS;
    const metricNames = queries.flatMap(q =>
      [...q.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]),
    );
    expect(new Set(metricNames)).toEqual(
      new Set([`${requestDuration}_count`, `${requestDuration}_bucket`]),
    );
    const labelNames = queries.flatMap(q =>
      [...q.matchAll(/[{,]([a-zA-Z_]+)(=~|=|!=)"/g)].map(m => m[1]),
    );
    expect(new Set(labelNames)).toEqual(
      new Set([
        GO_SERVICE_METRICS.serviceLabel,
        'namespace',
        GO_SERVICE_METRICS.labels.code,
      ]),
    );
    for (const query of queries) {
      expect(query).toContain(
        `${GO_SERVICE_METRICS.serviceLabel}="{{args.service}}"`,
      );
    }
  });

  it('fails a canary whose error rate or p95 latency is too high', () => {
    expect(template.spec.metrics.map((m: any) => m.name)).toEqual([
      'error-rate',
      'p95-latency',
    ]);
    expect(queries[0]).toContain('code=~"5.."');
    expect(queries[1]).toContain('histogram_quantile(0.95');
    for (const metric of template.spec.metrics) {
      expect(metric.failureCondition).toMatch(/^result\[0\] > [\d.]+$/);
      expect(metric.failureLimit).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('checkDeliverySpec', () => {
  it.each<[string, Partial<GoServiceSpec>, RegExp]>([
    [
      'a name too long for its namespaces',
      { name: 'a'.repeat(60) },
      /shorten the name by 5/,
    ],
    ['no environment', { environments: [] }, /at least one environment/],
    [
      'a tagged image',
      { imageRepository: 'ghcr.io/org/app:1.0' },
      /imageRepository/,
    ],
    [
      'a gitopsPath leaving the repository',
      { gitopsPath: 'apps/../..' },
      /gitopsPath/,
    ],
    ['a threshold above 100', { coverageThreshold: 101 }, /coverageThreshold/],
    [
      'an availability objective of 100 %',
      { availabilityObjective: 100 },
      /availability objective 100/,
    ],
  ])('refuses %s', (_label, overrides, message) => {
    expect(() => generateGitOps(exampleSpec(overrides))).toThrow(InputError);
    expect(() => generateGitOps(exampleSpec(overrides))).toThrow(message);
  });

  it('is deterministic', () => {
    expect(generateGitOps(exampleSpec())).toEqual(
      generateGitOps(exampleSpec()),
    );
  });
});
