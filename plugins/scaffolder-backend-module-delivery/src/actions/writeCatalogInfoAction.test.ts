import { Entity } from '@backstage/catalog-model';
import {
  labelsMatchSelector,
  readArgoCdTarget,
  readKubernetesTarget,
  readTektonTarget,
} from '@go-delivery/plugin-delivery-common';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  actionContext,
  outputsOf,
  TASK_ID,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { testSettings } from '../__testUtils__/settings';
import { argoCdApplication } from '../generators/gitops';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { ServiceInput } from '../spec/serviceInput';
import { createWriteCatalogInfoAction } from './writeCatalogInfoAction';

describe('go-delivery:catalog:write-info', () => {
  let workspace: string;

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  async function write(service: ServiceInput, settings = testSettings()) {
    const ctx = actionContext({ input: { service }, workspacePath: workspace });
    await createWriteCatalogInfoAction({ settings }).handler(ctx);
    const entity: Entity = yaml.parse(
      await readFile(join(workspace, 'service/catalog-info.yaml'), 'utf8'),
    );
    return { entity, outputs: outputsOf(ctx) };
  }

  it("writes the Component with exactly the annotations of the Delivery tab and the task's id", async () => {
    const { entity, outputs } = await write({
      name: 'ledger',
      owner: 'group:default/team-finance',
      system: 'shop',
      description: 'Books payments',
      coverageThreshold: 85,
    });
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'ledger',
        description: 'Books payments',
        annotations: {
          'argocd/app-selector': 'app.kubernetes.io/part-of=ledger',
          'argocd/instance-name': 'prod',
          'backstage.io/kubernetes-id': 'ledger',
          'tekton.dev/cicd': 'true',
          'backstage.io/code-coverage': 'enabled',
          'go-delivery.dev/coverage-threshold': '85',
          'go-delivery.dev/metrics-service': 'ledger',
          // The objective the GitOps folder's SLO rules alert on (the template's default).
          'go-delivery.dev/slo-availability': '99.9',
          'go-delivery.dev/scaffolder-task-id': TASK_ID,
        },
        tags: ['go'],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-finance',
        system: 'system:default/shop',
      },
    });
    expect(outputs).toEqual({
      entityRef: 'component:default/ledger',
      catalogInfoPath: 'catalog-info.yaml',
    });
  });

  it('points the Delivery tab at what the other generators create', async () => {
    const service = { name: 'ledger', owner: 'team' };
    const settings = testSettings({
      scaffolder: { argocd: { instance: 'staging', namespace: 'apps' } },
    });
    const { entity, outputs } = await write(service, settings);
    const spec = resolveGoServiceSpec(service, settings, { id: TASK_ID });
    const argocd = readArgoCdTarget(entity)!;
    expect(argocd).toMatchObject({
      instanceName: 'staging',
      appNamespace: 'apps',
    });
    for (const environment of spec.environments) {
      const app = argoCdApplication(spec, environment) as any;
      expect(app.metadata.namespace).toBe(argocd.appNamespace);
      expect(
        labelsMatchSelector(argocd.appSelector!, app.metadata.labels),
      ).toBe(true);
      // Both carry the task's marker; the Applications also name the entity they belong to.
      expect(app.metadata.annotations).toEqual({
        'go-delivery.dev/entity-ref': outputs.entityRef,
        'go-delivery.dev/scaffolder-task-id': TASK_ID,
      });
    }
    expect(readKubernetesTarget(entity)?.labelSelector).toBe(
      'backstage.io/kubernetes-id=ledger',
    );
    expect(readTektonTarget(entity)).toBeDefined();
  });

  it('leaves Tekton off for GitHub Actions', async () => {
    const { entity } = await write({
      name: 'ledger',
      owner: 'team',
      ci: 'github-actions',
    });
    expect(entity.metadata.annotations).not.toHaveProperty('tekton.dev/cicd');
    expect(entity.spec).not.toHaveProperty('system');
    expect(readTektonTarget(entity)).toBeUndefined();
  });

  it('refuses invalid input before writing anything', async () => {
    await expect(write({ name: 'ledger', owner: 'a/b/c/d' })).rejects.toThrow(
      'owner "a/b/c/d" is not an entity reference',
    );
    expect(await readdir(workspace)).toEqual([]);
  });
});
