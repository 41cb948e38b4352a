import { applyApplicationPatch } from './applicationPatch';

const app = {
  metadata: { name: 'payments-api-prod', resourceVersion: '7' },
  spec: { syncPolicy: { automated: { prune: true }, syncOptions: ['A=1'] } },
};

describe('applyApplicationPatch', () => {
  it('merges a merge patch, null deleting, without touching the original', () => {
    expect(
      applyApplicationPatch(
        app,
        { spec: { syncPolicy: { automated: null, retry: { limit: 2 } } } },
        'merge',
      ),
    ).toEqual({
      metadata: app.metadata,
      spec: { syncPolicy: { syncOptions: ['A=1'], retry: { limit: 2 } } },
    });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true });
  });

  it('applies a JSON patch guarded by a test of the version', () => {
    expect(
      applyApplicationPatch(
        app,
        [
          { op: 'test', path: '/metadata/resourceVersion', value: '7' },
          {
            op: 'add',
            path: '/spec/syncPolicy/automated/enabled',
            value: false,
          },
        ],
        'json',
      ),
    ).toMatchObject({
      spec: { syncPolicy: { automated: { prune: true, enabled: false } } },
    });
  });

  it('refuses the whole JSON patch when its test fails, in Argo CD words', () => {
    expect(() =>
      applyApplicationPatch(
        app,
        [
          { op: 'test', path: '/metadata/resourceVersion', value: '6' },
          { op: 'remove', path: '/spec/syncPolicy/automated' },
        ],
        'json',
      ),
    ).toThrow('testing value /metadata/resourceVersion failed: test failed');
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true });
    expect(() => applyApplicationPatch(app, { op: 'add' }, 'json')).toThrow(
      'a JSON patch must be an array of operations',
    );
    expect(() =>
      applyApplicationPatch(app, [{ op: 'remove', path: '/nope' }], 'json'),
    ).toThrow();
  });
});
