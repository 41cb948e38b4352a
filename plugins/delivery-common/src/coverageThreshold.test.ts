import { Entity } from '@backstage/catalog-model';
import { readCoverageThreshold } from './coverageThreshold';
import { InvalidAnnotationError } from './InvalidAnnotationError';

describe('readCoverageThreshold', () => {
  const entity = (value?: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'x',
      annotations:
        value === undefined
          ? {}
          : { 'go-delivery.dev/coverage-threshold': value },
    },
  });

  it('reads the annotation, else the configured default', () => {
    expect(readCoverageThreshold(entity(), 80)).toEqual({
      percent: 80,
      source: 'config',
    });
    expect(readCoverageThreshold(entity('72.5'), 80)).toEqual({
      percent: 72.5,
      source: 'annotation',
    });
    expect(readCoverageThreshold(entity('90%'), 80).percent).toBe(90);
    expect(readCoverageThreshold(entity('0'), 80).percent).toBe(0);
    expect(readCoverageThreshold(entity('100'), 80).percent).toBe(100);
  });

  it.each(['100.5', '-1', 'eighty', '', '80;', '1e2'])('refuses %j', value => {
    expect(() => readCoverageThreshold(entity(value), 80)).toThrow(
      InvalidAnnotationError,
    );
  });
});
