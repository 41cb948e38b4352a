import { InputError } from '@backstage/errors';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  actionContext,
  outputsOf,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { testSettings } from '../__testUtils__/settings';
import { generateCi, TEKTON_DIR, WORKFLOW_PATH } from '../generators/ci';
import { generateGoService } from '../generators/goService';
import { resolveGoServiceSpec } from '../spec/resolveGoServiceSpec';
import { createGenerateServiceAction } from './generateServiceAction';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('go-delivery:service:generate', () => {
  const settings = testSettings();
  const action = createGenerateServiceAction({ settings });
  let workspace: string;

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('writes the Go service and its Tekton CI into "service", with the defaults', async () => {
    const input = { service: { name: 'ledger', owner: 'team-finance' } };
    const ctx = actionContext({ input, workspacePath: workspace });
    await action.handler(ctx);

    const spec = resolveGoServiceSpec(input.service, settings);
    const expected = [...generateGoService(spec), ...generateCi(spec)];
    const dir = join(workspace, 'service');
    expect(await listFiles(dir)).toEqual(expected.map(f => f.path).sort());
    for (const file of expected) {
      expect(await readFile(join(dir, file.path), 'utf8')).toBe(file.content);
      expect((await stat(join(dir, file.path))).mode & 0o777).toBe(
        file.mode ?? 0o644,
      );
    }
    expect(await readFile(join(dir, 'go.mod'), 'utf8')).toMatch(
      /^module localhost\/ledger\n\ngo 1\.24\n/,
    );
    expect(expected.some(f => f.path.startsWith(`${TEKTON_DIR}/`))).toBe(true);
    expect(outputsOf(ctx)).toEqual({
      targetPath: 'service',
      repoUrl: 'file:///srv/repos/ledger',
      modulePath: 'localhost/ledger',
      fileCount: expected.length,
    });
  });

  it('writes GitHub Actions instead of Tekton when chosen, into the folder asked for', async () => {
    const ctx = actionContext({
      input: {
        targetPath: 'repo',
        service: { name: 'ledger', owner: 'team', ci: 'github-actions' },
      },
      workspacePath: workspace,
    });
    await action.handler(ctx);
    const files = await listFiles(join(workspace, 'repo'));
    expect(files).toContain(WORKFLOW_PATH);
    expect(files.some(f => f.startsWith(`${TEKTON_DIR}/`))).toBe(false);
  });

  it('writes the same files in a dry run, and only into the workspace', async () => {
    const ctx = actionContext({
      input: { service: { name: 'ledger', owner: 'team' } },
      workspacePath: workspace,
      dryRun: true,
    });
    await action.handler(ctx);
    expect(await readdir(workspace)).toEqual(['service']);
    expect(outputsOf(ctx).fileCount).toBeGreaterThan(10);
  });

  it('refuses invalid input before writing anything', async () => {
    const ctx = actionContext({
      input: {
        service: { name: 'Ledger!', owner: 'team', port: 0 },
      },
      workspacePath: workspace,
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('name "Ledger!" must be lowercase');
    expect(error.message).toContain('port 0 must be an integer between 1');
    expect(await readdir(workspace)).toEqual([]);
  });

  it('refuses a target folder outside the workspace', async () => {
    const ctx = actionContext({
      input: {
        targetPath: '../elsewhere',
        service: { name: 'ledger', owner: 'team' },
      },
      workspacePath: workspace,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'Relative path is not allowed to refer to a directory outside its parent',
    );
  });

  it('describes its input with the schema the template editor shows', () => {
    const schema = action.schema?.input as any;
    expect(schema.required).toEqual(['service']);
    expect(schema.properties.service.required).toEqual(['name', 'owner']);
    const service = schema.properties.service.properties;
    expect(service.ci.enum).toEqual(['tekton', 'github-actions', 'gitlab-ci']);
    expect(service.manifests.enum).toEqual(['kustomize', 'helm']);
    expect(service.argocdLayout.enum).toEqual([
      'applications',
      'applicationset',
    ]);
    expect(service.prodClusters.items.required).toEqual(['name', 'server']);
  });
});
