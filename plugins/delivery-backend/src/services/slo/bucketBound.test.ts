import { bucketBoundLabels } from './bucketBound';

describe('bucketBoundLabels', () => {
  it.each([
    [0.3, ['0.3']],
    [0.25, ['0.25']],
    [0.005, ['0.005']],
    [0.0001, ['0.0001']],
    [0.00005, ['5e-05']],
    [0.0000125, ['1.25e-05']],
    [1, ['1', '1.0']],
    [10, ['10', '10.0']],
    [2.5, ['2.5']],
  ])('writes %p as client_golang does: %p', (seconds, labels) => {
    expect(bucketBoundLabels(seconds)).toEqual(labels);
  });
});
