import { InputError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  actionContext,
  checkpointStore,
  outputsOf,
  recordingAuditor,
  TASK_ID,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { createPublishLocalAction } from './publishLocalAction';

const exec = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd })).stdout.trim();
}

describe('go-delivery:publish:local', () => {
  let workspace: string;
  let directory: string;
  let action: ReturnType<typeof createPublishLocalAction>;
  let events: ReturnType<typeof recordingAuditor>['events'];

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    directory = `${workspace}-repositories`;
    const audit = recordingAuditor();
    events = audit.events;
    action = createPublishLocalAction({
      repositories: new LocalGitRepositories({
        directory,
        identity: { name: 'Scaffolder', email: 'scaffolder@example.com' },
      }),
      defaultCommitMessage: 'Initial commit',
      auditor: audit.auditor,
    });
    await mkdir(join(workspace, 'service'), { recursive: true });
    await writeFile(join(workspace, 'service', 'go.mod'), 'module ledger\n');
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(directory, { recursive: true, force: true });
  });

  const repoUrl = () => `file://${directory}/ledger`;

  function run(
    input: Record<string, any> = {},
    options: {
      dryRun?: boolean;
      checkpoints?: ReturnType<typeof checkpointStore>;
      taskId?: string;
    } = {},
  ) {
    const ctx = actionContext({
      input: { repoUrl: repoUrl(), sourcePath: 'service', ...input },
      workspacePath: workspace,
      ...options,
    });
    return action.handler(ctx).then(() => outputsOf(ctx));
  }

  it('publishes the folder as a new repository and audits it', async () => {
    const outputs = await run();
    const path = join(directory, 'ledger');
    expect(outputs).toEqual({
      remoteUrl: `file://${path}`,
      repoPath: path,
      commitHash: await git(path, 'rev-parse', 'HEAD'),
      created: true,
      changed: true,
    });
    expect(await git(path, 'ls-files')).toBe('go.mod');
    expect(await git(path, 'log', '--format=%s|%an')).toBe(
      'Initial commit|Scaffolder',
    );
    // Marked as this task's, in the repository's own config (clones do not carry it).
    expect(await git(path, 'config', 'go-delivery.scaffolderTaskId')).toBe(
      TASK_ID,
    );
    expect(events).toEqual([
      {
        eventId: 'local-repository-publish',
        meta: {
          repository: path,
          targetPath: '',
          initiator: 'user:default/jane',
        },
        outcome: 'success',
      },
    ]);
  });

  it('creates nothing in a dry run', async () => {
    const outputs = await run({}, { dryRun: true });
    expect(outputs).toEqual({
      remoteUrl: `file://${directory}/ledger`,
      repoPath: `${directory}/ledger`,
      commitHash: '',
      created: false,
      changed: false,
    });
    await expect(stat(directory)).rejects.toThrow('ENOENT');
    expect(events).toEqual([]);
  });

  it('publishes nothing twice: a retried task reuses its checkpoint, a new run commits no duplicate', async () => {
    const checkpoints = checkpointStore();
    const first = await run({}, { checkpoints });
    const retried = await run({}, { checkpoints });
    expect(retried).toEqual(first);
    expect(events).toHaveLength(1);

    const rerun = await run({ commitMessage: 'Again' });
    expect(rerun).toEqual({ ...first, created: false, changed: false });
    const path = join(directory, 'ledger');
    expect(await git(path, 'rev-list', '--count', 'HEAD')).toBe('1');
  });

  it('refuses a repository that another task published, and audits the refusal', async () => {
    await run({}, { taskId: 'another-task' });
    const path = join(directory, 'ledger');
    const head = await git(path, 'rev-parse', 'HEAD');
    await writeFile(join(workspace, 'service', 'main.go'), 'package main\n');
    await expect(run()).rejects.toThrow(
      `Refusing to overwrite what this task did not create: local repository ${path} already exists. Choose another name, or remove these first.`,
    );
    expect(await git(path, 'rev-parse', 'HEAD')).toBe(head);
    expect(await git(path, 'ls-files')).toBe('go.mod');
    expect(events.map(event => event.outcome)).toEqual(['success', 'fail']);
  });

  it("publishes into the service's folder of a shared repository", async () => {
    await mkdir(join(workspace, 'gitops/apps/ledger/base'), {
      recursive: true,
    });
    await writeFile(
      join(workspace, 'gitops/apps/ledger/base/kustomization.yaml'),
      'resources: []\n',
    );
    const outputs = await run({
      repoUrl: `file://${directory}/gitops`,
      sourcePath: 'gitops/apps/ledger',
      targetPath: 'apps/ledger',
      commitMessage: 'Add ledger',
    });
    expect(await git(outputs.repoPath as string, 'ls-files')).toBe(
      'apps/ledger/base/kustomization.yaml',
    );
  });

  it('refuses repositories outside its directory and folders outside the workspace', async () => {
    await expect(run({ repoUrl: 'file:///tmp/elsewhere' })).rejects.toThrow(
      InputError,
    );
    await expect(run({ sourcePath: '../..' })).rejects.toThrow(
      'Relative path is not allowed to refer to a directory outside its parent',
    );
    expect(await readdir(workspace)).toEqual(['service']);
    await expect(stat(directory)).rejects.toThrow('ENOENT');
  });
});
