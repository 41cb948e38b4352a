import { PromotionGate } from '@go-delivery/plugin-delivery-common';
import { ArgoCdReads } from '../../../upstreams/argocd/ArgoCdReads';
import { attempt } from '../../../upstreams/fanOut';
import { EnvironmentApplication } from '../environments';
import { FreezeWindow, PromotionConfig } from '../promotionConfig';
import { syncWindowVerdict } from '../syncWindows';
import { closesAt, openSince } from '../timeWindows';
import { gate } from './gate';

function activeFreeze(
  windows: FreezeWindow[],
  environment: string,
  now: number,
): { window: FreezeWindow; until: Date } | undefined {
  for (const window of windows) {
    if (window.environments && !window.environments.includes(environment))
      continue;
    const since = openSince(window, now);
    if (since) return { window, until: closesAt(window, since) };
  }
  return undefined;
}

/**
 * No freeze applies to the target: the configured freeze windows of its environment, and the
 * sync windows of its Argo CD project (read now: a window can open at any minute).
 */
export async function freezeGate(options: {
  to: EnvironmentApplication;
  config: PromotionConfig;
  argocd: ArgoCdReads;
  now: number;
}): Promise<PromotionGate> {
  const { to, config, now } = options;
  const frozen = activeFreeze(config.freezeWindows, to.environment, now);
  if (frozen) {
    const { window, until } = frozen;
    return gate(
      'freeze',
      'shut',
      `Freeze '${window.name}'${
        window.description ? ` (${window.description})` : ''
      } applies to ${to.environment} until ${until.toISOString()}`,
    );
  }
  const project = to.app.spec?.project ?? 'default';
  const read = await attempt({ kind: 'argocd', instance: to.client.name }, () =>
    to.client.getProject(project),
  );
  if (!read.ok) {
    return gate(
      'freeze',
      'unknown',
      `The sync windows of project '${project}' could not be read: ${read.failure.message}`,
    );
  }
  const destination = to.app.spec?.destination;
  const verdict = syncWindowVerdict({
    project,
    windows: read.value.spec?.syncWindows ?? [],
    subject: {
      application: to.ref.application,
      namespace: destination?.namespace,
      server: destination?.server,
      cluster: destination?.name,
    },
    now,
  });
  return gate('freeze', verdict.blocked ? 'shut' : 'open', verdict.reason);
}
