import { Config } from '@backstage/config';
import { DEFAULT_VERDICT_SETTINGS, VerdictSettings } from './deployVerdict';
import { positiveNumber } from '@go-delivery/plugin-delivery-node';

const AT = 'delivery.prometheus.verdict';

/** Reads `delivery.prometheus.verdict`: when a deploy counts as a regression. Throws at startup. */
export function readVerdictConfig(config: Config): VerdictSettings {
  const verdict = config.getOptionalConfig(AT);
  const maxErrorRateIncrease = positiveNumber(
    verdict,
    AT,
    'maxErrorRateIncrease',
    DEFAULT_VERDICT_SETTINGS.maxErrorRateIncrease,
  );
  if (maxErrorRateIncrease >= 1) {
    throw new Error(
      `${AT}.maxErrorRateIncrease is a ratio below 1 (0.01 = 1 point)`,
    );
  }
  return {
    windowMinutes: positiveNumber(
      verdict,
      AT,
      'windowMinutes',
      DEFAULT_VERDICT_SETTINGS.windowMinutes,
    ),
    maxErrorRateIncrease,
    maxP95IncreasePercent: positiveNumber(
      verdict,
      AT,
      'maxP95IncreasePercent',
      DEFAULT_VERDICT_SETTINGS.maxP95IncreasePercent,
    ),
    minRequests: Math.max(
      0,
      verdict?.getOptionalNumber('minRequests') ??
        DEFAULT_VERDICT_SETTINGS.minRequests,
    ),
  };
}
