import { Config } from '@backstage/config';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PRODUCTION_PATTERN } from '../../actions/confirmation';
import { GitopsChangeMode } from './gitops/GitopsRepository';
import { GitIdentity } from '@go-delivery/plugin-delivery-node';

/** `delivery.rollback`, read and checked at startup. */
export interface RollbackConfig {
  /** Names that match it (cluster, namespace, application, environment label) need the typed confirmation. */
  productionPattern: string;
  gitops: {
    /** How a GitOps rollback reaches a GitHub or GitLab repository; local ones always commit. */
    mode: GitopsChangeMode;
    /** Author and committer of rollback commits; the requesting user is named in the message. */
    identity: GitIdentity;
    /**
     * Repositories of the local publisher: an application whose `repoURL` is the `file://` URL
     * of a folder directly in it is rolled back there.
     */
    localDirectory: string;
    /** Local repositories that stand in for a repository URL (e.g. in the sandbox). */
    localRepositories: Array<{ url: string; path: string }>;
  };
}

const MODES: readonly GitopsChangeMode[] = ['pull-request', 'commit'];

/** Reads `delivery.rollback`; throws at startup on a bad setting. */
export function readRollbackConfig(config: Config): RollbackConfig {
  const at = 'delivery.rollback';
  const rollback = config.getOptionalConfig(at);
  const productionPattern =
    rollback?.getOptionalString('productionPattern') ??
    DEFAULT_PRODUCTION_PATTERN;
  try {
    RegExp(productionPattern, 'i');
  } catch (error) {
    throw new Error(
      `${at}.productionPattern is not a regular expression: ${
        (error as Error).message
      }`,
    );
  }
  const gitops = rollback?.getOptionalConfig('gitops');
  const mode = (gitops?.getOptionalString('mode') ??
    'pull-request') as GitopsChangeMode;
  if (!MODES.includes(mode)) {
    throw new Error(
      `${at}.gitops.mode must be 'pull-request' or 'commit', got '${mode}'`,
    );
  }
  // Without a directory of its own, the scaffolder's local publisher's is used (same default).
  const localDirectory =
    gitops?.getOptionalString('local.directory') ??
    config.getOptionalString('delivery.scaffolder.localGit.directory') ??
    join(tmpdir(), 'go-delivery-repositories');
  const localRepositories = (
    gitops?.getOptionalConfigArray('local.repositories') ?? []
  ).map((repository, i) => {
    const url = repository.getString('url');
    const path = repository.getString('path');
    if (!url) {
      throw new Error(`${at}.gitops.local.repositories[${i}].url is empty`);
    }
    return { url: normalizeRepoUrl(url), path: resolve(path) };
  });
  return {
    productionPattern,
    gitops: {
      mode,
      identity: {
        name:
          gitops?.getOptionalString('commitAuthor.name') ??
          'Backstage Delivery',
        email:
          gitops?.getOptionalString('commitAuthor.email') ??
          'delivery@backstage.invalid',
      },
      localDirectory: resolve(localDirectory),
      localRepositories,
    },
  };
}

/** Repository URLs compare without a trailing slash or `.git`. */
export function normalizeRepoUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}
