import { Entity } from '@backstage/catalog-model';
import { readDeliveryTargets } from './deliveryTargets';
import { readEntitySelector } from './entitySelector';
import { InvalidAnnotationError } from './InvalidAnnotationError';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', annotations },
});

describe('readEntitySelector', () => {
  it.each([
    ['app=payments', 'app=payments'],
    ['team == payments , env', 'team=payments,env'],
    ['tier in (web, api), !legacy', 'tier in (web,api),!legacy'],
  ])('accepts %j as %j', (value, normalized) => {
    expect(readEntitySelector('argocd/app-selector', value)).toBe(normalized);
  });

  it.each(['!nope', 'app', 'app!=x', 'env notin (prod)', 'a, !b, c!=d'])(
    'refuses %j, which would match other entities’ objects',
    value => {
      expect(() => readEntitySelector('argocd/app-selector', value)).toThrow(
        "Annotation 'argocd/app-selector' is invalid: the selector must name at least one label value",
      );
    },
  );

  it('names the annotation of a broad selector in the entity profile, per target', () => {
    const targets = readDeliveryTargets(
      entity({
        'argocd/app-selector': '!nope',
        'backstage.io/kubernetes-label-selector': '!nope',
        'tekton.dev/cicd': 'true',
        'go-delivery.dev/metrics-service': 'svc',
      }),
    );
    expect(() => targets.argocd).toThrow(InvalidAnnotationError);
    expect(() => targets.argocd).toThrow(/'argocd\/app-selector'/);
    expect(() => targets.kubernetes).toThrow(
      /'backstage\.io\/kubernetes-label-selector'/,
    );
    expect(() => targets.tekton).toThrow(
      /'backstage\.io\/kubernetes-label-selector'/,
    );
    // The other targets stay readable: one broad selector degrades its own cards only.
    expect(targets.metrics.service).toBe('svc');
    expect(targets.errors.map(e => e.annotation)).toEqual([
      'argocd/app-selector',
      'backstage.io/kubernetes-label-selector',
      'backstage.io/kubernetes-label-selector',
    ]);
  });
});
