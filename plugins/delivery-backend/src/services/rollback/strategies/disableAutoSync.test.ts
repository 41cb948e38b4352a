import {
  ArgoCdApplication,
  UpstreamError,
} from '@go-delivery/plugin-delivery-node';
import { disableAutoSync } from './disableAutoSync';

const ref = { name: 'payments-api-staging', appNamespace: 'argocd' };

function app(version: string, enabled?: boolean): ArgoCdApplication {
  return {
    metadata: { name: ref.name, namespace: 'argocd', resourceVersion: version },
    spec: {
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: {
        automated: {
          prune: true,
          ...(enabled === undefined ? {} : { enabled }),
        },
      },
    },
  } as ArgoCdApplication;
}

/** What Argo CD answers when a JSON patch's `test` fails: the version moved. */
const moved = () =>
  new UpstreamError({
    kind: 'argocd',
    instance: 'staging',
    reason: 'upstream-error',
    detail: 'HTTP 400: testing value /metadata/resourceVersion failed',
    status: 400,
  });

function client(options: {
  patch: Array<() => ArgoCdApplication>;
  fresh?: ArgoCdApplication;
}) {
  const patches: unknown[] = [];
  return {
    patches,
    patchApplication: jest.fn(async (_ref: unknown, patch: unknown) => {
      patches.push(patch);
      return options.patch[patches.length - 1]();
    }),
    getApplication: jest.fn(async () => options.fresh!),
  } as any;
}

describe('disableAutoSync', () => {
  it('patches only automated.enabled, conditional on the version read', async () => {
    const argocd = client({ patch: [() => app('101', false)] });
    await disableAutoSync(argocd, ref, app('100', true));
    expect(argocd.patches).toEqual([
      [
        { op: 'test', path: '/metadata/resourceVersion', value: '100' },
        {
          op: 'replace',
          path: '/spec/syncPolicy/automated/enabled',
          value: false,
        },
      ],
    ]);
  });

  it('removes automated when the Argo CD release ignores enabled', async () => {
    const argocd = client({
      patch: [() => app('101'), () => app('102')],
    });
    await disableAutoSync(argocd, ref, app('100'));
    expect(argocd.patches[1]).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '101' },
      { op: 'remove', path: '/spec/syncPolicy/automated' },
    ]);
  });

  it('reads the application again when it changed meanwhile, and decides again', async () => {
    // Someone turned auto-sync off between our read and our patch: nothing left to do.
    const done = client({
      patch: [
        () => {
          throw moved();
        },
      ],
      fresh: app('105', false),
    });
    await disableAutoSync(done, ref, app('100', true));
    expect(done.patches).toHaveLength(1);
    expect(done.getApplication).toHaveBeenCalledWith(ref);

    // Someone changed something else: the patch is made again on the new version.
    const again = client({
      patch: [
        () => {
          throw moved();
        },
        () => app('106', false),
      ],
      fresh: app('105', true),
    });
    await disableAutoSync(again, ref, app('100', true));
    expect((again.patches[1] as any)[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: '105',
    });
  });

  it('gives up with 409 when the application keeps changing', async () => {
    const busy = client({
      patch: [0, 1, 2].map(() => () => {
        throw moved();
      }),
      fresh: app('200', true),
    });
    await expect(disableAutoSync(busy, ref, app('100', true))).rejects.toThrow(
      "'payments-api-staging' keeps changing while its automated sync is being turned off",
    );
  });
});
