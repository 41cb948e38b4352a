import { toUpstreamFailure, UpstreamError } from './UpstreamError';

describe('toUpstreamFailure', () => {
  const source = { kind: 'argocd', instance: 'prod' } as const;

  it('keeps the failure an UpstreamError carries', () => {
    const error = new UpstreamError({
      ...source,
      reason: 'timeout',
      detail: 'no answer within 5 ms',
    });
    expect(toUpstreamFailure(error, source)).toBe(error.failure);
  });

  it('makes anything else thrown while reading an answer a bad response of the instance', () => {
    // What a view model mapper throws on `history: {}`.
    const thrown = new TypeError('status.history.map is not a function');
    expect(toUpstreamFailure(thrown, source)).toEqual({
      kind: 'argocd',
      instance: 'prod',
      reason: 'bad-response',
      message:
        "Argo CD 'prod': answered with data that could not be read (status.history.map is not a function)",
    });
    expect(
      toUpstreamFailure('x'.repeat(1000), source).message.length,
    ).toBeLessThan(300);
  });
});
