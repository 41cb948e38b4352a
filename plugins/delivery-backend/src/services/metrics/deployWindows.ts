import { DeployVerdict } from '@go-delivery/plugin-delivery-common';
import { DeployMarker } from './DeployMarkerSource';
import { insufficientData, VerdictSettings } from './deployVerdict';
import { MetricsRange } from './metricsRange';

/** Only the most recent deploys in a range are judged, to bound the size of the verdict query. */
export const MAX_JUDGED_DEPLOYS = 20;

/** A deploy in the range, and either the windows to measure around it or why there are none. */
export type DeployWindows = {
  marker: DeployMarker;
  /** Unix seconds. */
  at: number;
} & ({ windowSeconds: number } | { verdict: DeployVerdict });

const minutes = (seconds: number) => Math.round(seconds / 60);

/**
 * Decides, without asking Prometheus, which deploys of a range get measured and over which windows:
 * deploys up to now, oldest first; only the newest {@link MAX_JUDGED_DEPLOYS} are judged; a close
 * neighbour of the same application shortens both windows (so each compares only this deploy's
 * effect) and one too close leaves nothing to compare; a deploy younger than its window is too
 * recent.
 */
export function planDeployWindows(options: {
  markers: DeployMarker[];
  range: MetricsRange;
  nowSeconds: number;
  settings: VerdictSettings;
  scrapeIntervalSeconds: number;
}): DeployWindows[] {
  const { markers, range, nowSeconds, settings } = options;
  const timed = markers
    .map(marker => ({ marker, at: Date.parse(marker.deployedAt) / 1000 }))
    .filter(m => Number.isFinite(m.at))
    .sort((a, b) => a.at - b.at);
  const inRange = timed.filter(m => m.at >= range.start && m.at <= nowSeconds);
  const judged = new Set(inRange.slice(-MAX_JUDGED_DEPLOYS));
  const configured = Math.round(settings.windowMinutes * 60);
  const minimum = Math.min(
    configured,
    Math.max(300, 4 * options.scrapeIntervalSeconds),
  );

  return inRange.map((m): DeployWindows => {
    const { marker, at } = m;
    if (!judged.has(m)) {
      return {
        marker,
        at,
        verdict: insufficientData({
          settings,
          windowSeconds: settings.windowMinutes * 60,
          summary: `Not judged: only the ${MAX_JUDGED_DEPLOYS} most recent deploys of a range are.`,
        }),
      };
    }
    // Neighbours are deploys of the same application: they change what this one is compared with.
    const sameApp = timed.filter(
      o =>
        o.marker.application === marker.application &&
        o.marker.instance === marker.instance,
    );
    const index = sameApp.indexOf(m);
    const previousAt = sameApp[index - 1]?.at ?? -Infinity;
    const nextAt = sameApp[index + 1]?.at ?? Infinity;
    const windowSeconds = Math.floor(
      Math.min(configured, at - previousAt, nextAt - at),
    );
    if (windowSeconds < minimum) {
      return {
        marker,
        at,
        verdict: insufficientData({
          settings,
          windowSeconds,
          summary: `Another deploy of the application came within ${minutes(
            windowSeconds,
          )} minutes of this one; a verdict needs ${minutes(
            minimum,
          )} minutes on each side.`,
        }),
      };
    }
    if (at + windowSeconds > nowSeconds) {
      return {
        marker,
        at,
        verdict: insufficientData({
          settings,
          windowSeconds,
          summary: `Too recent to judge: the deploy is ${minutes(
            nowSeconds - at,
          )} minutes old and the verdict compares the ${minutes(
            windowSeconds,
          )} minutes after it.`,
        }),
      };
    }
    return {
      marker,
      at,
      windowSeconds,
      ...(marker.namespace ? { namespace: marker.namespace } : {}),
    };
  });
}
