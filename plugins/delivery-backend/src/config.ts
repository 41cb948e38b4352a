import { Config } from '@backstage/config';
import {
  ArgoCdConfig,
  readArgoCdConfig,
} from '@go-delivery/plugin-delivery-node';

export interface DeliveryConfig {
  argocd: ArgoCdConfig;
  cacheTtlMs: number;
}

/** Reads and validates the `delivery` config block; throws at startup on a bad setting. */
export function readDeliveryConfig(config: Config): DeliveryConfig {
  return {
    argocd: readArgoCdConfig(config),
    cacheTtlMs:
      (config.getOptionalNumber('delivery.cache.ttlSeconds') ?? 10) * 1000,
  };
}
