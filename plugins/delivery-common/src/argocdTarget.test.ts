import { Entity } from '@backstage/catalog-model';
import { readArgoCdTarget } from './argocdTarget';
import { hasArgoCdAnnotations } from './availability';
import { InvalidAnnotationError } from './InvalidAnnotationError';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: {},
  };
}

describe('readArgoCdTarget', () => {
  it('returns undefined without Argo CD annotations', () => {
    expect(readArgoCdTarget(entity({}))).toBeUndefined();
    expect(
      readArgoCdTarget(entity({ 'argocd/app-name': '  ' })),
    ).toBeUndefined();
    expect(
      hasArgoCdAnnotations(entity({ 'argocd/instance-name': 'prod' })),
    ).toBe(false);
  });

  it('reads every community annotation', () => {
    expect(
      readArgoCdTarget(
        entity({
          'argocd/app-name': 'payments-api-prod',
          'argocd/instance-name': 'prod',
          'argocd/app-namespace': 'team-payments',
          'argocd/project-name': 'payments',
        }),
      ),
    ).toEqual({
      appName: 'payments-api-prod',
      instanceName: 'prod',
      appNamespace: 'team-payments',
      projectName: 'payments',
    });
  });

  it('prefers the selector and normalises it', () => {
    expect(
      readArgoCdTarget(
        entity({
          'argocd/app-name': 'x',
          'argocd/app-selector': 'team == payments , env',
        }),
      ),
    ).toEqual({ appSelector: 'team=payments,env' });
  });

  it.each([
    [
      'argocd/app-name',
      'orders/../../admin',
      "'orders/../../admin' is not an Argo CD application name",
    ],
    ['argocd/app-name', 'a..b', "'a..b' is not"],
    ['argocd/app-name', 'a'.repeat(254), 'is not an Argo CD application name'],
    ['argocd/app-name', 'Payments', "'Payments' is not"],
    ['argocd/app-selector', 'app=a;b', 'not a label selector'],
    ['argocd/instance-name', '../prod', "'../prod' is not an instance name"],
    ['argocd/app-namespace', 'a/b', "'a/b' is not a Kubernetes namespace"],
    ['argocd/project-name', 'proj?x=1', "'proj?x=1' is not an Argo CD project"],
  ])('refuses %s=%j, naming the annotation', (key, value, message) => {
    const annotations: Record<string, string> = {
      'argocd/app-name': 'ok',
      [key]: value,
    };
    let error: unknown;
    try {
      readArgoCdTarget(entity(annotations));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).annotation).toBe(key);
    expect((error as Error).message).toContain(
      `Annotation '${key}' is invalid`,
    );
    expect((error as Error).message).toContain(message);
  });
});
