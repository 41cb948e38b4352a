import { ConflictError } from '@backstage/errors';
import {
  ArgoCdApplication,
  ArgoCdApplicationRef,
  ArgoCdClient,
  UpstreamError,
} from '@go-delivery/plugin-delivery-node';
import { isAutoSyncEnabled } from '../applicationHistory';

/** Whether a failed patch was its `test` of the version: the application changed meanwhile. */
function isVersionConflict(error: unknown): boolean {
  return (
    error instanceof UpstreamError &&
    (error.status === 409 ||
      (error.status === 400 && /testing value/.test(error.message)))
  );
}

/**
 * Turns automated sync off the way Argo CD's UI does (`automated.enabled: false`; releases that
 * do not know `enabled` keep it on, and then `automated` is removed, as their UI did), with a
 * JSON patch of that one field conditional on the version read: an application changed since is
 * read again and the decision made again, never overwritten. Gives up after a few rounds.
 */
export async function disableAutoSync(
  client: ArgoCdClient,
  ref: ArgoCdApplicationRef,
  app: ArgoCdApplication,
): Promise<void> {
  let current = app;
  for (let round = 0; round < 3; round++) {
    if (!isAutoSyncEnabled(current)) return;
    const version = current.metadata?.resourceVersion;
    const guard = version
      ? [
          {
            op: 'test' as const,
            path: '/metadata/resourceVersion',
            value: version,
          },
        ]
      : [];
    const knowsEnabled =
      current.spec?.syncPolicy?.automated?.enabled !== undefined;
    try {
      const stored = await client.patchApplication(ref, [
        ...guard,
        {
          op: knowsEnabled ? 'replace' : 'add',
          path: '/spec/syncPolicy/automated/enabled',
          value: false,
        },
      ]);
      if (!isAutoSyncEnabled(stored)) return;
      await client.patchApplication(ref, [
        {
          op: 'test',
          path: '/metadata/resourceVersion',
          value: stored.metadata?.resourceVersion,
        },
        { op: 'remove', path: '/spec/syncPolicy/automated' },
      ]);
      return;
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
      current = await client.getApplication(ref);
    }
  }
  throw new ConflictError(
    `'${ref.name}' keeps changing while its automated sync is being turned off; try again`,
  );
}
