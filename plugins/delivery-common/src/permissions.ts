import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Every action of the Delivery bundle that changes something is an entity-scoped permission, so a
 * policy can decide per entity (by default: the entity's owners may). Reading needs no permission of
 * its own: whoever can read the entity in the catalog can read its delivery data.
 */

const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/** Start a new PipelineRun from an earlier one's spec. @public */
export const pipelineRunRerunPermission = createPermission({
  name: 'delivery.pipelinerun.rerun',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Cancel a running PipelineRun. @public */
export const pipelineRunCancelPermission = createPermission({
  name: 'delivery.pipelinerun.cancel',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Promote a paused canary (one step or fully). @public */
export const rolloutPromotePermission = createPermission({
  name: 'delivery.rollout.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Abort a running canary, retry an aborted one. @public */
export const rolloutAbortPermission = createPermission({
  name: 'delivery.rollout.abort',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Return a service to an earlier deployed revision (Argo CD, Argo Rollouts undo or GitOps). @public */
export const deliveryRollbackPermission = createPermission({
  name: 'delivery.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Promote an environment's image into the next environment (a GitOps change), when every gate
 * is open. @public
 */
export const deliveryPromotePermission = createPermission({
  name: 'delivery.promote',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Promote although gates are shut, with a written reason (audited). @public */
export const deliveryPromoteOverridePermission = createPermission({
  name: 'delivery.promote.override',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Upload a coverage report for an entity (CI, with a service token). @public */
export const coverageUploadPermission = createPermission({
  name: 'delivery.coverage.upload',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Report delivery events of an entity (deploys, rollbacks, incidents) from outside the collector:
 * CI that deploys without Argo CD, or a team importing its history. @public
 */
export const deliveryEventsReportPermission = createPermission({
  name: 'delivery.events.report',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** All permissions of the bundle, for the permission integration router. @public */
export const deliveryPermissions = [
  pipelineRunRerunPermission,
  pipelineRunCancelPermission,
  rolloutPromotePermission,
  rolloutAbortPermission,
  deliveryRollbackPermission,
  deliveryPromotePermission,
  deliveryPromoteOverridePermission,
  coverageUploadPermission,
  deliveryEventsReportPermission,
];
