import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRollbackConfig } from '../config';
import { GitopsRepositories } from './GitopsRepositories';
import { GitopsRepository } from './GitopsRepository';
import {
  commitAll,
  gitLog,
  gitShow,
  overlayKustomization,
  seedGitopsRepository,
} from '@go-delivery/sandbox';

const IMAGE = 'ghcr.io/example-org/payments-api';
const FILE = 'overlays/prod/kustomization.yaml';

interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  privateToken?: string;
  body?: any;
}

/** A Git host's REST API for the handful of calls a rollback makes; records every request. */
async function fakeHost(
  handle: (r: Recorded) => { status: number; body?: unknown; raw?: string },
): Promise<{ url: string; requests: Recorded[]; server: Server }> {
  const requests: Recorded[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(req.headers['content-type']
        ? { contentType: req.headers['content-type'] }
        : {}),
      ...(req.headers.authorization
        ? { authorization: req.headers.authorization }
        : {}),
      ...(req.headers['private-token']
        ? { privateToken: String(req.headers['private-token']) }
        : {}),
      ...(text ? { body: JSON.parse(text) } : {}),
    };
    requests.push(recorded);
    const answer = handle(recorded);
    res.writeHead(answer.status, {
      'content-type':
        answer.raw !== undefined ? 'text/plain' : 'application/json',
    });
    res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, server };
}

