import { isDeliveryAvailable } from './availability';

describe('isDeliveryAvailable', () => {
  const entity = (annotations?: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  });

  it('is true with any delivery annotation', () => {
    expect(isDeliveryAvailable(entity({ 'argocd/app-name': 'x' }))).toBe(true);
    expect(isDeliveryAvailable(entity({ 'argocd/app-selector': 'a=b' }))).toBe(
      true,
    );
    expect(isDeliveryAvailable(entity({ 'tekton.dev/cicd': 'true' }))).toBe(
      true,
    );
  });

  it('is false without, or with blank values', () => {
    expect(isDeliveryAvailable(entity())).toBe(false);
    expect(isDeliveryAvailable(entity({ 'argocd/app-name': ' ' }))).toBe(false);
    expect(
      isDeliveryAvailable(entity({ 'backstage.io/techdocs-ref': 'dir:.' })),
    ).toBe(false);
  });
});
