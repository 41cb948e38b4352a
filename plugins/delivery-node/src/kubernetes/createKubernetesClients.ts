import { KubeConfig, User } from '@kubernetes/client-node';
import {
  KubernetesClusterConfig,
  KubernetesConfig,
} from './readKubernetesConfig';
import { HttpKubernetesClient } from './HttpKubernetesClient';
import { KubernetesClient } from './KubernetesClient';

/** Builds the `KubeConfig` (server, CA, credentials) of one configured cluster. */
export function kubeConfigFor(cluster: KubernetesClusterConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  const { auth } = cluster;
  switch (auth.type) {
    case 'serviceAccount': {
      const user: User = auth.token
        ? { name: cluster.name, token: auth.token }
        : {
            name: cluster.name,
            // client-node re-reads a token file as it rotates (projected service account tokens).
            authProvider: {
              name: 'tokenFile',
              config: { tokenFile: auth.tokenFile },
            },
          };
      kubeConfig.loadFromClusterAndUser(
        {
          name: cluster.name,
          server: cluster.url!,
          caData: cluster.caData,
          skipTLSVerify: cluster.skipTLSVerify,
        },
        user,
      );
      break;
    }
    case 'kubeconfig':
      try {
        kubeConfig.loadFromFile(auth.path);
      } catch (error) {
        throw new Error(
          `Kubernetes cluster '${cluster.name}': cannot read kubeconfig ${
            auth.path
          }: ${(error as Error).message}`,
        );
      }
      if (auth.context) {
        if (!kubeConfig.getContextObject(auth.context)) {
          throw new Error(
            `Kubernetes cluster '${cluster.name}': kubeconfig ${
              auth.path
            } has no context '${auth.context}' (it has: ${
              kubeConfig
                .getContexts()
                .map(c => c.name)
                .join(', ') || 'none'
            })`,
          );
        }
        kubeConfig.setCurrentContext(auth.context);
      }
      break;
    default:
      if (!process.env.KUBERNETES_SERVICE_HOST) {
        throw new Error(
          `Kubernetes cluster '${cluster.name}' uses inCluster auth, but Backstage is not running in a cluster`,
        );
      }
      kubeConfig.loadFromCluster();
  }
  if (!kubeConfig.getCurrentCluster()?.server) {
    throw new Error(
      `Kubernetes cluster '${cluster.name}': no API server URL in its configuration`,
    );
  }
  return kubeConfig;
}

/** One client per configured cluster; throws at startup when a cluster cannot be set up. */
export function createKubernetesClients(
  config: KubernetesConfig,
): KubernetesClient[] {
  return config.clusters.map(
    cluster =>
      new HttpKubernetesClient({
        name: cluster.name,
        kubeConfig: kubeConfigFor(cluster),
        timeoutMs: cluster.timeoutMs,
      }),
  );
}
