import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
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
import { createRegisterCatalogAction } from './registerCatalogAction';
import { createRegisterLocalCatalogAction } from './registerLocalCatalogAction';

describe('go-delivery:catalog:register', () => {
  let workspace: string;
  let directory: string;
  let locations: Array<
    NonNullable<Awaited<ReturnType<CatalogService['getLocationByRef']>>>
  >;
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
  const location: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'generated-abc' },
    spec: { target: 'x' },
  };

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    directory = `${workspace}-repositories`;
    await mkdir(join(directory, 'ledger'), { recursive: true });
    await writeFile(
      join(directory, 'ledger', 'catalog-info.yaml'),
      yaml.stringify(entity),
    );
    // A catalog that stores locations and reads a location's entities in a dry run.
    locations = [];
    catalog.getLocationByRef.mockImplementation(async ref =>
      locations.find(l => `${l.type}:${l.target}` === ref),
    );
    catalog.addLocation.mockImplementation(async spec => {
      const added = {
        id: `id-${locations.length}`,
        type: spec.type!,
        target: spec.target,
        entityRef: `location:default/generated-${locations.length}`,
      };
      if (!spec.dryRun) locations.push(added);
      return { location: added, entities: [location, entity] };
    });
    catalog.getEntitiesByRefs.mockResolvedValue({ items: [] });
    catalog.getEntityByRef.mockResolvedValue(entity);
    catalog.refreshEntity.mockResolvedValue();
  });

  afterEach(async () => {
    jest.resetAllMocks();
    await rm(workspace, { recursive: true, force: true });
    await rm(directory, { recursive: true, force: true });
  });

  function run(
    input: JsonObject,
    options: {
      dryRun?: boolean;
      checkpoints?: ReturnType<typeof checkpointStore>;
    } = {},
  ) {
    const action = createRegisterCatalogAction({
      registerLocal: createRegisterLocalCatalogAction({
        repositories: new LocalGitRepositories({
          directory,
          identity: { name: 'x', email: 'x@example.com' },
        }),
        catalog,
        auth: mockServices.auth(),
      }),
      catalog,
      integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
    });
    const ctx = actionContext({ input, workspacePath: workspace, ...options });
    return action.handler(ctx as any).then(() => outputsOf(ctx));
  }

  it('registers a local repository as a file location through go-delivery:catalog:register-local', async () => {
    const target = join(directory, 'ledger', 'catalog-info.yaml');
    expect(
      await run({
        target: 'local',
        repoUrl: `file://${directory}/ledger`,
        repoContentsUrl: '',
        catalogInfoPath: 'catalog-info.yaml',
      }),
    ).toEqual({
      catalogInfoUrl: `file:${target}`,
      entityRef: 'component:finance/ledger',
    });
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target },
      { credentials: mockCredentials.user() },
    );
  });

  it.each([
    [
      'github',
      'https://github.com/acme/ledger/blob/main',
      // The GitHub integration resolves the path as catalog:register does.
      'https://github.com/acme/ledger/tree/main/catalog-info.yaml',
    ],
    [
      'gitlab',
      'https://gitlab.com/fin/ledger/-/blob/main',
      'https://gitlab.com/fin/ledger/-/blob/main/catalog-info.yaml',
    ],
  ])(
    'registers the %s repository file as a url location, once',
    async (target, repoContentsUrl, catalogInfoUrl) => {
      const checkpoints = checkpointStore();
      const input = {
        target,
        repoUrl: 'https://example.com/ignored',
        repoContentsUrl,
        catalogInfoPath: 'catalog-info.yaml',
      };
      expect(await run(input, { checkpoints })).toEqual({
        catalogInfoUrl,
        entityRef: 'component:finance/ledger',
      });
      const credentials = { credentials: mockCredentials.user() };
      expect(catalog.addLocation.mock.calls).toEqual([
        [{ type: 'url', target: catalogInfoUrl }, credentials],
        [{ type: 'url', target: catalogInfoUrl, dryRun: true }, credentials],
      ]);
      // A retried task does not register again; a recovered one (no checkpoints) refreshes.
      await run(input, { checkpoints });
      await run(input);
      expect(locations).toEqual([
        {
          id: 'id-0',
          type: 'url',
          target: catalogInfoUrl,
          entityRef: 'location:default/generated-0',
        },
      ]);
      expect(catalog.refreshEntity).toHaveBeenCalledTimes(1);
    },
  );

  it('registers nothing in a dry run', async () => {
    expect(
      await run(
        {
          target: 'github',
          repoContentsUrl: 'https://github.com/acme/ledger/blob/main',
        },
        { dryRun: true },
      ),
    ).toEqual({
      catalogInfoUrl:
        'https://github.com/acme/ledger/tree/main/catalog-info.yaml',
    });
    // A dry run publishes no hosted repository to name.
    expect(await run({ target: 'gitlab' }, { dryRun: true })).toEqual({
      catalogInfoUrl: '',
    });
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it.each([
    ['local', {}, 'repoUrl is required to register for local'],
    ['github', { repoContentsUrl: '' }, 'repoContentsUrl is required'],
    [
      'gitlab',
      { repoContentsUrl: 'https://github.com/acme/ledger/blob/main' },
      'No gitlab integration found for https://github.com/acme/ledger/blob/main',
    ],
  ])(
    'refuses to register for %s without its location',
    async (target, input, message) => {
      await expect(run({ target, ...input })).rejects.toThrow(message);
      expect(catalog.addLocation).not.toHaveBeenCalled();
    },
  );
});
