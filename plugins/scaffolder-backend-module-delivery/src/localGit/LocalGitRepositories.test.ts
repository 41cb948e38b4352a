import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { LocalGitRepositories } from './LocalGitRepositories';

const exec = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd })).stdout.trim();
}

async function writeTree(root: string, files: Record<string, string>) {
  await rm(root, { recursive: true, force: true });
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

describe('LocalGitRepositories', () => {
  let root: string;
  let repositories: LocalGitRepositories;
  let source: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'local-git-'));
    source = join(root, 'workspace');
    repositories = new LocalGitRepositories({
      directory: join(root, 'repos'),
      identity: { name: 'Portal', email: 'portal@example.com' },
    });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a repository on main with the files, their modes and the identity', async () => {
    await writeTree(source, {
      'README.md': '# ledger\n',
      'scripts/check.sh': '#!/bin/sh\n',
    });
    await chmod(join(source, 'scripts/check.sh'), 0o755);
    const repository = repositories.named('ledger');
    const result = await repositories.publish({
      repository,
      sourceDir: source,
      targetPath: '',
      commitMessage: 'Initial commit',
    });
    expect(result).toEqual({
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      created: true,
      changed: true,
    });
    const path = join(root, 'repos', 'ledger');
    expect(repository).toEqual({
      name: 'ledger',
      path,
      url: `file://${path}`,
    });
    expect(await git(path, 'rev-parse', 'HEAD')).toBe(result.commitHash);
    expect(await git(path, 'branch', '--show-current')).toBe('main');
    expect(await git(path, 'log', '--format=%an <%ae>|%cn|%s')).toBe(
      'Portal <portal@example.com>|Portal|Initial commit',
    );
    expect(await git(path, 'ls-files', '-s')).toMatch(
      /^100644 \w+ 0\tREADME.md\n100755 \w+ 0\tscripts\/check.sh$/,
    );
    expect(await git(path, 'status', '--porcelain')).toBe('');
  });

  it('commits nothing when the files are unchanged, and exactly the change otherwise', async () => {
    const repository = repositories.named('ledger');
    const publish = () =>
      repositories.publish({
        repository,
        sourceDir: source,
        targetPath: '',
        commitMessage: 'Update',
      });
    await writeTree(source, { 'a.txt': 'a', 'b.txt': 'b' });
    const first = await publish();
    const again = await publish();
    expect(again).toEqual({
      commitHash: first.commitHash,
      created: false,
      changed: false,
    });
    await writeTree(source, { 'a.txt': 'A' });
    const third = await publish();
    expect(third.changed).toBe(true);
    expect(await git(repository.path, 'rev-list', '--count', 'HEAD')).toBe('2');
    expect(
      await git(repository.path, 'show', '--name-status', '--format=', 'HEAD'),
    ).toBe('M\ta.txt\nD\tb.txt');
  });

  it('replaces only its own folder of a shared repository, also when publishes overlap', async () => {
    const gitops = repositories.named('gitops');
    const sources = [join(root, 'one'), join(root, 'two')];
    await writeTree(sources[0], { 'base/kustomization.yaml': 'one' });
    await writeTree(sources[1], { 'base/kustomization.yaml': 'two' });
    await Promise.all(
      ['one', 'two'].map((service, index) =>
        repositories.publish({
          repository: gitops,
          sourceDir: sources[index],
          targetPath: `apps/${service}`,
          commitMessage: `Add ${service}`,
        }),
      ),
    );
    await writeTree(sources[0], { 'base/other.yaml': 'changed' });
    await repositories.publish({
      repository: gitops,
      sourceDir: sources[0],
      targetPath: '/apps/one/',
      commitMessage: 'Change one',
    });
    expect((await git(gitops.path, 'ls-files')).split('\n')).toEqual([
      'apps/one/base/other.yaml',
      'apps/two/base/kustomization.yaml',
    ]);
    expect(await git(gitops.path, 'log', '--format=%s')).toBe(
      'Change one\nAdd two\nAdd one',
    );
  });

  it("marks what a task publishes, and refuses another task's or anyone's files", async () => {
    await writeTree(source, { 'a.txt': 'a' });
    const service = repositories.named('ledger');
    const gitops = repositories.named('gitops');
    const publish = (
      repository: typeof service,
      targetPath: string,
      taskId: string,
    ) =>
      repositories.publish({
        repository,
        sourceDir: source,
        targetPath,
        commitMessage: `Publish for ${taskId}`,
        taskId,
      });
    expect(await repositories.conflict(service, '', 'task-a')).toBeUndefined();
    await publish(service, '', 'task-a');
    await publish(gitops, 'apps/ledger', 'task-a');
    expect(
      await git(service.path, 'config', 'go-delivery.scaffolderTaskId'),
    ).toBe('task-a');
    expect(
      await git(
        gitops.path,
        'config',
        'go-delivery.apps/ledger.scaffolderTaskId',
      ),
    ).toBe('task-a');

    // The same task again (a retry or a recovery): its own files.
    expect(await repositories.conflict(service, '', 'task-a')).toBeUndefined();
    expect((await publish(gitops, 'apps/ledger', 'task-a')).changed).toBe(
      false,
    );

    // Another task: refused, and nothing changes.
    const heads = [
      await git(service.path, 'rev-parse', 'HEAD'),
      await git(gitops.path, 'rev-parse', 'HEAD'),
    ];
    await writeTree(source, { 'b.txt': 'b' });
    await expect(publish(service, '', 'task-b')).rejects.toThrow(
      `Refusing to overwrite what this task did not create: local repository ${service.path} already exists. Choose another name, or remove these first.`,
    );
    await expect(publish(gitops, '/apps/ledger/', 'task-b')).rejects.toThrow(
      `local repository ${gitops.path} already holds apps/ledger.`,
    );
    expect([
      await git(service.path, 'rev-parse', 'HEAD'),
      await git(gitops.path, 'rev-parse', 'HEAD'),
    ]).toEqual(heads);
    expect(await git(gitops.path, 'ls-files')).toBe('apps/ledger/a.txt');
    // Other folders of the shared repository are free.
    expect(
      await repositories.conflict(gitops, 'apps/other', 'task-b'),
    ).toBeUndefined();

    // Files nobody marked (pushed by hand, or published before markers) are someone's too.
    await git(
      gitops.path,
      'config',
      '--unset',
      'go-delivery.apps/ledger.scaffolderTaskId',
    );
    expect(await repositories.conflict(gitops, 'apps/ledger', 'task-a')).toBe(
      `local repository ${gitops.path} already holds apps/ledger`,
    );
  });

  it('can be cloned and pushed to like a repository on a Git host', async () => {
    await writeTree(source, { 'catalog-info.yaml': 'v1' });
    const repository = repositories.named('ledger');
    await repositories.publish({
      repository,
      sourceDir: source,
      targetPath: '',
      commitMessage: 'Initial commit',
    });
    const clone = join(root, 'clone');
    await exec('git', ['clone', '-q', repository.url, clone]);
    await writeFile(join(clone, 'catalog-info.yaml'), 'v2');
    await git(
      clone,
      '-c',
      'user.name=Dev',
      '-c',
      'user.email=dev@example.com',
      'commit',
      '-qam',
      'Edit',
    );
    await git(clone, 'push', '-q', 'origin', 'main');
    // The working tree follows, so the catalog reads the pushed file.
    expect(
      await readFile(join(repository.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe('v2');
  });

  it('refuses URLs outside its directory and folders that are not its repositories', async () => {
    expect(() => repositories.fromUrl('file:///etc/passwd')).toThrow(
      'is not a repository of the local publisher',
    );
    expect(() =>
      repositories.fromUrl(`file://${join(root, 'repos', 'a', 'b')}`),
    ).toThrow('is not a repository of the local publisher');
    expect(() => repositories.fromUrl('https://github.com/a/b')).toThrow(
      'is not a repository of the local publisher',
    );
    expect(() => repositories.named('../x')).toThrow(
      'is not a local repository name',
    );
    expect(
      repositories.fromUrl(`file://${join(root, 'repos', 'ok')}`).name,
    ).toBe('ok');

    await mkdir(join(root, 'repos', 'taken'), { recursive: true });
    await writeFile(join(root, 'repos', 'taken', 'notes.txt'), 'mine');
    await writeTree(source, { 'a.txt': 'a' });
    await expect(
      repositories.publish({
        repository: repositories.named('taken'),
        sourceDir: source,
        targetPath: '',
        commitMessage: 'x',
      }),
    ).rejects.toThrow('exists and is not a git repository');
    expect(
      await readFile(join(root, 'repos', 'taken', 'notes.txt'), 'utf8'),
    ).toBe('mine');
    await expect(
      repositories.publish({
        repository: repositories.named('ledger'),
        sourceDir: source,
        targetPath: '.git/hooks',
        commitMessage: 'x',
      }),
    ).rejects.toThrow('is inside .git');
    await expect(
      repositories.publish({
        repository: repositories.named('ledger'),
        sourceDir: join(root, 'missing'),
        targetPath: '',
        commitMessage: 'x',
      }),
    ).rejects.toThrow('does not exist');
    await expect(stat(join(root, 'repos', 'ledger'))).rejects.toThrow();
  });
});
