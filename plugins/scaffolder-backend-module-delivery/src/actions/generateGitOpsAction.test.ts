import { InputError } from '@backstage/errors';
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
import { generateGitOps } from '../generators/gitops';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { createGenerateGitOpsAction } from './generateGitOpsAction';

describe('go-delivery:gitops:generate', () => {
  const settings = testSettings();
  const action = createGenerateGitOpsAction({ settings });
  let workspace: string;

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('writes the service\'s GitOps folder below "gitops" and says where to publish it', async () => {
    const input = {
      service: { name: 'ledger', owner: 'team', environments: ['dev', 'prod'] },
    };
    const ctx = actionContext({ input, workspacePath: workspace });
    await action.handler(ctx);

    const files = generateGitOps(
      resolveGoServiceSpec(input.service, settings, { id: TASK_ID }),
    );
    for (const file of files) {
      expect(file.path.startsWith('apps/ledger/')).toBe(true);
      expect(await readFile(join(workspace, 'gitops', file.path), 'utf8')).toBe(
        file.content,
      );
    }
    expect(outputsOf(ctx)).toEqual({
      path: 'gitops/apps/ledger',
      gitopsPath: 'apps/ledger',
      repoUrl: 'file:///srv/repos/gitops',
      applications: ['ledger-dev', 'ledger-prod'],
    });
    const prod = yaml.parse(
      await readFile(
        join(workspace, 'gitops/apps/ledger/argocd/prod.yaml'),
        'utf8',
      ),
    );
    expect(prod.spec.source).toEqual({
      repoURL: 'file:///srv/repos/gitops',
      targetRevision: 'main',
      path: 'apps/ledger/overlays/prod',
    });
    expect(prod.spec.syncPolicy.automated).toBeUndefined();
    // The Application in Git is the one registered in Argo CD: marked with the entity and task.
    expect(prod.metadata.annotations).toEqual({
      'go-delivery.dev/entity-ref': 'component:default/ledger',
      'go-delivery.dev/scaffolder-task-id': TASK_ID,
    });
  });

  it('uses the folder asked for, and writes in a dry run too (the workspace is the preview)', async () => {
    const ctx = actionContext({
      input: {
        targetPath: 'deploy',
        service: { name: 'ledger', owner: 'team' },
      },
      workspacePath: workspace,
      dryRun: true,
    });
    await action.handler(ctx);
    expect(await readdir(join(workspace, 'deploy/apps/ledger'))).toEqual(
      expect.arrayContaining(['README.md', 'argocd', 'base', 'overlays']),
    );
    expect(outputsOf(ctx).path).toBe('deploy/apps/ledger');
  });

  it('refuses invalid input before writing anything', async () => {
    const ctx = actionContext({
      input: { service: { name: 'ledger', owner: 'team', environments: [] } },
      workspacePath: workspace,
    });
    await expect(action.handler(ctx)).rejects.toBeInstanceOf(InputError);
    expect(await readdir(workspace)).toEqual([]);
  });
});
