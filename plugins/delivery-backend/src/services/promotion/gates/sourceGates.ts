import { PromotionGate } from '@go-delivery/plugin-delivery-common';
import { isOperationRunning } from '../../rollback/applicationHistory';
import { EnvironmentApplication, newestDeploy } from '../environments';
import { PromotionConfig } from '../promotionConfig';
import { formatMinutes, gate } from './gate';

/** The source is synced, healthy and not in the middle of an operation. */
export function sourceHealthyGate(from: EnvironmentApplication): PromotionGate {
  const name = from.ref.application;
  const sync = from.app.status?.sync?.status ?? 'Unknown';
  const health = from.app.status?.health?.status ?? 'Unknown';
  if (isOperationRunning(from.app)) {
    return gate(
      'source-healthy',
      'shut',
      `${name} is still syncing; promote what it runs once the operation has finished`,
    );
  }
  if (sync !== 'Synced' || health !== 'Healthy') {
    return gate(
      'source-healthy',
      'shut',
      `${name} is ${sync} and ${health}; it must be Synced and Healthy`,
    );
  }
  return gate('source-healthy', 'open', `${name} is Synced and Healthy`);
}

/** The source has run its newest deploy for at least the soak time of the target environment. */
export function soakGate(options: {
  from: EnvironmentApplication;
  to: EnvironmentApplication;
  config: PromotionConfig;
  now: number;
}): PromotionGate {
  const { from, to, config, now } = options;
  const required =
    config.soakMinutesByEnvironment[to.environment] ?? config.soakMinutes;
  const deployedAt = Date.parse(String(newestDeploy(from.app)?.deployedAt));
  if (Number.isNaN(deployedAt)) {
    return gate(
      'soak',
      'unknown',
      `${from.ref.application} has no deploy time in its history`,
    );
  }
  const soaked = Math.max(0, (now - deployedAt) / 60_000);
  const text = `${from.environment} has run its deploy for ${formatMinutes(
    soaked,
  )}; ${formatMinutes(required)} required before ${to.environment}`;
  return gate('soak', soaked >= required ? 'open' : 'shut', text);
}
