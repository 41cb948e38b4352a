import { mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  createKubernetesClients,
  KubernetesClient,
  readKubernetesConfig,
  TEKTON_PIPELINE_RUNS,
  TEKTON_TASK_RUNS,
} from '@go-delivery/plugin-delivery-node';
import {
  slimPipelineRun,
  slimTaskRun,
} from '../services/pipelines/slimResources';
import { CachedLoader } from '../upstreams/cache/CachedLoader';
import { InstanceRegistry } from '../upstreams/InstanceRegistry';
import { KubernetesReads } from '../upstreams/kubernetes/KubernetesReads';

/**
 * The registry and cached reads of one cluster (a fake API server), built from config the way
 * the plugin builds them, for service-level tests.
 */
export function kubernetesUpstreams(options: {
  name: string;
  url: string;
  token: string;
  /** The server's CA (base64 PEM, as `caData`); without it TLS is not verified. */
  caData?: string;
  ttlMs?: number;
  cache?: CacheService;
}): {
  clusters: InstanceRegistry<KubernetesClient>;
  kubernetes: KubernetesReads;
} {
  const config = new ConfigReader({
    delivery: {
      kubernetes: {
        clusters: [
          {
            name: options.name,
            url: options.url,
            ...(options.caData
              ? { caData: options.caData }
              : { skipTLSVerify: true }),
            auth: { type: 'serviceAccount', token: options.token },
          },
        ],
      },
    },
  });
  return {
    clusters: new InstanceRegistry(
      'kubernetes',
      createKubernetesClients(readKubernetesConfig(config)),
    ),
    kubernetes: new KubernetesReads({
      loader: new CachedLoader({
        cache: options.cache ?? mockServices.cache.mock(),
        ttlMs: options.ttlMs ?? 0,
        logger: mockServices.logger.mock(),
      }),
      slimmers: [
        [TEKTON_PIPELINE_RUNS, slimPipelineRun],
        [TEKTON_TASK_RUNS, slimTaskRun],
      ],
    }),
  };
}
