import { Entity } from '@backstage/catalog-model';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_INSTANCE_NAME_ANNOTATION,
} from '@go-delivery/plugin-delivery-common';
import { BenchApp } from '../fixtures';

/**
 * How an entity points at its Argo CD application: by name only (as Roadie's plugin needs it, so
 * every instance is searched) or by name and instance (`argocd/instance-name`, ours only).
 */
export type EntityVariant = 'name' | 'name+instance';

export interface BenchEntity {
  /** Entity name in the catalog (namespace `default`, kind `Component`). */
  name: string;
  app: BenchApp;
  variant: EntityVariant;
  /** Further annotations, e.g. for the metrics views. */
  annotations?: Record<string, string>;
  /**
   * The owning group's ref (`group:default/…`): `spec.owner`, and the `ownedBy` relation the
   * catalog would resolve it into (the static catalog stand-in answers relation filters only from
   * `relations`). Without it, `team-bench` and no relation.
   */
  owner?: string;
}

export function benchEntity(
  app: BenchApp,
  variant: EntityVariant,
): BenchEntity {
  return {
    name: variant === 'name' ? app.name : `${app.name}-located`,
    app,
    variant,
  };
}

export function toCatalogEntity(entity: BenchEntity): Entity {
  const annotations: Record<string, string> = {
    ...entity.annotations,
    [ARGOCD_APP_NAME_ANNOTATION]: entity.app.name,
  };
  if (entity.variant === 'name+instance') {
    annotations[ARGOCD_INSTANCE_NAME_ANNOTATION] = entity.app.instance;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: entity.name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: entity.owner ?? 'team-bench',
      lifecycle: 'production',
    },
    ...(entity.owner
      ? { relations: [{ type: 'ownedBy', targetRef: entity.owner }] }
      : {}),
  };
}
