import { ConfigReader } from '@backstage/config';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readCoverageConfig } from './coverageConfig';
import { isGitBranchName, readUploadParams } from './uploadParams';
import { scratchDirectory } from './testing/realReports';

const run = promisify(execFile);

describe('isGitBranchName', () => {
  const candidates = [
    'main',
    'feature/login-form',
    'release/1.2.3',
    'ü-branch',
    'x@y',
    '@',
    'a/@/b',
    'dependabot/go_modules/golang.org/x/net-0.23.0',
    'a..b',
    '-x',
    'x.lock',
    'a/b.lock/c',
    'a/.b',
    '.a',
    'a//b',
    '/a',
    'a/',
    'a.',
    'a@{b',
    '@{-1}',
    'a b',
    'a\tb',
    'a~1',
    'a^',
    'a:b',
    'a?',
    'a*',
    'a[b',
    'a\\b',
    'HEAD',
    'a\x7fb',
  ];

  it('agrees with `git check-ref-format --branch`', async () => {
    const repo = await scratchDirectory('coverage-git-');
    try {
      await run('git', ['init', '-q', repo.dir]);
      const gitSays = await Promise.all(
        candidates.map(name =>
          run('git', ['check-ref-format', '--branch', name], {
            cwd: repo.dir,
          }).then(
            () => true,
            () => false,
          ),
        ),
      );
      expect(candidates.map(isGitBranchName)).toEqual(gitSays);
      // Both verdicts occur, so the comparison means something.
      expect(new Set(gitSays)).toEqual(new Set([true, false]));
    } finally {
      await repo.cleanup();
    }
  });

  it('bounds the length', () => {
    expect(isGitBranchName('b'.repeat(255))).toBe(true);
    expect(isGitBranchName('b'.repeat(256))).toBe(false);
  });
});

describe('readUploadParams', () => {
  const valid = {
    entity: 'Component:Default/Payments-API',
    commit: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
    branch: 'refs/heads/feature/x',
    format: 'cobertura',
  };

  it('normalises the commit and strips refs/heads/', () => {
    expect(readUploadParams(valid)).toEqual({
      entity: { kind: 'Component', namespace: 'Default', name: 'Payments-API' },
      commit: 'abcdef0123456789abcdef0123456789abcdef01',
      branch: 'feature/x',
      format: 'cobertura',
    });
    expect(
      readUploadParams({ ...valid, entity: 'component:payments-api' }).entity,
    ).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'payments-api',
    });
    expect(readUploadParams({ ...valid, commit: 'a'.repeat(64) }).commit).toBe(
      'a'.repeat(64),
    );
  });

  it('wants every parameter exactly once', () => {
    expect(() => readUploadParams({ ...valid, format: undefined })).toThrow(
      "Query parameter 'format' is required, once",
    );
    expect(() =>
      readUploadParams({ ...valid, branch: ['main', 'dev'] }),
    ).toThrow("Query parameter 'branch' is required, once");
  });
});

describe('readCoverageConfig', () => {
  const read = (coverage?: object) =>
    readCoverageConfig(
      new ConfigReader(coverage ? { delivery: { coverage } } : {}),
    );

  it('defaults to 80 %, 10 MiB, 100 reports and 50,000 files', () => {
    expect(read()).toEqual({
      defaultThreshold: 80,
      maxUploadBytes: 10 * 1024 * 1024,
      keepReports: 100,
      maxFiles: 50_000,
    });
    expect(
      read({
        defaultThreshold: 65.5,
        maxUploadBytes: 1024,
        keepReports: 3,
        maxFiles: 10,
      }),
    ).toEqual({
      defaultThreshold: 65.5,
      maxUploadBytes: 1024,
      keepReports: 3,
      maxFiles: 10,
    });
  });

  it('refuses settings that make no sense, naming the key', () => {
    expect(() => read({ defaultThreshold: 101 })).toThrow(
      'delivery.coverage.defaultThreshold must be a percentage between 0 and 100, got 101',
    );
    expect(() => read({ maxUploadBytes: 0 })).toThrow(
      'delivery.coverage.maxUploadBytes',
    );
    expect(() => read({ keepReports: 2.5 })).toThrow(
      'delivery.coverage.keepReports',
    );
    expect(() => read({ maxFiles: 0 })).toThrow(
      'delivery.coverage.maxFiles must be a positive whole number, got 0',
    );
  });
});
