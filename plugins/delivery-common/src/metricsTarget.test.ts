import { Entity } from '@backstage/catalog-model';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { assertCanaryServiceName, readMetricsTarget } from './metricsTarget';

function component(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
  };
}

function refusal(run: () => unknown): InvalidAnnotationError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidAnnotationError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('readMetricsTarget', () => {
  it('takes the service from the metrics annotation, then kubernetes-id, then the name', () => {
    const both = {
      'go-delivery.dev/metrics-service': 'payments',
      'backstage.io/kubernetes-id': 'pay-k8s',
    };
    expect(readMetricsTarget(component('payments-api', both))).toEqual({
      service: 'payments',
      serviceSource: 'go-delivery.dev/metrics-service',
      instanceName: undefined,
      ruleQueries: [],
    });
    expect(
      readMetricsTarget(
        component('payments-api', { 'backstage.io/kubernetes-id': 'pay-k8s' }),
      ),
    ).toMatchObject({
      service: 'pay-k8s',
      serviceSource: 'backstage.io/kubernetes-id',
    });
    expect(readMetricsTarget(component('payments-api'))).toMatchObject({
      service: 'payments-api',
      serviceSource: 'metadata.name',
    });
  });

  it('reads the instance and the rule queries', () => {
    const target = readMetricsTarget(
      component('payments-api', {
        'prometheus.io/service-name': 'eu-west.prod',
        'prometheus.io/rule': 'up|pod',
      }),
    );
    expect(target.instanceName).toBe('eu-west.prod');
    expect(target.ruleQueries).toEqual([{ query: 'up', groupBy: 'pod' }]);
  });

  it.each([
    ['"}) or vector(1) #', 'go-delivery.dev/metrics-service'],
    ['payments\\', 'go-delivery.dev/metrics-service'],
    ['pay\nments', 'go-delivery.dev/metrics-service'],
    ['Payments', 'go-delivery.dev/metrics-service'],
    ['a'.repeat(64), 'go-delivery.dev/metrics-service'],
  ])('refuses the service %j, naming %s', (value, key) => {
    const error = refusal(() =>
      readMetricsTarget(
        component('payments-api', { 'go-delivery.dev/metrics-service': value }),
      ),
    );
    expect(error.annotation).toBe(key);
    expect(error.message).toMatch(/is not a Kubernetes Service name/);
  });

  it('names the annotation to set when a fallback is not a service name', () => {
    const fromId = refusal(() =>
      readMetricsTarget(
        component('payments-api', { 'backstage.io/kubernetes-id': 'x"}' }),
      ),
    );
    expect(fromId.annotation).toBe('go-delivery.dev/metrics-service');
    expect(fromId.message).toContain(
      'the fallback backstage.io/kubernetes-id "x\\"}" is not',
    );
    const fromName = refusal(() =>
      readMetricsTarget(component('Payments_API')),
    );
    expect(fromName.message).toContain(
      'the fallback metadata.name "Payments_API" is not',
    );
  });

  it('refuses a malformed instance name', () => {
    const error = refusal(() =>
      readMetricsTarget(
        component('payments-api', { 'prometheus.io/service-name': '../admin' }),
      ),
    );
    expect(error.annotation).toBe('prometheus.io/service-name');
  });

  it('checks that the canary Service name fits in 63 characters', () => {
    const long = readMetricsTarget(component('a'.repeat(57)));
    expect(refusal(() => assertCanaryServiceName(long)).annotation).toBe(
      'go-delivery.dev/metrics-service',
    );
    expect(() =>
      assertCanaryServiceName(readMetricsTarget(component('a'.repeat(56)))),
    ).not.toThrow();
  });
});
