import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REFERENCE_DIR } from '../paths';
import { CrdSchemaValidator } from './crdSchemas';

const validator = new CrdSchemaValidator();
const example = (path: string) =>
  parse(readFileSync(join(REFERENCE_DIR, 'examples', path), 'utf8'));

describe('CrdSchemaValidator', () => {
  it('knows the kinds of every reference CRD', () => {
    const kinds = validator.knownKinds();
    for (const kind of [
      'tekton.dev/v1 PipelineRun',
      'tekton.dev/v1 TaskRun',
      'tekton.dev/v1 Pipeline',
      'triggers.tekton.dev/v1beta1 EventListener',
      'triggers.tekton.dev/v1beta1 TriggerBinding',
      'triggers.tekton.dev/v1beta1 TriggerTemplate',
      'argoproj.io/v1alpha1 Application',
      'argoproj.io/v1alpha1 ApplicationSet',
      'argoproj.io/v1alpha1 Rollout',
      'argoproj.io/v1alpha1 AnalysisTemplate',
      'argoproj.io/v1alpha1 AnalysisRun',
      'external-secrets.io/v1 ExternalSecret',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('accepts a real Rollout capture, except the null creationTimestamp kubectl prints', () => {
    const rollout = example('argo-rollouts/canary-rollout.yaml');
    expect(validator.validate(rollout)).toEqual([
      "/spec/template/metadata must NOT have additional properties 'creationTimestamp'",
    ]);
    delete rollout.spec.template.metadata.creationTimestamp;
    expect(validator.validate(rollout)).toEqual([]);
  });

  it('accepts a real PipelineRun capture', () => {
    expect(
      validator
        .validate(example('tekton/lighthouse-running_multiple_tasks-pr.yaml'))
        .filter(e => !e.includes("'computeResources'")),
    ).toEqual([]);
  });

  it('flags the field the API server would prune (the documented Lighthouse wart)', () => {
    expect(
      validator.validate(
        example('tekton/lighthouse-running_multiple_tasks-pr.yaml'),
      ),
    ).toContain("/spec must NOT have additional properties 'computeResources'");
  });

  it('flags the v1beta1 fields of the Konflux capture, which says v1 (the documented wart), and accepts it as v1beta1', () => {
    /** The fields each error names, once each. */
    const fields = (errors: string[]) => [
      ...new Set(errors.map(e => /'([^']+)'$/.exec(e)?.[1] ?? e)),
    ];
    const captures: Array<[string, string[]]> = [
      ['pr', ['serviceAccountName', 'pipelineResults']],
      ['tr-clair-scan', ['taskResults', 'resources']],
      ['tr-build-container', ['taskResults', 'name', 'resources']],
    ];
    for (const [part, v1beta1Fields] of captures) {
      const object = example(
        `tekton/konflux-mockComponentDetails-${part}.yaml`,
      );
      expect(object.apiVersion).toBe('tekton.dev/v1');
      // v1 renamed them: results, taskRunTemplate.serviceAccountName, computeResources; v1beta1's
      // stepTemplate was a whole container, with a name.
      expect(fields(validator.validate(object))).toEqual(v1beta1Fields);
      expect(
        validator.validate({ ...object, apiVersion: 'tekton.dev/v1beta1' }),
      ).toEqual([]);
    }
  });

  it('accepts the ApplicationSet Argo CD tests its health check with (conditions of a progressive sync)', () => {
    const set = example(
      'argo-cd/argocd-health-progressiveSyncApplicationSet.yaml',
    );
    expect(set.kind).toBe('ApplicationSet');
    expect(validator.validate(set)).toEqual([]);
    expect(set.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      'ErrorOccurred',
      'ParametersGenerated',
      'ResourcesUpToDate',
      'RolloutProgressing',
    ]);
  });

  it('flags wrong types and unknown kinds', () => {
    const rollout = example('argo-rollouts/canary-rollout.yaml');
    rollout.spec.replicas = 'three';
    expect(validator.validate(rollout)).toContain(
      '/spec/replicas must be integer',
    );
    expect(() =>
      validator.validate({ apiVersion: 'example.com/v1', kind: 'Thing' }),
    ).toThrow('No CRD schema for example.com/v1 Thing');
  });
});
