import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { SERVICE_CONTRACT } from '../../contract';
import { autoDeployedEnvironments, gitopsRoot } from '../../gitops';
import { exampleSpec, SPEC_VARIANTS } from '../../gitops/__testUtils__/specs';
import {
  runTool,
  toolPath,
  writeToTempDir,
} from '../../gitops/__testUtils__/tools';
import { scriptInputs } from '../../gitops/__testUtils__/scripts';
import { manifestProblems } from '../../gitops/__testUtils__/validateManifests';
import type { GeneratedFile } from '../../types';
import { generateCi } from '..';

// Parsed YAML: any shape, asserted field by field.
type K8s = any;

function documents(content: string): K8s[] {
  return parseAllDocuments(content).map(doc => doc.toJS());
}

function manifests(files: GeneratedFile[]): K8s[] {
  return files
    .filter(f => f.path.endsWith('.yaml'))
    .filter(f => !f.path.endsWith('kustomization.yaml'))
    .flatMap(f => documents(f.content));
}

function one(objects: K8s[], kind: string): K8s {
  const found = objects.filter(o => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

/** `$(params.x)`, `$(tasks.t.results.r)`… references in any string of a value. */
function references(value: unknown, pattern: RegExp): string[][] {
  return [...(JSON.stringify(value) ?? '').matchAll(pattern)].map(m =>
    m.slice(1),
  );
}

const tektonVariants = SPEC_VARIANTS.filter(([, s]) => s.ci === 'tekton');

describe.each(tektonVariants)('the Tekton CI (%s)', (_label, spec) => {
  const files = generateCi(spec);
  const objects = manifests(files);
  const pipeline = one(objects, 'Pipeline');
  const tasks: K8s[] = pipeline.spec.tasks;
  const task = (name: string) => tasks.find(t => t.name === name);
  const deploys = autoDeployedEnvironments(spec).length > 0;

  it('keeps everything under .tekton/ as one kustomization', () => {
    expect(files.every(f => f.path.startsWith('.tekton/'))).toBe(true);
    expect(files.map(f => f.path)).toContain('.tekton/kustomization.yaml');
  });

  it('generates manifests that validate against the upstream schemas', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(
      [
        'ClusterRoleBinding',
        'EventListener',
        ...Array(5).fill('ExternalSecret'),
        'Namespace',
        'Pipeline',
        'RoleBinding',
        'ServiceAccount',
        'ServiceAccount',
        'TriggerBinding',
        'TriggerTemplate',
      ].sort(),
    );
    expect(manifestProblems(objects)).toEqual([]);
  });

  it('embeds task specs and a PipelineRun that validate too', () => {
    // The Pipeline CRD keeps embedded task specs unchecked; check each as a Task.
    const embedded = [
      ...tasks.map(t => ({
        apiVersion: 'tekton.dev/v1',
        kind: 'Task',
        metadata: { name: t.name },
        spec: t.taskSpec,
      })),
      ...one(objects, 'TriggerTemplate').spec.resourcetemplates,
    ];
    expect(manifestProblems(embedded)).toEqual([]);
  });

  it('passes Tekton Pipelines’ own validation, every variable substituted as a TaskRun would', () => {
    // tools/tekton-check: the webhook's strict decoding, defaults and validation, and the TaskRun
    // reconciler's substitutions over each embedded task (and the TriggerTemplate's PipelineRun).
    const dir = writeToTempDir(files, 'tekton-check-');
    try {
      const yamlFiles = files
        .map(f => join(dir, f.path))
        .filter(path => /\.ya?ml$/.test(path));
      const { status, output } = runTool('tekton-check', yamlFiles);
      expect(output).toMatch(/^tekton-check: \d+ objects, 0 problems$/m);
      expect(status).toBe(0);
      // The Pipeline and the PipelineRun of the TriggerTemplate were among them.
      expect(Number(/(\d+) objects/.exec(output)![1])).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds with kustomize into the CI namespace', () => {
    const dir = writeToTempDir(files, 'tekton-');
    try {
      const output = documents(
        execFileSync(toolPath('kustomize'), ['build', join(dir, '.tekton')], {
          encoding: 'utf8',
        }),
      );
      expect(manifestProblems(output)).toEqual([]);
      const clusterScoped = ['Namespace', 'ClusterRoleBinding'];
      const namespaces = output
        .filter(o => !clusterScoped.includes(o.kind))
        .map(o => o.metadata.namespace);
      expect(new Set(namespaces)).toEqual(new Set([`${spec.name}-ci`]));
      expect(
        new Set(output.map(o => o.metadata.labels[KUBERNETES_ID_ANNOTATION])),
      ).toEqual(new Set([spec.name]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the stages in order', () => {
    expect(tasks.map(t => [t.name, t.runAfter ?? []])).toEqual([
      ['clone', []],
      ['lint', ['clone']],
      ['test', ['clone']],
      ['vulnerability-scan', ['clone']],
      ['build-image', ['lint', 'test', 'vulnerability-scan']],
      ['sign-image', ['build-image']],
      ['sbom', ['build-image']],
      ...(deploys ? [['bump-gitops', ['sign-image', 'sbom']]] : []),
    ]);
    expect(pipeline.spec.results.map((r: K8s) => [r.name, r.value])).toEqual([
      ['IMAGE_URL', '$(tasks.build-image.results.IMAGE_URL)'],
      ['IMAGE_DIGEST', '$(tasks.build-image.results.IMAGE_DIGEST)'],
      ['SCAN_OUTPUT', '$(tasks.vulnerability-scan.results.SCAN_OUTPUT)'],
      ['SBOM_URI', '$(tasks.sbom.results.SBOM_URI)'],
      ['SBOM_PREDICATE_TYPE', '$(tasks.sbom.results.SBOM_PREDICATE_TYPE)'],
      ['SIGNATURE_VERIFIED', '$(tasks.sign-image.results.SIGNATURE_VERIFIED)'],
    ]);
  });

  it('wires every param, result and workspace it references', () => {
    const pipelineParams = pipeline.spec.params.map((p: K8s) => p.name);
    const pipelineWorkspaces = pipeline.spec.workspaces.map((w: K8s) => w.name);
    for (const t of tasks) {
      for (const [name] of references(t.params, /\$\(params\.([a-z-]+)\)/g)) {
        expect(pipelineParams).toContain(name);
      }
      for (const [from, result] of references(
        [t.params, t.when],
        /\$\(tasks\.([a-z-]+)\.results\.([A-Za-z_-]+)\)/g,
      )) {
        const producer = task(from);
        expect(producer.taskSpec.results.map((r: K8s) => r.name)).toContain(
          result,
        );
      }
      const declared = (t.taskSpec.params ?? []).map((p: K8s) => p.name);
      for (const [name] of references(t.taskSpec, /\$\(params\.([a-z-]+)\)/g)) {
        expect(declared).toContain(name);
      }
      const taskWorkspaces = (t.taskSpec.workspaces ?? []).map(
        (w: K8s) => w.name,
      );
      for (const [name] of references(
        t.taskSpec,
        /\$\(workspaces\.([a-z-]+)\.path\)/g,
      )) {
        expect(taskWorkspaces).toContain(name);
      }
      for (const binding of t.workspaces ?? []) {
        expect(pipelineWorkspaces).toContain(binding.workspace);
      }
    }
    for (const result of pipeline.spec.results) {
      const [[from, name]] = references(
        result.value,
        /\$\(tasks\.([a-z-]+)\.results\.([A-Za-z_-]+)\)/g,
      );
      expect(task(from).taskSpec.results.map((r: K8s) => r.name)).toContain(
        name,
      );
    }
  });

  it('gives every script step the variables its script reads', () => {
    for (const t of tasks) {
      const templateEnv = (t.taskSpec.stepTemplate?.env ?? []).map(
        (e: K8s) => e.name,
      );
      for (const step of t.taskSpec.steps) {
        if (!step.script) continue;
        const provided = [
          ...templateEnv,
          ...(step.env ?? []).map((e: K8s) => e.name),
        ];
        for (const variable of scriptInputs(step.script)) {
          expect([t.name, step.name, provided]).toEqual([
            t.name,
            step.name,
            expect.arrayContaining([variable]),
          ]);
        }
      }
    }
  });

  it('tests with the race detector, uploads coverage, then gates it', () => {
    const { steps } = task('test').taskSpec;
    expect(steps.map((s: K8s) => s.name)).toEqual([
      'go-test',
      'upload-coverage',
      'coverage-gate',
    ]);
    expect(steps[0].script).toContain(
      `go test -race -covermode=atomic -coverprofile=${SERVICE_CONTRACT.coverageProfile} ./...`,
    );
    expect(steps[1].onError).toBe('continue');
    expect(steps[1].script).toContain(SERVICE_CONTRACT.coverageUpload.path);
    expect(steps[1].env).toEqual(
      expect.arrayContaining([
        {
          name: 'PORTAL_TOKEN',
          valueFrom: {
            secretKeyRef: { name: `${spec.name}-portal-token`, key: 'token' },
          },
        },
      ]),
    );
    const threshold = pipeline.spec.params.find(
      (p: K8s) => p.name === 'coverage-threshold',
    );
    expect(threshold.default).toBe(String(spec.coverageThreshold));
    expect(steps[2].env).toEqual([
      { name: 'COVERAGE_THRESHOLD', value: '$(params.coverage-threshold)' },
    ]);
    const entity = pipeline.spec.params.find(
      (p: K8s) => p.name === 'entity-ref',
    );
    expect(entity.default).toBe(`component:default/${spec.name}`);
  });

  it('lints, scans, builds for two platforms, signs by digest and attests an SBOM', () => {
    const steps = (name: string) => task(name).taskSpec.steps;
    expect(steps('lint').map((s: K8s) => s.name)).toEqual([
      'go-modules',
      'golangci-lint',
    ]);
    expect(steps('vulnerability-scan')[0].script).toContain('govulncheck');
    const [build] = steps('build-image');
    expect(build.env).toEqual(
      expect.arrayContaining([
        { name: 'PLATFORMS', value: 'linux/amd64,linux/arm64' },
      ]),
    );
    const { dockerBuildArgs } = SERVICE_CONTRACT;
    for (const arg of Object.values(dockerBuildArgs)) {
      expect(build.script).toContain(`build-arg:${arg}=`);
    }
    const [sign] = steps('sign-image');
    expect(sign.args).toEqual(
      expect.arrayContaining(['sign', '$(params.image)@$(params.digest)']),
    );
    expect(task('sign-image').params).toEqual(
      expect.arrayContaining([
        { name: 'digest', value: '$(tasks.build-image.results.IMAGE_DIGEST)' },
      ]),
    );
    expect(steps('sbom').map((s: K8s) => s.args?.[0] ?? s.name)).toEqual([
      'scan',
      'attest',
      'sbom-result',
    ]);
    expect(
      steps('sign-image')[0].env.find(
        (e: K8s) => e.name === 'COSIGN_PRIVATE_KEY',
      ).valueFrom.secretKeyRef,
    ).toEqual({ name: `${spec.name}-cosign`, key: 'cosign.key' });
  });

  it('writes the supply-chain results: scan counts, SBOM reference, verified signature', () => {
    const steps = (name: string) => task(name).taskSpec.steps;
    const env = (step: K8s) =>
      Object.fromEntries(step.env.map((e: K8s) => [e.name, e.value]));
    const [scan] = steps('vulnerability-scan');
    expect(env(scan).RESULT_SCAN_OUTPUT).toBe('$(results.SCAN_OUTPUT.path)');
    expect(scan.script).toContain('"unknown":%d,"total":%d');

    const sbomResult = steps('sbom')[2];
    expect(env(sbomResult)).toEqual({
      IMAGE_BY_DIGEST: '$(params.image)@$(params.digest)',
      PREDICATE_TYPE: 'https://spdx.dev/Document',
      RESULT_SBOM_URI: '$(results.SBOM_URI.path)',
      RESULT_SBOM_PREDICATE_TYPE: '$(results.SBOM_PREDICATE_TYPE.path)',
    });

    expect(steps('sign-image').map((s: K8s) => s.name)).toEqual([
      'cosign-sign',
      'public-key',
      'cosign-verify',
      'signature-result',
    ]);
    const [, publicKey, verify, result] = steps('sign-image');
    expect(publicKey.args).toEqual([
      'public-key',
      '--key',
      'env://COSIGN_PRIVATE_KEY',
      '--outfile',
      '/cosign/cosign.pub',
    ]);
    expect(verify.args).toEqual([
      'verify',
      '--key',
      '/cosign/cosign.pub',
      '--output',
      'json',
      '$(params.image)@$(params.digest)',
    ]);
    expect(verify.onError).toBe('continue');
    expect(verify.env.map((e: K8s) => e.name)).toEqual(['DOCKER_CONFIG']);
    expect(env(result)).toEqual({
      VERIFY_EXIT_CODE_FILE: '$(steps.step-cosign-verify.exitCode.path)',
      RESULT_SIGNATURE_VERIFIED: '$(results.SIGNATURE_VERIFIED.path)',
    });
  });

  it('names only exit codes Tekton substitutes: step-<an earlier step of the same task>', () => {
    // Tekton replaces `steps.<container name>.exitCode.path`, the container name being "step-"
    // and the step's name (ApplyStepExitCodePath with pod.StepName); anything else stays as
    // written and the file it names does not exist.
    const exitCodes = tasks.flatMap(t =>
      t.taskSpec.steps.flatMap((step: K8s, index: number) =>
        [
          ...JSON.stringify(step).matchAll(
            /\$\(steps\.([^.)]+)\.exitCode\.path\)/g,
          ),
        ].map(([, container]) => ({
          container,
          earlier: t.taskSpec.steps
            .slice(0, index)
            .map((s: K8s) => `step-${s.name}`),
        })),
      ),
    );
    expect(exitCodes.length).toBeGreaterThan(0);
    for (const { container, earlier } of exitCodes) {
      expect(earlier).toContain(container);
    }
  });

  it('pins every image by tag', () => {
    const images = tasks.flatMap(t =>
      t.taskSpec.steps.map((s: K8s) => s.image as string),
    );
    for (const image of images) {
      expect(image).toMatch(
        /^[a-z0-9.-]+\/[a-z0-9/._-]+:v?\d+(\.\d+)*[a-z0-9.-]*$/,
      );
    }
  });

  if (deploys) {
    it('bumps the auto-deployed overlays, on main only', () => {
      const bump = task('bump-gitops');
      expect(bump.when).toEqual([
        { input: '$(params.branch)', operator: 'in', values: ['main'] },
      ]);
      const defaults = Object.fromEntries(
        pipeline.spec.params.map((p: K8s) => [p.name, p.default]),
      );
      expect(defaults['gitops-overlays']).toBe(
        autoDeployedEnvironments(spec).join(' '),
      );
      expect(defaults['gitops-overlays']).not.toContain('prod');
      expect(defaults['gitops-path']).toBe(gitopsRoot(spec));
      expect(defaults['gitops-repo-url']).toBe(spec.gitopsRepoUrl);
      expect(bump.taskSpec.steps[0].script).toContain(
        'kustomize edit set image',
      );
    });
  }

  it('starts a labelled PipelineRun on signed pushes to main', () => {
    const listener = one(objects, 'EventListener');
    const [trigger] = listener.spec.triggers;
    const [github, cel] = trigger.interceptors;
    expect(github.ref).toEqual({ name: 'github', kind: 'ClusterInterceptor' });
    expect(github.params).toEqual([
      {
        name: 'secretRef',
        value: {
          secretName: `${spec.name}-github-webhook`,
          secretKey: 'secret',
        },
      },
      { name: 'eventTypes', value: ['push'] },
    ]);
    expect(cel.ref.name).toBe('cel');
    expect(cel.params[0].value).toContain("body.ref == 'refs/heads/main'");

    const binding = one(objects, 'TriggerBinding');
    const template = one(objects, 'TriggerTemplate');
    expect(trigger.bindings).toEqual([
      { kind: 'TriggerBinding', ref: binding.metadata.name },
    ]);
    expect(trigger.template).toEqual({ ref: template.metadata.name });
    expect(binding.spec.params.map((p: K8s) => p.name).sort()).toEqual([
      'branch',
      'repo-url',
      'revision',
    ]);
    expect(template.spec.params.map((p: K8s) => p.name).sort()).toEqual([
      'branch',
      'repo-url',
      'revision',
    ]);

    const [run] = template.spec.resourcetemplates;
    expect(run.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': spec.name,
      'tekton.dev/pipeline': pipeline.metadata.name,
      'pipelinesascode.tekton.dev/sha': '$(tt.params.revision)',
      'pipelinesascode.tekton.dev/branch': '$(tt.params.branch)',
    });
    expect(run.metadata.annotations).toEqual({
      'pipelinesascode.tekton.dev/sha': '$(tt.params.revision)',
      'pipelinesascode.tekton.dev/branch': '$(tt.params.branch)',
    });
    expect(run.spec.pipelineRef).toEqual({ name: pipeline.metadata.name });
    expect(run.spec.params).toEqual(
      expect.arrayContaining([
        { name: 'revision', value: '$(tt.params.revision)' },
        { name: 'branch', value: '$(tt.params.branch)' },
      ]),
    );
    const accounts = objects
      .filter(o => o.kind === 'ServiceAccount')
      .map(o => o.metadata.name);
    expect(accounts).toContain(listener.spec.serviceAccountName);
    expect(accounts).toContain(run.spec.taskRunTemplate.serviceAccountName);
  });

  it('binds the listener to the Triggers roles and reads secrets from the store', () => {
    const listener = one(objects, 'EventListener');
    const subject = {
      kind: 'ServiceAccount',
      name: listener.spec.serviceAccountName,
      namespace: `${spec.name}-ci`,
    };
    expect(one(objects, 'RoleBinding')).toMatchObject({
      roleRef: {
        kind: 'ClusterRole',
        name: 'tekton-triggers-eventlistener-roles',
      },
      subjects: [subject],
    });
    expect(one(objects, 'ClusterRoleBinding')).toMatchObject({
      roleRef: {
        kind: 'ClusterRole',
        name: 'tekton-triggers-eventlistener-clusterroles',
      },
      subjects: [subject],
    });
    const secrets = objects.filter(o => o.kind === 'ExternalSecret');
    for (const secret of secrets) {
      expect(secret.spec.secretStoreRef.name).toBe(spec.secretStore);
      for (const data of secret.spec.data) {
        expect(data.remoteRef.key).toBe(`${spec.name}/ci`);
      }
    }
    const secretNames = secrets.map(s => s.spec.target.name);
    const run = one(objects, 'TriggerTemplate').spec.resourcetemplates[0];
    for (const workspace of run.spec.workspaces.filter((w: K8s) => w.secret)) {
      expect(secretNames).toContain(workspace.secret.secretName);
    }
    expect(secretNames).toContain(
      listener.spec.triggers[0].interceptors[0].params[0].value.secretName,
    );
  });
});

describe('generateCi', () => {
  it('refuses a name whose CI namespace would be too long', () => {
    expect(() => generateCi(exampleSpec({ name: 'a'.repeat(61) }))).toThrow(
      /shorten the name by 1/,
    );
  });

  it('is deterministic', () => {
    expect(generateCi(exampleSpec())).toEqual(generateCi(exampleSpec()));
  });
});

describe('tekton-check, the Tekton Pipelines check the generated CI passes', () => {
  it('catches what Tekton would refuse or leave unsubstituted', () => {
    const pipeline = structuredClone(
      one(manifests(generateCi(exampleSpec())), 'Pipeline'),
    );
    const sign = pipeline.spec.tasks.find((t: K8s) => t.name === 'sign-image');
    const result = sign.taskSpec.steps.find(
      (s: K8s) => s.name === 'signature-result',
    );
    // The exit-code name Tekton does not substitute (its container is step-cosign-verify).
    result.env.find((e: K8s) => e.name === 'VERIFY_EXIT_CODE_FILE').value =
      '$(steps.cosign-verify.exitCode.path)';
    // A field the webhook does not know, and a result no task declares.
    sign.retriez = 2;
    pipeline.spec.results.push({
      name: 'SBOM_DIGEST',
      value: '$(tasks.sbom.results.SBOM_DIGEST)',
    });
    const dir = writeToTempDir(
      [{ path: 'pipeline.yaml', content: stringify(pipeline) }],
      'tekton-check-',
    );
    try {
      const { status, output } = runTool('tekton-check', [
        join(dir, 'pipeline.yaml'),
      ]);
      expect(status).toBe(1);
      expect(output).toMatch(/decoding: .*unknown field "retriez"/);
      delete sign.retriez;
      const second = writeToTempDir(
        [{ path: 'pipeline.yaml', content: stringify(pipeline) }],
        'tekton-check-',
      );
      try {
        const again = runTool('tekton-check', [join(second, 'pipeline.yaml')]);
        expect(again.status).toBe(1);
        expect(again.output).toContain(
          'task sign-image: $(steps.cosign-verify.exitCode.path) is not substituted by Tekton (in its steps)',
        );
        expect(again.output).toContain(
          '$(tasks.sbom.results.SBOM_DIGEST) names a result task sbom does not declare',
        );
        expect(again.output).toMatch(/1 objects, 2 problems/);
      } finally {
        rmSync(second, { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
