import {
  ArgoCdTarget,
  DeliveryTargets,
  DeploymentsResponse,
  UpstreamFailure,
} from '@go-delivery/plugin-delivery-common';
import { UpstreamError } from '@go-delivery/plugin-delivery-node';

/** A deploy of the entity, to be put on the metrics' time axis. */
export interface DeployMarker {
  /** ISO 8601. */
  deployedAt: string;
  revision?: string;
  /** The history id of the deploy (what a rollback names). */
  id?: number;
  /** The Argo CD application that deployed. */
  application: string;
  /** The Argo CD instance that holds the application. */
  instance: string;
  /**
   * The application's destination namespace: the deploy is judged on the series of that
   * namespace (its environment), not on the sum of every environment's.
   */
  namespace?: string;
}

/** The entity's deploys, and the sources that could not be read. */
export interface DeployMarkers {
  markers: DeployMarker[];
  failures: UpstreamFailure[];
}

/** Where the deploys of an entity come from (the Argo CD history in the Delivery backend). */
export interface DeployMarkerSource {
  getDeployMarkers(targets: DeliveryTargets): Promise<DeployMarkers>;
}

/**
 * The entity's deploys from a source, if there is one. A source failing as a whole degrades the
 * markers only (its failure is passed on); anything else is a real error.
 */
export async function readDeployMarkers(
  source: DeployMarkerSource | undefined,
  targets: DeliveryTargets,
): Promise<DeployMarkers> {
  if (!source) return { markers: [], failures: [] };
  try {
    return await source.getDeployMarkers(targets);
  } catch (error) {
    if (error instanceof UpstreamError) {
      return { markers: [], failures: [error.failure] };
    }
    throw error;
  }
}

/** Turns the entity's Argo CD applications into deploy markers: one per history entry. */
export function deployMarkersFromDeployments(
  response: DeploymentsResponse,
): DeployMarkers {
  const markers = response.applications.flatMap(app =>
    app.history.flatMap((entry): DeployMarker[] =>
      entry.deployedAt
        ? [
            {
              deployedAt: entry.deployedAt,
              application: app.name,
              instance: app.instance,
              ...(app.destination?.namespace
                ? { namespace: app.destination.namespace }
                : {}),
              ...(entry.revision ?? entry.revisions?.[0]
                ? { revision: entry.revision ?? entry.revisions![0] }
                : {}),
              ...(entry.id !== undefined ? { id: entry.id } : {}),
            },
          ]
        : [],
    ),
  );
  return { markers, failures: response.failures };
}

/**
 * Backs the deploy markers with the Argo CD history the deployments service reads (and caches).
 * Applications of every environment the entity annotates are included.
 */
export class ArgoCdDeployMarkerSource implements DeployMarkerSource {
  constructor(
    private readonly deployments: {
      getDeployments(
        target: ArgoCdTarget | undefined,
      ): Promise<DeploymentsResponse>;
    },
  ) {}

  async getDeployMarkers(targets: DeliveryTargets): Promise<DeployMarkers> {
    return deployMarkersFromDeployments(
      await this.deployments.getDeployments(targets.argocd),
    );
  }
}
