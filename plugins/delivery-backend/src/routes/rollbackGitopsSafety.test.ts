import { commitAll, gitLog } from '@go-delivery/sandbox';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  CREDENTIALS,
  withCredentialedRepoUrl,
} from '../__testUtils__/argoCdFixtureVariants';
import {
  GITOPS_URL,
  OVERLAY_FILE,
  startGitopsRollbackBackend,
} from '../__testUtils__/gitopsRollbackBackend';

const entity = '/api/delivery/entities/component/default/payments-api';
const target = {
  instance: 'prod',
  application: 'payments-api-prod',
  appNamespace: 'argocd',
  historyId: 4,
};
let keyCounter = 0;
const rollback = (kind: string) => ({
  kind,
  ...target,
  confirmation: 'payments-api-prod',
  idempotencyKey: `key-${Date.now()}-${keyCounter++}`,
});

/** The GitOps rollback never leaves the repository, never tells local details, never shows tokens. */
describe('GitOps rollback safety', () => {
  let scenario: Awaited<ReturnType<typeof startGitopsRollbackBackend>>;

  afterEach(async () => {
    await scenario?.stop();
  });

  const head = () => gitLog(scenario.repo, ['-1', '--format=%H']).trim();

  it('answers a failing local commit with a short message: no repository path, no git output', async () => {
    scenario = await startGitopsRollbackBackend();
    // A git that fails to commit the way a full disk or a stale lock does: naming local paths.
    const bin = join(scenario.tmp, 'bin');
    mkdirSync(bin);
    const realGit = execFileSync('sh', ['-c', 'command -v git'], {
      encoding: 'utf8',
    }).trim();
    writeFileSync(
      join(bin, 'git'),
      [
        '#!/bin/sh',
        'for arg in "$@"; do',
        '  if [ "$arg" = commit ]; then',
        `    echo "fatal: Unable to create '$PWD/.git/index.lock' for ${scenario.repo}: File exists." >&2`,
        '    exit 128',
        '  fi',
        'done',
        `exec ${realGit} "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'git'), 0o755);
    const before = head();
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let res: request.Response;
    try {
      res = await request(scenario.server)
        .post(`${entity}/rollback`)
        .send(rollback('gitops'));
    } finally {
      process.env.PATH = path;
    }
    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe(
      'The local GitOps repository could not be updated (commit failed)',
    );
    const answer = JSON.stringify(res.body);
    for (const leak of [scenario.repo, scenario.tmp, 'fatal', 'index.lock']) {
      expect(answer).not.toContain(leak);
    }
    expect(head()).toBe(before);
  });

  it('warns in the preview when the overlay deploys another of the entity’s applications too', async () => {
    scenario = await startGitopsRollbackBackend({
      twins: ['payments-api-prod-dr'],
    });
    const preview = await request(scenario.server)
      .post(`${entity}/rollback/preview`)
      .send({ kind: 'gitops', ...target });
    expect(preview.status).toBe(200);
    expect(preview.body.gitops).toMatchObject({
      file: OVERLAY_FILE,
      alsoDeploys: ['payments-api-prod-dr'],
    });
  });

  it('refuses an overlay that is a link to /etc/passwd, for the preview and the rollback', async () => {
    scenario = await startGitopsRollbackBackend();
    const passwd = readFileSync('/etc/passwd', 'utf8');
    unlinkSync(join(scenario.repo, OVERLAY_FILE));
    symlinkSync('/etc/passwd', join(scenario.repo, OVERLAY_FILE));
    const linked = commitAll(scenario.repo, 'overlay is a link');
    for (const call of [
      request(scenario.server)
        .post(`${entity}/rollback/preview`)
        .send({ kind: 'gitops', ...target }),
      request(scenario.server)
        .post(`${entity}/rollback`)
        .send(rollback('gitops')),
    ]) {
      const res = await call;
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(
        `'${OVERLAY_FILE}' is a symbolic link in the repository`,
      );
    }
    expect(readFileSync('/etc/passwd', 'utf8')).toBe(passwd);
    expect(head()).toBe(linked);
  });

  it('refuses an overlay path that leaves the repository', async () => {
    scenario = await startGitopsRollbackBackend({
      app: app => {
        app.spec.source.path = 'overlays/../../../etc';
        return app;
      },
    });
    const options = await request(scenario.server)
      .get(`${entity}/rollback`)
      .expect(200);
    expect(options.body.applications[0].gitops).toEqual({
      available: false,
      reason: "'overlays/../../../etc' is not a folder path",
    });
    const preview = await request(scenario.server)
      .post(`${entity}/rollback/preview`)
      .send({ kind: 'gitops', ...target })
      .expect(409);
    expect(preview.body.error.message).toBe(
      "'overlays/../../../etc' is not a folder path",
    );
  });

  it('never shows the credentials of a repoURL: options, preview, deployments', async () => {
    scenario = await startGitopsRollbackBackend({
      app: withCredentialedRepoUrl,
    });
    const options = await request(scenario.server)
      .get(`${entity}/rollback`)
      .expect(200);
    expect(options.body.applications[0].gitops).toMatchObject({
      available: true,
      provider: 'local',
      repository: GITOPS_URL,
    });
    const preview = await request(scenario.server)
      .post(`${entity}/rollback/preview`)
      .send({ kind: 'gitops', ...target })
      .expect(200);
    expect(preview.body.gitops.repository).toBe(GITOPS_URL);
    const deployments = await request(scenario.server)
      .get(`${entity}/deployments`)
      .expect(200);
    const [app] = deployments.body.applications;
    expect(app.source.repoURL).toBe(GITOPS_URL);
    expect(app.history.map((h: any) => h.source.repoURL)).toEqual(
      Array(6).fill(GITOPS_URL),
    );
    for (const res of [options, preview, deployments]) {
      expect(res.text).not.toContain(CREDENTIALS);
      expect(res.text).not.toContain('ci-bot');
    }
  });
});
