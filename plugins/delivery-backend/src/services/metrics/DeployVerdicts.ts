import {
  DeployMarkerView,
  DeployVerdict,
} from '@go-delivery/plugin-delivery-common';
import { PrometheusClient } from '@go-delivery/plugin-delivery-node';
import { attempt, Outcome } from '../../upstreams/fanOut';
import { PrometheusReads } from '../../upstreams/prometheus/PrometheusReads';
import { DeployMarker } from './DeployMarkerSource';
import {
  insufficientData,
  judgeDeploy,
  VerdictSettings,
} from './deployVerdict';
import { DeployWindows, planDeployWindows } from './deployWindows';
import { ServiceSelection } from './goldenSignalQueries';
import { MetricsRange } from './metricsRange';
import {
  DeployMeasurements,
  MeasuredDeploy,
  readVerdictAnswer,
  verdictQuery,
} from './verdictQuery';

/**
 * The verdict on each deploy of a range: the windows are planned first (see `planDeployWindows`),
 * then every deploy that has windows is measured by one instant query (`verdictQuery`), so a view
 * costs at most one Prometheus query for its verdicts, however many deploys it judges. When that
 * query fails, each of those deploys says so and carries the failure.
 */
export class DeployVerdicts {
  constructor(
    private readonly options: {
      prometheus: PrometheusReads;
      settings: VerdictSettings;
      scrapeIntervalSeconds: number;
    },
  ) {}

  async judge(request: {
    client: PrometheusClient;
    selection: ServiceSelection;
    markers: DeployMarker[];
    range: MetricsRange;
    nowSeconds: number;
  }): Promise<DeployMarkerView[]> {
    const { client, selection } = request;
    const { settings } = this.options;
    const planned = planDeployWindows({
      ...request,
      settings,
      scrapeIntervalSeconds: this.options.scrapeIntervalSeconds,
    });
    const measured = planned.filter(
      (p): p is Extract<DeployWindows, MeasuredDeploy> => 'windowSeconds' in p,
    );
    const outcome = await this.measure({
      client,
      selection,
      deploys: measured,
    });

    const verdictOf = (deploy: DeployWindows): DeployVerdict => {
      if ('verdict' in deploy) return deploy.verdict;
      if (!outcome.ok) {
        return insufficientData({
          settings,
          windowSeconds: deploy.windowSeconds,
          summary: `Prometheus '${client.name}' could not be asked for the windows around this deploy.`,
          failure: outcome.failure,
        });
      }
      return judgeDeploy({
        ...outcome.value[measured.indexOf(deploy)],
        settings,
      });
    };
    return planned.map(
      (deploy): DeployMarkerView => ({
        deployedAt: new Date(deploy.at * 1000).toISOString(),
        ...(deploy.marker.revision ? { revision: deploy.marker.revision } : {}),
        ...(deploy.marker.id !== undefined ? { id: deploy.marker.id } : {}),
        application: deploy.marker.application,
        instance: deploy.marker.instance,
        verdict: verdictOf(deploy),
      }),
    );
  }

  private async measure(options: {
    client: PrometheusClient;
    selection: ServiceSelection;
    deploys: MeasuredDeploy[];
  }): Promise<Outcome<DeployMeasurements[]>> {
    const { client, selection, deploys } = options;
    if (deploys.length === 0) return { ok: true, value: [] };
    return attempt({ kind: 'prometheus', instance: client.name }, async () =>
      readVerdictAnswer({
        deploys,
        samples: await this.options.prometheus.query(
          client,
          verdictQuery({ selection, deploys }),
        ),
      }),
    );
  }
}
