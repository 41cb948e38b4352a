import { GO_SERVICE_METRICS } from '@go-delivery/plugin-delivery-common';
import type { GoServiceSpec } from '../types';

/** The availability objective when the template run sets none, in percent. */
export const DEFAULT_AVAILABILITY_OBJECTIVE = 99.9;

/**
 * Multi-window, multi-burn-rate alerts as the Google SRE workbook ("Alerting on SLOs") sets them
 * for a 30-day objective: each alert needs a long window (the budget is really burning) and a
 * short one (it still is), so it fires fast and stops soon after a fix.
 */
const BURN_ALERTS = [
  // 2 % of the budget in 1 h, or 5 % in 6 h: page.
  { severity: 'page', long: '1h', short: '5m', factor: 14.4 },
  { severity: 'page', long: '6h', short: '30m', factor: 6 },
  // 10 % in 3 days, or 10 % in 1 day: a ticket.
  { severity: 'ticket', long: '1d', short: '2h', factor: 3 },
  { severity: 'ticket', long: '3d', short: '6h', factor: 1 },
] as const;

const WINDOWS = [
  ...new Set(BURN_ALERTS.flatMap(alert => [alert.short, alert.long])),
];

function errorRatio(service: string, window: string): string {
  const { requestDuration, labels, serviceLabel } = GO_SERVICE_METRICS;
  const selector = `${serviceLabel}="${service}"`;
  const requests = `${requestDuration}_count`;
  return (
    `sum by (${serviceLabel}) (rate(${requests}{${selector},${labels.code}=~"5.."}[${window}]))\n` +
    `/\n` +
    `sum by (${serviceLabel}) (rate(${requests}{${selector}}[${window}]))`
  );
}

const record = (window: string) => `slo:sli_error:ratio_rate${window}`;

/**
 * The service's availability objective as Prometheus rules: the error ratio recorded over each
 * window the alerts need, and the burn-rate alerts. A plain rule file (load it with `rule_files`,
 * or wrap its `groups` in a PrometheusRule); `promtool check rules` and `promtool test rules`
 * accept it. The service label is the one the Delivery tab's queries use.
 */
export function sloRules(spec: GoServiceSpec): object {
  const objective =
    spec.availabilityObjective ?? DEFAULT_AVAILABILITY_OBJECTIVE;
  const budget = Number((1 - objective / 100).toPrecision(6));
  const { serviceLabel } = GO_SERVICE_METRICS;
  const labels = { [serviceLabel]: spec.name };
  return {
    groups: [
      {
        name: `${spec.name}-slo-recording`,
        rules: WINDOWS.map(window => ({
          record: record(window),
          expr: errorRatio(spec.name, window),
          labels: { slo: 'availability' },
        })),
      },
      {
        name: `${spec.name}-slo-alerts`,
        rules: BURN_ALERTS.map(alert => ({
          alert: 'ErrorBudgetBurn',
          expr:
            `${record(alert.long)}{${serviceLabel}="${spec.name}"} > (${
              alert.factor
            } * ${budget})\n` +
            `and\n` +
            `${record(alert.short)}{${serviceLabel}="${spec.name}"} > (${
              alert.factor
            } * ${budget})`,
          labels: {
            ...labels,
            severity: alert.severity,
            long_window: alert.long,
          },
          annotations: {
            summary: `${spec.name} is burning its error budget ${alert.factor}× too fast`,
            description:
              `The error ratio over ${alert.long} and ${alert.short} is above ${alert.factor} × ` +
              `${budget} (the budget of a ${objective} % availability objective); at this rate ` +
              `the 30-day budget lasts ${Number(
                (30 / alert.factor).toFixed(1),
              )} days.`,
          },
        })),
      },
    ],
  };
}