describe('GitOps repositories', () => {
  let tmp: string;
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'delivery-gitops-'));
    logger.warn.mockClear();
  });

  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  function repositories(config: object, integrations: object = {}) {
    const root = new ConfigReader({
      integrations,
      delivery: { rollback: { gitops: config } },
    });
    return new GitopsRepositories({
      config: readRollbackConfig(root).gitops,
      integrations: ScmIntegrations.fromConfig(root),
      logger,
    });
  }

  it('resolves local repositories only from config, and hosts only through integrations', () => {
    const repos = repositories(
      {
        local: {
          directory: join(tmp, 'published'),
          repositories: [
            {
              url: 'https://github.com/example-org/payments-api-gitops.git',
              path: join(tmp, 'payments'),
            },
          ],
        },
      },
      {
        github: [{ host: 'github.com', token: 'gh-token' }],
        gitlab: [
          {
            host: 'gitlab.example.com',
            apiBaseUrl: 'https://gitlab.example.com/api/v4',
            token: 'gl-token',
          },
        ],
      },
    );
    const resolved = (url: string) => {
      const r = repos.resolve(url);
      return r.ok ? [r.repository.provider, r.repository.mode] : r.reason;
    };
    expect(
      resolved('https://github.com/example-org/payments-api-gitops'),
    ).toEqual(['local', 'commit']);
    expect(
      resolved(pathToFileURL(join(tmp, 'published', 'gitops')).href),
    ).toEqual(['local', 'commit']);
    // Only folders directly in the directory: no walking out of it.
    expect(
      resolved(pathToFileURL(join(tmp, 'published', 'a', 'b')).href),
    ).toMatch(/is neither a configured local repository/);
    expect(resolved(`file://${tmp}/published/../../etc`)).toMatch(
      /is neither a configured local repository/,
    );
    expect(
      resolved('https://github.com/example-org/orders-api-gitops'),
    ).toEqual(['github', 'pull-request']);
    expect(
      resolved('https://gitlab.example.com/platform/apps/gitops.git'),
    ).toEqual(['gitlab', 'pull-request']);
    expect(resolved('https://git.example.org/x/y')).toBe(
      'No local repository and no GitHub or GitLab integration is configured for git.example.org',
    );
    expect(resolved('git@github.com:example-org/x.git')).toMatch(
      /is neither a configured local repository nor an http\(s\) URL/,
    );
    expect(resolved('https://github.com/example-org')).toMatch(
      /is not a GitHub repository URL/,
    );
  });

  describe('a local repository', () => {
    let path: string;
    let commits: string[];
    let repository: GitopsRepository;

    beforeEach(() => {
      path = join(tmp, 'payments-api-gitops');
      commits = seedGitopsRepository({
        path,
        overlay: 'overlays/prod',
        image: IMAGE,
        namespace: 'payments',
        deploys: [{ tag: '1.7.1' }, { tag: '1.7.2' }],
      });
      const resolved = repositories({
        local: { repositories: [{ url: 'https://git.example/gitops', path }] },
      }).resolve('https://git.example/gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      repository = resolved.repository;
    });

    it('reads a file at a commit and at a branch, and nothing for what does not exist', async () => {
      expect(await repository.defaultBranch()).toBe('main');
      expect(await repository.readFile(commits[0], FILE)).toContain(
        'newTag: "1.7.1"',
      );
      expect(await repository.readFile('main', FILE)).toContain(
        'newTag: "1.7.2"',
      );
      expect(
        await repository.readFile(
          'fb0f65ea5ff7668bd66d7b6458b952160145b34c',
          FILE,
        ),
      ).toBeUndefined();
      expect(
        await repository.readFile('main', 'overlays/dev/kustomization.yaml'),
      ).toBe(undefined);
    });

    it('refuses revisions and paths that would be options or leave the repository', async () => {
      await expect(
        repository.readFile('--output=/tmp/x', FILE),
      ).rejects.toThrow("'--output=/tmp/x' is not a commit or branch");
      await expect(
        repository.readFile('main', '../../etc/passwd'),
      ).rejects.toThrow('is not a file path inside the repository');
    });

    it('commits the change to the branch and the working tree follows', async () => {
      const before = readFileSync(join(path, FILE), 'utf8');
      const after = before.replace('newTag: "1.7.2"', 'newTag: "1.7.1"');
      const result = await repository.change({
        branch: 'main',
        path: FILE,
        previousContent: before,
        content: after,
        message:
          'rollback(payments-api-prod): pin payments-api to 1.7.1\n\nbody\n',
        changeBranch: 'unused',
        title: 'unused',
        description: 'unused',
      });
      expect(result.commit.branch).toBe('main');
      expect(gitLog(path, ['-1', '--format=%H %an <%ae> %s'])).toBe(
        `${result.commit.sha} Backstage Delivery <delivery@backstage.invalid> rollback(payments-api-prod): pin payments-api to 1.7.1\n`,
      );
      expect(gitShow(path, `HEAD:${FILE}`)).toBe(after);
      expect(readFileSync(join(path, FILE), 'utf8')).toBe(after);

      // Computed from content that is no longer the tip: refused, nothing committed.
      await expect(
        repository.change({
          branch: 'main',
          path: FILE,
          previousContent: before,
          content: before,
          message: 'again',
          changeBranch: 'x',
          title: 'x',
          description: 'x',
        }),
      ).rejects.toMatchObject({ reason: 'conflict' });
      expect(gitLog(path, ['--format=%s']).split('\n')[0]).toMatch(/^rollback/);
    });
  });

  describe('a local repository with symbolic links', () => {
    let path: string;
    let repository: GitopsRepository;
    const passwd = readFileSync('/etc/passwd', 'utf8');

    beforeEach(() => {
      path = join(tmp, 'payments-api-gitops');
      seedGitopsRepository({
        path,
        overlay: 'overlays/prod',
        image: IMAGE,
        namespace: 'payments',
        deploys: [{ tag: '1.7.1' }],
      });
      // A link to a file outside, and a link to a directory outside.
      mkdirSync(join(path, 'overlays', 'evil'));
      symlinkSync(
        '/etc/passwd',
        join(path, 'overlays', 'evil', 'kustomization.yaml'),
      );
      symlinkSync('/etc', join(path, 'overlays', 'etc'));
      commitAll(path, 'links');
      const resolved = repositories({
        local: { repositories: [{ url: 'https://git.example/gitops', path }] },
      }).resolve('https://git.example/gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      repository = resolved.repository;
    });

    it('refuses to read a file that is a link, or lies under one', async () => {
      await expect(
        repository.readFile('main', 'overlays/evil/kustomization.yaml'),
      ).rejects.toMatchObject({
        reason: 'refused',
        message:
          "'overlays/evil/kustomization.yaml' is a symbolic link in the repository; GitOps rollback does not follow links (overlays/evil/kustomization.yaml)",
      });
      await expect(
        repository.readFile('main', 'overlays/etc/passwd'),
      ).rejects.toMatchObject({
        reason: 'refused',
        message: expect.stringMatching(/^'overlays\/etc' is a symbolic link/),
      });
      await expect(
        repository.readFile('main', 'overlays/prod/../../../etc/passwd'),
      ).rejects.toThrow('is not a file path inside the repository');
      // What is not there at all still reads as nothing.
      expect(
        await repository.readFile('main', 'overlays/none/kustomization.yaml'),
      ).toBeUndefined();
      expect(
        await repository.readFile('main', 'README.md/kustomization.yaml'),
      ).toBeUndefined();
    });

    it('refuses to change a file that is a link, leaving what it points at alone', async () => {
      const outside = join(tmp, 'outside.yaml');
      writeFileSync(outside, 'untouched\n');
      unlinkSync(join(path, FILE));
      symlinkSync(outside, join(path, FILE));
      commitAll(path, 'overlay is a link');
      const head = gitLog(path, ['-1', '--format=%H']);
      await expect(
        repository.change({
          branch: 'main',
          path: FILE,
          // What git holds for a link: its target.
          previousContent: outside,
          content: 'images: []\n',
          message: 'rollback',
          changeBranch: 'x',
          title: 'x',
          description: 'x',
        }),
      ).rejects.toMatchObject({
        reason: 'refused',
        message: expect.stringContaining('is a symbolic link'),
      });
      expect(readFileSync(outside, 'utf8')).toBe('untouched\n');
      expect(readFileSync('/etc/passwd', 'utf8')).toBe(passwd);
      expect(gitLog(path, ['-1', '--format=%H'])).toBe(head);
    });
  });

  describe('a local repository that moves during a change', () => {
    const realPath = process.env.PATH;

    afterEach(() => {
      process.env.PATH = realPath;
    });

    it('refuses the commit when its parent is no longer the branch head, changing nothing', async () => {
      const path = join(tmp, 'payments-api-gitops');
      seedGitopsRepository({
        path,
        overlay: 'overlays/prod',
        image: IMAGE,
        namespace: 'payments',
        deploys: [{ tag: '1.7.1' }, { tag: '1.7.2' }],
      });
      // A `git` that, as the rollback commits in its clone, lets someone else commit to the
      // repository first: the rollback's commit then has a parent that is no longer the head.
      const bin = join(tmp, 'bin');
      mkdirSync(bin);
      const real = execFileSync('sh', ['-c', 'command -v git'], {
        encoding: 'utf8',
      }).trim();
      writeFileSync(
        join(bin, 'git'),
        [
          '#!/bin/sh',
          `case " $* " in *" commit "*) if [ "$PWD" != "${path}" ]; then`,
          `  "${real}" -C "${path}" -c user.name=someone -c user.email=someone@example.com commit --quiet --allow-empty -m concurrent`,
          'fi;; esac',
          `exec "${real}" "$@"`,
        ].join('\n'),
        { mode: 0o755 },
      );
      process.env.PATH = `${bin}:${realPath}`;
      const resolved = repositories({
        local: { repositories: [{ url: 'https://git.example/gitops', path }] },
      }).resolve('https://git.example/gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      const before = readFileSync(join(path, FILE), 'utf8');
      const error = await resolved.repository
        .change({
          branch: 'main',
          path: FILE,
          previousContent: before,
          content: before.replace('"1.7.2"', '"1.7.1"'),
          message: 'rollback',
          changeBranch: 'x',
          title: 'x',
          description: 'x',
        })
        .catch(e => e);
      expect(error).toMatchObject({
        reason: 'conflict',
        message: expect.stringContaining('refused the push to main'),
      });
      expect(gitLog(path, ['-1', '--format=%s']).trim()).toBe('concurrent');
      expect(readFileSync(join(path, FILE), 'utf8')).toBe(before);
    });
  });

  describe('a local repository that fails', () => {
    it('logs the details of a failing git step and tells the caller only which step failed', async () => {
      const path = join(tmp, 'payments-api-gitops');
      seedGitopsRepository({
        path,
        overlay: 'overlays/prod',
        image: IMAGE,
        namespace: 'payments',
        deploys: [{ tag: '1.7.1' }],
      });
      const resolved = repositories({
        local: { repositories: [{ url: 'https://git.example/gitops', path }] },
      }).resolve('https://git.example/gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      const content = readFileSync(join(path, FILE), 'utf8');
      // The same content again: git has nothing to commit and fails.
      const error = await resolved.repository
        .change({
          branch: 'main',
          path: FILE,
          previousContent: content,
          content,
          message: 'rollback',
          changeBranch: 'x',
          title: 'x',
          description: 'x',
        })
        .catch(e => e);
      expect(error).toMatchObject({
        reason: 'failed',
        message:
          'The local GitOps repository could not be updated (commit failed)',
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`Local GitOps repository ${path}`),
        expect.objectContaining({ name: 'GitCommandError' }),
      );

      rmSync(path, { recursive: true, force: true });
      const read = await resolved.repository
        .readFile('main', FILE)
        .catch(e => e);
      expect(read.message).toMatch(
        /^The local GitOps repository could not be read \(\S+ failed\)$/,
      );
      expect(read.message).not.toContain(tmp);
    });
  });

  it('on GitHub: reads through the contents API and opens a pull request with the exact requests', async () => {
    const before = overlayKustomization({
      image: IMAGE,
      namespace: 'payments',
      deploy: { tag: '1.7.2' },
    });
    const after = before.replace('"1.7.2"', '"1.7.1"');
    const host = await fakeHost(r => {
      if (r.method === 'GET' && r.path.endsWith(`/contents/${FILE}`)) {
        return {
          status: 200,
          body: {
            type: 'file',
            sha: 'blob-sha-1',
            content: Buffer.from(before).toString('base64'),
          },
        };
      }
      if (r.path.endsWith('/git/ref/heads/main'))
        return { status: 200, body: { object: { sha: 'tip-sha' } } };
      if (r.path.endsWith('/git/refs')) return { status: 201, body: {} };
      if (r.method === 'PUT')
        return {
          status: 200,
          body: {
            commit: {
              sha: 'new-sha',
              html_url: 'https://github.com/c/new-sha',
            },
          },
        };
      if (r.method === 'GET' && r.path.endsWith('/pulls'))
        return { status: 200, body: [] };
      if (r.path.endsWith('/pulls'))
        return {
          status: 201,
          body: { html_url: 'https://github.com/pr/7', number: 7 },
        };
      return { status: 404, body: { message: 'Not Found' } };
    });
    try {
      const resolved = repositories(
        {},
        {
          github: [
            {
              host: 'github.example.test',
              apiBaseUrl: `${host.url}/api/v3`,
              token: 'gh-token',
            },
          ],
        },
      ).resolve(
        'https://github.example.test/example-org/payments-api-gitops.git',
      );
      if (!resolved.ok) throw new Error(resolved.reason);
      const result = await resolved.repository.change({
        branch: 'main',
        path: FILE,
        previousContent: before,
        content: after,
        message: 'rollback: pin 1.7.1',
        changeBranch: 'rollback/payments-api-prod-4-x',
        title: 'rollback: pin 1.7.1',
        description: 'why',
      });
      expect(result).toEqual({
        commit: {
          sha: 'new-sha',
          branch: 'rollback/payments-api-prod-4-x',
          url: 'https://github.com/c/new-sha',
        },
        pullRequest: { url: 'https://github.com/pr/7', number: 7 },
      });
      const repo = '/api/v3/repos/example-org/payments-api-gitops';
      expect(
        host.requests.map(r => [
          r.method,
          r.path,
          r.query,
          r.contentType,
          r.body,
        ]),
      ).toEqual([
        // No pull request from this change branch yet (a retry would find its own here).
        [
          'GET',
          `${repo}/pulls`,
          { head: 'example-org:rollback/payments-api-prod-4-x', state: 'all' },
          undefined,
          undefined,
        ],
        [
          'GET',
          `${repo}/contents/${FILE}`,
          { ref: 'main' },
          undefined,
          undefined,
        ],
        ['GET', `${repo}/git/ref/heads/main`, {}, undefined, undefined],
        [
          'POST',
          `${repo}/git/refs`,
          {},
          'application/json',
          { ref: 'refs/heads/rollback/payments-api-prod-4-x', sha: 'tip-sha' },
        ],
        [
          'PUT',
          `${repo}/contents/${FILE}`,
          {},
          'application/json',
          {
            message: 'rollback: pin 1.7.1',
            content: Buffer.from(after).toString('base64'),
            sha: 'blob-sha-1',
            branch: 'rollback/payments-api-prod-4-x',
          },
        ],
        [
          'POST',
          `${repo}/pulls`,
          {},
          'application/json',
          {
            title: 'rollback: pin 1.7.1',
            head: 'rollback/payments-api-prod-4-x',
            base: 'main',
            body: 'why',
          },
        ],
      ]);
      expect(new Set(host.requests.map(r => r.authorization))).toEqual(
        new Set(['Bearer gh-token']),
      );
      expect(
        await resolved.repository.readFile('abc1234', 'missing.yaml'),
      ).toBe(undefined);
    } finally {
      host.server.close();
    }
  });

  it('on GitLab: one commit on a new branch and a merge request, with the exact requests', async () => {
    const before = 'images:\n- name: x/payments-api\n  newTag: v2\n';
    const after = 'images:\n- name: x/payments-api\n  newTag: v1\n';
    const host = await fakeHost(r => {
      if (r.path.endsWith('/raw')) return { status: 200, raw: before };
      if (r.method === 'GET' && r.path.endsWith('kustomization.yaml'))
        return {
          status: 200,
          body: {
            content: Buffer.from(before).toString('base64'),
            last_commit_id: 'file-commit-1',
          },
        };
      if (r.method === 'GET' && r.path.endsWith('/merge_requests'))
        return { status: 200, body: [] };
      if (r.path.endsWith('/repository/commits'))
        return {
          status: 201,
          body: { id: 'c0ffee', web_url: 'https://gl/c0ffee' },
        };
      if (r.path.endsWith('/merge_requests'))
        return { status: 201, body: { web_url: 'https://gl/mr/3', iid: 3 } };
      return { status: 404, body: { message: '404 Not Found' } };
    });
    try {
      const resolved = repositories(
        {},
        {
          gitlab: [
            {
              host: 'gitlab.example.test',
              apiBaseUrl: `${host.url}/api/v4`,
              token: 'gl-token',
            },
          ],
        },
      ).resolve('https://gitlab.example.test/platform/apps/gitops.git');
      if (!resolved.ok) throw new Error(resolved.reason);
      const result = await resolved.repository.change({
        branch: 'main',
        path: 'apps/payments/overlays/prod/kustomization.yaml',
        previousContent: before,
        content: after,
        message: 'rollback: v1',
        changeBranch: 'rollback/x',
        title: 'rollback: v1',
        description: 'why',
      });
      expect(result).toEqual({
        commit: {
          sha: 'c0ffee',
          branch: 'rollback/x',
          url: 'https://gl/c0ffee',
        },
        pullRequest: { url: 'https://gl/mr/3', number: 3 },
      });
      const project = '/api/v4/projects/platform%2Fapps%2Fgitops';
      expect(
        host.requests.map(r => [r.method, r.path, r.query, r.body]),
      ).toEqual([
        // No merge request from this change branch yet (a retry would find its own here).
        [
          'GET',
          `${project}/merge_requests`,
          { source_branch: 'rollback/x' },
          undefined,
        ],
        // The file with the commit that last changed it, which the commit names.
        [
          'GET',
          `${project}/repository/files/apps%2Fpayments%2Foverlays%2Fprod%2Fkustomization.yaml`,
          { ref: 'main' },
          undefined,
        ],
        [
          'POST',
          `${project}/repository/commits`,
          {},
          {
            branch: 'rollback/x',
            start_branch: 'main',
            commit_message: 'rollback: v1',
            actions: [
              {
                action: 'update',
                file_path: 'apps/payments/overlays/prod/kustomization.yaml',
                content: after,
                last_commit_id: 'file-commit-1',
              },
            ],
          },
        ],
        [
          'POST',
          `${project}/merge_requests`,
          {},
          {
            source_branch: 'rollback/x',
            target_branch: 'main',
            title: 'rollback: v1',
            description: 'why',
            remove_source_branch: true,
          },
        ],
      ]);
      expect(
        host.requests.every(r => r.authorization === 'Bearer gl-token'),
      ).toBe(true);
    } finally {
      host.server.close();
    }
  });

  const change = {
    branch: 'main',
    path: FILE,
    previousContent: 'before\n',
    content: 'after\n',
    message: 'rollback: pin',
    changeBranch: 'rollback/payments-api-prod-4-key-0001',
    title: 'rollback: pin',
    description: 'why',
  };

  it('on GitHub: a retry with the same key finds its own pull request and opens no second one', async () => {
    const host = await fakeHost(r =>
      r.method === 'GET' && r.path.endsWith('/pulls')
        ? {
            status: 200,
            body: [
              {
                html_url: 'https://github.com/pr/7',
                number: 7,
                head: { sha: 'new-sha' },
              },
            ],
          }
        : { status: 500, body: { message: 'unexpected' } },
    );
    try {
      const resolved = repositories(
        {},
        {
          github: [
            {
              host: 'github.example.test',
              apiBaseUrl: `${host.url}/api/v3`,
              token: 'gh-token',
            },
          ],
        },
      ).resolve('https://github.example.test/example-org/payments-api-gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      await expect(resolved.repository.change(change)).resolves.toEqual({
        commit: { sha: 'new-sha', branch: change.changeBranch },
        pullRequest: { url: 'https://github.com/pr/7', number: 7 },
      });
      expect(host.requests.map(r => r.method)).toEqual(['GET']);
    } finally {
      host.server.close();
    }
  });

  it('on GitLab: a commit on a file that moved meanwhile is refused as a conflict', async () => {
    const host = await fakeHost(r => {
      if (r.method === 'GET' && r.path.endsWith('/merge_requests'))
        return { status: 200, body: [] };
      if (r.method === 'GET')
        return {
          status: 200,
          body: {
            content: Buffer.from('before\n').toString('base64'),
            last_commit_id: 'file-commit-1',
          },
        };
      // What GitLab answers when last_commit_id is no longer the file's last commit.
      return {
        status: 400,
        body: {
          message:
            'You are attempting to update a file that has changed since you started editing it.',
        },
      };
    });
    try {
      const resolved = repositories(
        { mode: 'commit' },
        {
          gitlab: [
            {
              host: 'gitlab.example.test',
              apiBaseUrl: `${host.url}/api/v4`,
              token: 'gl-token',
            },
          ],
        },
      ).resolve('https://gitlab.example.test/platform/apps/gitops');
      if (!resolved.ok) throw new Error(resolved.reason);
      await expect(resolved.repository.change(change)).rejects.toMatchObject({
        reason: 'conflict',
        message: expect.stringMatching(/changed since you started editing it/),
      });
      expect(host.requests.at(-1)?.body.actions[0].last_commit_id).toBe(
        'file-commit-1',
      );
    } finally {
      host.server.close();
    }
  });
});
