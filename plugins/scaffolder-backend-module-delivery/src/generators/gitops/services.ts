import type { IService } from 'kubernetes-models/v1/Service';
import { SERVICE_CONTRACT } from '../contract';
import type { GoServiceSpec } from '../types';
import { selectorLabels, serviceMetadata } from './labels';
import { gitopsNames } from './names';

/**
 * Scrape annotations read by Prometheus's `kubernetes-service-endpoints` job, which labels
 * every series with `service` (the Service's name) and `namespace`: the labels the canary
 * analysis and the portal's golden signals select on. With the Prometheus Operator, a
 * ServiceMonitor on these Services yields the same labels.
 */
export function prometheusScrapeAnnotations(
  spec: GoServiceSpec,
): Record<string, string> {
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(spec.port),
    'prometheus.io/path': SERVICE_CONTRACT.paths.metrics,
  };
}

function clusterIpService(spec: GoServiceSpec, name: string): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...serviceMetadata(spec.name, name),
      annotations: prometheusScrapeAnnotations(spec),
    },
    spec: {
      type: 'ClusterIP',
      // Argo Rollouts narrows this selector to the stable or the canary pods.
      selector: selectorLabels(spec.name),
      ports: [
        {
          name: SERVICE_CONTRACT.portName,
          port: 80,
          targetPort: SERVICE_CONTRACT.portName,
          protocol: 'TCP',
        },
      ],
    },
  };
}

/** The stable Service, plus the canary one when the service is rolled out as a canary. */
export function services(spec: GoServiceSpec): IService[] {
  const names = gitopsNames(spec.name);
  return [
    clusterIpService(spec, names.stableService),
    ...(spec.canary ? [clusterIpService(spec, names.canaryService)] : []),
  ];
}
