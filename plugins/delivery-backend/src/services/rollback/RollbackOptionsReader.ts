import {
  deliveryRollbackPermission,
  DeliveryTargets,
  RollbackApplicationOption,
  RollbackOptionsResponse,
  rolloutAbortPermission,
} from '@go-delivery/plugin-delivery-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { entityPermissionDecisions } from '../../actions/authorizeEntityAction';
import { ProductionTargets } from '../../actions/confirmation';
import { ArgoCdReads } from '../../upstreams/argocd/ArgoCdReads';
import { deployedRevision } from '@go-delivery/plugin-delivery-node';
import {
  EntityApplication,
  listEntityApplications,
} from '../../binding/argoCdApplications';
import { attempt } from '../../upstreams/fanOut';
import { RolloutsReader } from '../rollouts/RolloutsReader';
import { historyView, isAutoSyncEnabled } from './applicationHistory';
import { RollbackStrategies } from './rollbackStrategies';
import { argoCdOption } from './strategies/argoCdHistory';
import { isProductionLikeApplication } from './strategies/applicationEntry';

/**
 * What the rollback dialog offers for an entity: each strategy's options on the entity's Rollouts
 * and Argo CD applications (read in parallel), and what the caller may do.
 */
export class RollbackOptionsReader {
  constructor(
    private readonly options: {
      argocd: ArgoCdReads;
      rollouts: RolloutsReader;
      strategies: RollbackStrategies;
      permissions: PermissionsService;
      productionTargets: ProductionTargets;
    },
  ) {}

  async listOptions(context: {
    entity: Entity;
    targets: DeliveryTargets;
    credentials: BackstageCredentials;
  }): Promise<RollbackOptionsResponse> {
    const { entity, targets, credentials } = context;
    const { strategies } = this.options;
    const [rollouts, applications, allowed] = await Promise.all([
      this.options.rollouts.listRollouts(targets.kubernetes),
      listEntityApplications(this.options.argocd, targets.argocd),
      entityPermissionDecisions({
        permissions: this.options.permissions,
        entity,
        credentials,
        checks: [rolloutAbortPermission, deliveryRollbackPermission],
      }),
    ]);
    // An application whose data the options cannot be made of fails on its own.
    const options = await Promise.all(
      applications.applications.map(a =>
        attempt({ kind: 'argocd', instance: a.client.name }, async () =>
          this.applicationOption(a),
        ),
      ),
    );
    return {
      canaries: strategies['abort-canary'].options(rollouts.rollouts),
      applications: options.flatMap(o => (o.ok ? [o.value] : [])),
      undos: strategies['rollout-undo'].options(rollouts.rollouts),
      allowed: { abortCanary: allowed[0], rollback: allowed[1] },
      failures: [
        ...rollouts.failures,
        ...applications.failures,
        ...options.flatMap(o => (o.ok ? [] : [o.failure])),
      ],
    };
  }

  private applicationOption(
    found: EntityApplication,
  ): RollbackApplicationOption {
    const { app, client } = found;
    const name = app.metadata?.name ?? '';
    const history = historyView(app);
    const earlier = history.filter(h => !h.current && h.revision);
    return {
      instance: client.name,
      application: name,
      ...(app.metadata?.namespace
        ? { appNamespace: app.metadata.namespace }
        : {}),
      ...(app.spec?.project ? { project: app.spec.project } : {}),
      ...(deployedRevision(app.status?.sync)
        ? { currentRevision: deployedRevision(app.status?.sync) }
        : {}),
      autoSync: isAutoSyncEnabled(app),
      confirmationRequired: isProductionLikeApplication(
        this.options.productionTargets,
        found,
      ),
      confirmationText: name,
      argocd: argoCdOption(app, earlier.length),
      gitops: this.options.strategies.gitops.option(app, earlier.length > 0),
      history,
    };
  }
}
