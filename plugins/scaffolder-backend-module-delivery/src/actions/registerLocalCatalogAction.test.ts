import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'yaml';
import {
  actionContext,
  checkpointStore,
  outputsOf,
  TASK_ID,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { createRegisterLocalCatalogAction } from './registerLocalCatalogAction';

describe('go-delivery:catalog:register-local', () => {
  let workspace: string;
  let directory: string;
  let locations: Array<
    NonNullable<Awaited<ReturnType<CatalogService['getLocationByRef']>>>
  >;
  let entityVisibleAfterCalls: number;
  /** The entities the catalog holds, as the module (not the user) sees them. */
  let catalogEntities: Entity[];
  const catalog = catalogServiceMock.mock();
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ledger',
      namespace: 'finance',
      annotations: { 'go-delivery.dev/scaffolder-task-id': TASK_ID },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'experimental' },
  };

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    directory = `${workspace}-repositories`;
    await mkdir(join(directory, 'ledger'), { recursive: true });
    await writeFile(
      join(directory, 'ledger', 'catalog-info.yaml'),
      yaml.stringify(entity),
    );
    // A catalog that stores locations and shows the entity after a few reads, as processing does.
    locations = [];
    catalogEntities = [];
    entityVisibleAfterCalls = 2;
    catalog.getLocationByRef.mockImplementation(async ref =>
      locations.find(l => `${l.type}:${l.target}` === ref),
    );
    catalog.addLocation.mockImplementation(async location => {
      const added = {
        id: `id-${locations.length}`,
        type: location.type!,
        target: location.target,
        entityRef: `location:default/generated-${locations.length}`,
      };
      locations.push(added);
      catalogEntities.push(entity);
      return { location: added, entities: [] };
    });
    catalog.getEntitiesByRefs.mockImplementation(async ({ entityRefs }) => ({
      items: entityRefs.map(ref =>
        catalogEntities.find(e => stringifyEntityRef(e) === ref),
      ),
    }));
    catalog.getEntityByRef.mockImplementation(async () =>
      --entityVisibleAfterCalls <= 0
        ? ({ kind: 'Component' } as any)
        : undefined,
    );
    catalog.refreshEntity.mockResolvedValue();
  });

  afterEach(async () => {
    jest.resetAllMocks();
    await rm(workspace, { recursive: true, force: true });
    await rm(directory, { recursive: true, force: true });
  });

  function run(
    input: Record<string, any> = {},
    options: {
      dryRun?: boolean;
      checkpoints?: ReturnType<typeof checkpointStore>;
      taskId?: string;
    } = {},
  ) {
    const action = createRegisterLocalCatalogAction({
      repositories: new LocalGitRepositories({
        directory,
        identity: { name: 'x', email: 'x@example.com' },
      }),
      catalog,
      auth: mockServices.auth(),
    });
    const ctx = actionContext({
      input: { repoUrl: `file://${directory}/ledger`, ...input },
      workspacePath: workspace,
      ...options,
    });
    return action.handler(ctx).then(() => outputsOf(ctx));
  }

  it('adds a file location as the user and waits until the entity is in the catalog', async () => {
    const target = join(directory, 'ledger', 'catalog-info.yaml');
    expect(await run()).toEqual({
      catalogInfoUrl: `file:${target}`,
      entityRef: 'component:finance/ledger',
    });
    const credentials = mockCredentials.user();
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target },
      { credentials },
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:finance/ledger',
      { credentials },
    );
  });

  it('refreshes an existing registration instead of adding it twice', async () => {
    await run();
    // The same task again (recovered without checkpoints): the entity is its own.
    await run();
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(locations).toHaveLength(1);
    expect(catalog.refreshEntity).toHaveBeenCalledWith(
      'location:default/generated-0',
      { credentials: mockCredentials.user() },
    );
  });

  it('does not touch the catalog again when a task is retried', async () => {
    const checkpoints = checkpointStore();
    await run({ waitSeconds: 0 }, { checkpoints });
    await run({ waitSeconds: 0 }, { checkpoints });
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.getLocationByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('refuses an entity in the catalog that this task did not create, adding no location', async () => {
    const message =
      'Refusing to overwrite what this task did not create: component:finance/ledger is already in the catalog. Choose another name, or remove these first.';
    // Registered by hand (unmarked), e.g. the service the name already belongs to.
    catalogEntities = [
      { ...entity, metadata: { name: 'ledger', namespace: 'finance' } },
    ];
    await expect(run()).rejects.toThrow(message);
    // Created by another task.
    catalogEntities = [entity];
    await expect(run({}, { taskId: 'another-task' })).rejects.toThrow(message);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
    // Asked as the module: an entity the user may not see would still be claimed.
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({ entityRefs: ['component:finance/ledger'] }),
      { credentials: mockCredentials.service('plugin:test') },
    );
  });

  it('registers nothing in a dry run', async () => {
    await rm(join(directory, 'ledger'), { recursive: true });
    const outputs = await run({}, { dryRun: true });
    expect(outputs.catalogInfoUrl).toMatch(/catalog-info\.yaml$/);
    expect(catalog.getLocationByRef).not.toHaveBeenCalled();
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('stops waiting after waitSeconds and still succeeds', async () => {
    entityVisibleAfterCalls = Infinity;
    const started = Date.now();
    expect((await run({ waitSeconds: 1 })).entityRef).toBe(
      'component:finance/ledger',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses files that are missing, outside the repository, or not entities', async () => {
    await expect(run({ catalogInfoPath: 'missing.yaml' })).rejects.toThrow(
      'does not exist; publish the repository before registering it',
    );
    await expect(run({ catalogInfoPath: '../../etc/passwd' })).rejects.toThrow(
      'Relative path is not allowed to refer to a directory outside its parent',
    );
    await expect(run({ repoUrl: 'file:///etc' })).rejects.toThrow(
      'is not a repository of the local publisher',
    );
    await writeFile(join(directory, 'ledger', 'notes.yaml'), 'just: text\n');
    await expect(run({ catalogInfoPath: 'notes.yaml' })).rejects.toThrow(
      'does not describe a catalog entity',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
