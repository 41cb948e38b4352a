import { Entity } from '@backstage/catalog-model';
import { InvalidAnnotationError } from './InvalidAnnotationError';
import { readSloTarget } from './sloTarget';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  };
}

const AVAILABILITY = 'go-delivery.dev/slo-availability';
const LATENCY = 'go-delivery.dev/slo-latency';
const WINDOW = 'go-delivery.dev/slo-window';

describe('readSloTarget', () => {
  it('is undefined without an availability objective, even with the others', () => {
    expect(readSloTarget(entity({}))).toBeUndefined();
    expect(
      readSloTarget(entity({ [LATENCY]: '300ms@99', [WINDOW]: '7d' })),
    ).toBeUndefined();
  });

  it('reads the objectives as fractions, the window in days (30 by default)', () => {
    expect(readSloTarget(entity({ [AVAILABILITY]: '99.9' }))).toEqual({
      availability: 0.999,
      windowDays: 30,
    });
    expect(
      readSloTarget(
        entity({
          [AVAILABILITY]: ' 99.95 % ',
          [LATENCY]: '300ms@99',
          [WINDOW]: '7d',
        }),
      ),
    ).toEqual({
      availability: 0.9995,
      latency: { thresholdSeconds: 0.3, objective: 0.99 },
      windowDays: 7,
    });
    expect(
      readSloTarget(entity({ [AVAILABILITY]: '50', [LATENCY]: '1.5s@99.99%' }))
        ?.latency,
    ).toEqual({ thresholdSeconds: 1.5, objective: 0.9999 });
    expect(
      readSloTarget(entity({ [AVAILABILITY]: '99', [LATENCY]: '250ms @ 95' }))
        ?.latency,
    ).toEqual({ thresholdSeconds: 0.25, objective: 0.95 });
    expect(
      readSloTarget(entity({ [AVAILABILITY]: '99', [WINDOW]: '90d' }))
        ?.windowDays,
    ).toBe(90);
  });

  it.each([
    [{ [AVAILABILITY]: '100' }, AVAILABILITY],
    [{ [AVAILABILITY]: '49.9' }, AVAILABILITY],
    [{ [AVAILABILITY]: '0.999' }, AVAILABILITY],
    [{ [AVAILABILITY]: 'three nines' }, AVAILABILITY],
    [{ [AVAILABILITY]: '' }, AVAILABILITY],
    [{ [AVAILABILITY]: '99.99999' }, AVAILABILITY],
    [{ [AVAILABILITY]: '99.9', [WINDOW]: '0d' }, WINDOW],
    [{ [AVAILABILITY]: '99.9', [WINDOW]: '91d' }, WINDOW],
    [{ [AVAILABILITY]: '99.9', [WINDOW]: '4w' }, WINDOW],
    [{ [AVAILABILITY]: '99.9', [WINDOW]: '' }, WINDOW],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '300ms' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '300@99' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '300ms@99@1' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '0ms@99' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '61s@99' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '300ms@100' }, LATENCY],
    [{ [AVAILABILITY]: '99.9', [LATENCY]: '300ms@' }, LATENCY],
  ])('refuses %j, naming %s', (annotations, annotation) => {
    let error: unknown;
    try {
      readSloTarget(entity(annotations));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).annotation).toBe(annotation);
    expect((error as Error).message).toMatch(
      new RegExp(`^Annotation '${annotation}' is invalid: `),
    );
  });

  it('quotes at most 40 characters of a wrong value', () => {
    expect(() =>
      readSloTarget(entity({ [AVAILABILITY]: 'x'.repeat(500) })),
    ).toThrow(`got "${'x'.repeat(40)}"`);
  });
});
