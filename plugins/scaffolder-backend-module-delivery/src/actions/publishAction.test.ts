import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import Ajv from 'ajv';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  actionContext,
  outputsOf,
  recordingAuditor,
  temporaryWorkspace,
} from '../__testUtils__/actionContext';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { hostPublishers } from './hostPublishers';
import { createPublishAction, Publishers } from './publishAction';
import { createPublishLocalAction } from './publishLocalAction';

const exec = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd })).stdout.trim();
}

/**
 * A host's action that records the input it was given and outputs what the GitHub or GitLab
 * module's action of that id outputs, without the network.
 */
function recordingHostAction(
  id: string,
  outputs: JsonObject,
  calls: Array<{ id: string; input: JsonObject }>,
  failure?: Error,
): TemplateAction<any, any, any> {
  return createTemplateAction({
    id,
    async handler(ctx) {
      calls.push({ id, input: ctx.input as JsonObject });
      if (failure) throw failure;
      for (const [name, value] of Object.entries(outputs)) {
        ctx.output(name as any, value as any);
      }
    },
  }) as TemplateAction<any, any, any>;
}

const config = mockServices.rootConfig();
const integrations = ScmIntegrations.fromConfig(config);

describe('go-delivery:service:publish', () => {
  let workspace: string;
  let directory: string;
  let calls: Array<{ id: string; input: JsonObject }>;
  let audit: ReturnType<typeof recordingAuditor>;
  let publishers: Publishers;

  beforeEach(async () => {
    workspace = await temporaryWorkspace();
    directory = `${workspace}-repositories`;
    calls = [];
    audit = recordingAuditor();
    publishers = {
      local: createPublishLocalAction({
        repositories: new LocalGitRepositories({
          directory,
          identity: { name: 'Scaffolder', email: 'scaffolder@example.com' },
        }),
        defaultCommitMessage: 'Initial commit',
        auditor: audit.auditor,
      }),
      github: {
        repository: recordingHostAction(
          'publish:github',
          {
            remoteUrl: 'https://github.com/acme/ledger',
            repoContentsUrl: 'https://github.com/acme/ledger/blob/main',
            commitHash: 'abc',
          },
          calls,
        ),
        change: recordingHostAction(
          'publish:github:pull-request',
          {
            remoteUrl: 'https://github.com/acme/gitops/pull/7',
            pullRequestNumber: 7,
            targetBranchName: 'main',
          },
          calls,
        ),
      },
      gitlab: {
        repository: recordingHostAction(
          'publish:gitlab',
          {
            remoteUrl: 'https://gitlab.com/fin/ledger',
            repoContentsUrl: 'https://gitlab.com/fin/ledger/-/blob/main',
            projectId: 12,
            created: true,
          },
          calls,
        ),
        change: recordingHostAction(
          'publish:gitlab:merge-request',
          {
            mergeRequestUrl: 'https://gitlab.com/fin/gitops/-/merge_requests/3',
            projectid: 'fin/gitops',
            projectPath: 'fin/gitops',
            targetBranchName: 'main',
          },
          calls,
        ),
      },
    };
    await mkdir(join(workspace, 'service'), { recursive: true });
    await writeFile(join(workspace, 'service', 'go.mod'), 'module ledger\n');
    await mkdir(join(workspace, 'gitops', 'apps', 'ledger'), {
      recursive: true,
    });
    await writeFile(
      join(workspace, 'gitops', 'apps', 'ledger', 'kustomization.yaml'),
      'resources: []\n',
    );
  });

  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(directory, { recursive: true, force: true });
  });

  const gitops = {
    sourcePath: 'gitops/apps/ledger',
    targetPath: 'apps/ledger',
    branchName: 'deploy-ledger',
    title: 'Deploy ledger',
    description: 'Manifests of ledger',
  };

  function run(input: JsonObject, options: { dryRun?: boolean } = {}) {
    const action = createPublishAction({ publishers, auditor: audit.auditor });
    const ctx = actionContext({
      input,
      workspacePath: workspace,
      ...options,
    });
    return action.handler(ctx as any).then(() => outputsOf(ctx));
  }

  it('publishes both repositories locally through go-delivery:publish:local', async () => {
    const outputs = await run({
      target: 'local',
      repository: {
        localRepoUrl: `file://${directory}/ledger`,
        repoUrl: '',
        sourcePath: 'service',
        commitMessage: 'Create ledger',
      },
      gitops: { ...gitops, localRepoUrl: `file://${directory}/gitops` },
    });
    const service = join(directory, 'ledger');
    const gitopsRepo = join(directory, 'gitops');
    expect(outputs).toEqual({
      remoteUrl: `file://${service}`,
      repoPath: service,
      gitopsRepoPath: gitopsRepo,
    });
    expect(await git(service, 'ls-files')).toBe('go.mod');
    expect(await git(service, 'log', '--format=%s')).toBe('Create ledger');
    expect(await git(gitopsRepo, 'ls-files')).toBe(
      'apps/ledger/kustomization.yaml',
    );
    expect(await git(gitopsRepo, 'log', '--format=%s')).toBe('Deploy ledger');
    expect(calls).toEqual([]);
    // The local publisher audits each repository it changes.
    expect(audit.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['local-repository-publish', 'success'],
      ['local-repository-publish', 'success'],
    ]);
  });

  it('creates the GitHub repository and opens the GitOps pull request, audited', async () => {
    const outputs = await run({
      target: 'github',
      repository: {
        localRepoUrl: 'https://github.com/acme/ledger.git',
        repoUrl: 'github.com?owner=acme&repo=ledger',
        sourcePath: 'service',
        description: 'Books payments',
        commitMessage: 'Create ledger',
      },
      gitops: { ...gitops, repoUrl: 'github.com?owner=acme&repo=gitops' },
    });
    expect(outputs).toEqual({
      remoteUrl: 'https://github.com/acme/ledger',
      repoContentsUrl: 'https://github.com/acme/ledger/blob/main',
      gitopsChangeUrl: 'https://github.com/acme/gitops/pull/7',
    });
    expect(calls).toEqual([
      {
        id: 'publish:github',
        input: {
          repoUrl: 'github.com?owner=acme&repo=ledger',
          sourcePath: 'service',
          defaultBranch: 'main',
          repoVisibility: 'private',
          description: 'Books payments',
          gitCommitMessage: 'Create ledger',
        },
      },
      {
        id: 'publish:github:pull-request',
        input: {
          repoUrl: 'github.com?owner=acme&repo=gitops',
          branchName: 'deploy-ledger',
          title: 'Deploy ledger',
          description: 'Manifests of ledger',
          sourcePath: 'gitops/apps/ledger',
          targetPath: 'apps/ledger',
          update: true,
          commitMessage: 'Deploy ledger',
        },
      },
    ]);
    expect(audit.events).toEqual([
      {
        eventId: 'github-repository-publish',
        meta: {
          initiator: 'user:default/jane',
          repoUrl: 'github.com?owner=acme&repo=ledger',
        },
        outcome: 'success',
      },
      {
        eventId: 'github-gitops-change',
        meta: {
          initiator: 'user:default/jane',
          repoUrl: 'github.com?owner=acme&repo=gitops',
          branch: 'deploy-ledger',
        },
        outcome: 'success',
      },
    ]);
    await expect(
      exec('git', ['status'], { cwd: join(directory, 'ledger') }),
    ).rejects.toThrow();
  });

  it('creates the GitLab project and opens the GitOps merge request', async () => {
    const outputs = await run({
      target: 'gitlab',
      repository: {
        repoUrl: 'gitlab.com?owner=fin&repo=ledger',
        description: 'Books payments',
      },
      gitops: { ...gitops, repoUrl: 'gitlab.com?owner=fin&repo=gitops' },
    });
    expect(outputs).toEqual({
      remoteUrl: 'https://gitlab.com/fin/ledger',
      repoContentsUrl: 'https://gitlab.com/fin/ledger/-/blob/main',
      gitopsChangeUrl: 'https://gitlab.com/fin/gitops/-/merge_requests/3',
    });
    expect(calls).toEqual([
      {
        id: 'publish:gitlab',
        input: {
          repoUrl: 'gitlab.com?owner=fin&repo=ledger',
          sourcePath: 'service',
          defaultBranch: 'main',
          repoVisibility: 'private',
          settings: { description: 'Books payments' },
        },
      },
      {
        id: 'publish:gitlab:merge-request',
        input: {
          repoUrl: 'gitlab.com?owner=fin&repo=gitops',
          branchName: 'deploy-ledger',
          title: 'Deploy ledger',
          description: 'Manifests of ledger',
          sourcePath: 'gitops/apps/ledger',
          targetPath: 'apps/ledger',
        },
      },
    ]);
    expect(audit.events.map(e => [e.eventId, e.outcome])).toEqual([
      ['gitlab-repository-publish', 'success'],
      ['gitlab-gitops-change', 'success'],
    ]);
  });

  it('gives the GitHub and GitLab modules input their own schemas accept', async () => {
    const real = hostPublishers({
      config,
      integrations,
      local: publishers.local,
    });
    const ajv = new Ajv({ strict: false });
    const byId = new Map(
      [
        real.github.repository,
        real.github.change,
        real.gitlab.repository,
        real.gitlab.change,
      ].map(action => [action.id, action]),
    );
    expect([...byId.keys()]).toEqual([
      'publish:github',
      'publish:github:pull-request',
      'publish:gitlab',
      'publish:gitlab:merge-request',
    ]);
    for (const target of ['github', 'gitlab']) {
      await run({
        target,
        repository: {
          repoUrl: `${target}.com?owner=fin&repo=ledger`,
          description: 'Books payments',
          commitMessage: 'Create ledger',
        },
        gitops: { ...gitops, repoUrl: `${target}.com?owner=fin&repo=gitops` },
      });
    }
    expect(calls).toHaveLength(4);
    for (const call of calls) {
      const validate = ajv.compile(byId.get(call.id)!.schema!.input as any);
      expect([call.id, validate(call.input), validate.errors]).toEqual([
        call.id,
        true,
        null,
      ]);
    }
  });

  it('fails with the host action, audited as failed, and opens no GitOps change', async () => {
    publishers.github.repository = recordingHostAction(
      'publish:github',
      {},
      calls,
      new Error('Repository already exists'),
    );
    await expect(
      run({
        target: 'github',
        repository: { repoUrl: 'github.com?owner=acme&repo=ledger' },
        gitops: { ...gitops, repoUrl: 'github.com?owner=acme&repo=gitops' },
      }),
    ).rejects.toThrow('Repository already exists');
    expect(calls.map(c => c.id)).toEqual(['publish:github']);
    expect(audit.events).toMatchObject([
      {
        eventId: 'github-repository-publish',
        outcome: 'fail',
        error: 'Repository already exists',
      },
    ]);
  });

  it('publishes nothing in a dry run', async () => {
    const outputs = await run(
      {
        target: 'gitlab',
        repository: { repoUrl: 'gitlab.com?owner=fin&repo=ledger' },
        gitops: { ...gitops, repoUrl: 'gitlab.com?owner=fin&repo=gitops' },
      },
      { dryRun: true },
    );
    expect(outputs).toEqual({ remoteUrl: '' });
    expect(calls).toEqual([]);
    expect(audit.events).toEqual([]);
  });

  it.each([
    [
      'local',
      { repoUrl: 'github.com?owner=acme&repo=ledger' },
      'repository.localRepoUrl is required to publish to local',
    ],
    [
      'github',
      { localRepoUrl: 'file:///srv/ledger' },
      'repository.repoUrl is required to publish to github',
    ],
    [
      'gitlab',
      { repoUrl: '' },
      'repository.repoUrl is required to publish to gitlab',
    ],
  ])(
    'refuses to publish to %s without its repository',
    async (target, service, message) => {
      await expect(
        run({
          target,
          repository: service,
          gitops: {
            ...gitops,
            repoUrl: 'x?owner=a&repo=b',
            localRepoUrl: `file://${directory}/gitops`,
          },
        }),
      ).rejects.toThrow(message);
      expect(calls).toEqual([]);
      expect(audit.events).toEqual([]);
    },
  );

  it('has a strict input schema', () => {
    const action = createPublishAction({ publishers, auditor: audit.auditor });
    const validate = new Ajv({ strict: false }).compile(
      action.schema!.input as any,
    );
    const valid = {
      target: 'github',
      repository: { repoUrl: 'github.com?owner=acme&repo=ledger' },
      gitops: { ...gitops, repoUrl: 'github.com?owner=acme&repo=gitops' },
    };
    expect(validate(valid)).toBe(true);
    expect(validate({ ...valid, target: 'bitbucket' })).toBe(false);
    expect(
      validate({
        ...valid,
        repository: { ...valid.repository, repoURL: 'x' },
      }),
    ).toBe(false);
    expect(validate({ ...valid, gitops: { ...gitops, branchName: '' } })).toBe(
      false,
    );
  });
});
