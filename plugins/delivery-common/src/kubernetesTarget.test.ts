import { Entity } from '@backstage/catalog-model';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { isTektonEnabled } from './availability';
import {
  labelsMatchSelector,
  readKubernetesTarget,
  readTektonTarget,
} from './kubernetesTarget';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

describe('readKubernetesTarget', () => {
  it('returns undefined when the entity names no workloads', () => {
    expect(readKubernetesTarget(entity({}))).toBeUndefined();
    expect(
      readKubernetesTarget(
        entity({ 'backstage.io/kubernetes-namespace': 'payments' }),
      ),
    ).toBeUndefined();
  });

  it('selects by the kubernetes-id label', () => {
    expect(
      readKubernetesTarget(
        entity({
          'backstage.io/kubernetes-id': ' payments-api ',
          'backstage.io/kubernetes-namespace': 'payments',
        }),
      ),
    ).toEqual({
      kubernetesId: 'payments-api',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
      namespace: 'payments',
    });
  });

  it('prefers the label selector annotation and normalises it', () => {
    expect(
      readKubernetesTarget(
        entity({
          'backstage.io/kubernetes-id': 'payments-api',
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/name == payments-api ,  tier in (api,  worker)',
        }),
      ),
    ).toEqual({
      kubernetesId: 'payments-api',
      labelSelector: 'app.kubernetes.io/name=payments-api,tier in (api,worker)',
    });
  });

  it.each([
    [
      'backstage.io/kubernetes-id',
      'payments api',
      "'payments api' is not a label value",
    ],
    ['backstage.io/kubernetes-id', 'a,b=c', "'a,b=c' is not a label value"],
    ['backstage.io/kubernetes-id', 'x'.repeat(64), 'is not a label value'],
    [
      'backstage.io/kubernetes-label-selector',
      'app=x) or (1=1',
      "not a label selector (expected ',' at position 6)",
    ],
    [
      'backstage.io/kubernetes-label-selector',
      'app=x&watch=true',
      "not a label selector (unexpected character '&'",
    ],
    [
      'backstage.io/kubernetes-namespace',
      '../kube-system',
      'is not a Kubernetes namespace name',
    ],
  ])('rejects %s = %j', (key, value, problem) => {
    const annotations: Record<string, string> = {
      'backstage.io/kubernetes-id': 'payments-api',
      [key]: value,
    };
    const read = () => readKubernetesTarget(entity(annotations));
    expect(read).toThrow(InvalidAnnotationError);
    expect(read).toThrow(`Annotation '${key}' is invalid: `);
    expect(read).toThrow(problem);
  });
});

describe('readTektonTarget', () => {
  it('is off unless tekton.dev/cicd is "true" or janus-idp.io/tekton is set', () => {
    const id = { 'backstage.io/kubernetes-id': 'payments-api' };
    expect(isTektonEnabled(entity(id))).toBe(false);
    expect(readTektonTarget(entity(id))).toBeUndefined();
    expect(isTektonEnabled(entity({ ...id, 'tekton.dev/cicd': 'false' }))).toBe(
      false,
    );
    expect(isTektonEnabled(entity({ ...id, 'tekton.dev/cicd': 'True' }))).toBe(
      true,
    );
    expect(
      isTektonEnabled(entity({ ...id, 'janus-idp.io/tekton': 'payments-api' })),
    ).toBe(true);
    expect(
      readTektonTarget(entity({ ...id, 'tekton.dev/cicd': 'true' })),
    ).toEqual({
      kubernetesId: 'payments-api',
      labelSelector: 'backstage.io/kubernetes-id=payments-api',
    });
  });

  it('says which annotation is missing when runs cannot be found', () => {
    expect(() =>
      readTektonTarget(entity({ 'tekton.dev/cicd': 'true' })),
    ).toThrow(
      "Annotation 'tekton.dev/cicd' is invalid: pipeline runs are found by " +
        "'backstage.io/kubernetes-id' or 'backstage.io/kubernetes-label-selector'",
    );
    expect(() =>
      readTektonTarget(entity({ 'janus-idp.io/tekton': 'x' })),
    ).toThrow("Annotation 'janus-idp.io/tekton' is invalid");
  });
});

describe('labelsMatchSelector', () => {
  const labels = {
    'backstage.io/kubernetes-id': 'payments-api',
    tier: 'api',
  };

  it.each([
    ['backstage.io/kubernetes-id=payments-api', true],
    ['backstage.io/kubernetes-id=orders-api', false],
    ['backstage.io/kubernetes-id=payments-api,tier=worker', false],
    ['tier in (api,worker)', true],
    ['tier notin (api)', false],
    ['missing notin (api)', true],
    ['missing!=x', true],
    ['tier!=api', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
  ])('%s → %s', (selector, expected) => {
    expect(labelsMatchSelector(selector, labels)).toBe(expected);
  });

  it('treats missing labels as an empty map', () => {
    expect(labelsMatchSelector('a=b', undefined)).toBe(false);
    expect(labelsMatchSelector('!a', undefined)).toBe(true);
  });

  it('does not see inherited object properties as labels', () => {
    expect(labelsMatchSelector('constructor', {})).toBe(false);
  });
});
