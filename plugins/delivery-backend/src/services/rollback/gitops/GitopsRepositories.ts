import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  DefaultGitlabCredentialsProvider,
  getGitLabIntegrationRelativePath,
  GithubCredentialsProvider,
  GitlabCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutUserinfo } from '../../../lib/withoutUserinfo';
import { normalizeRepoUrl, RollbackConfig } from '../config';
import { GithubGitopsRepository } from './GithubGitopsRepository';
import { GitlabGitopsRepository } from './GitlabGitopsRepository';
import { GitopsRepository } from './GitopsRepository';
import { LocalGitopsRepository } from './LocalGitopsRepository';

export type ResolvedRepository =
  | { ok: true; repository: GitopsRepository }
  | { ok: false; reason: string };

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Which GitOps repository an Argo CD application's `repoURL` is, and how to change it: a local
 * repository from config (by URL, or as a folder of the local publisher's directory), else the
 * Backstage GitHub or GitLab integration for its host. Nothing here comes from a request.
 */
export class GitopsRepositories {
  private readonly github: GithubCredentialsProvider;
  private readonly gitlab: GitlabCredentialsProvider;

  constructor(
    private readonly options: {
      config: RollbackConfig['gitops'];
      integrations: ScmIntegrationRegistry;
      /** Where the details of failed local git steps go (callers get a short message). */
      logger: LoggerService;
      githubCredentials?: GithubCredentialsProvider;
      gitlabCredentials?: GitlabCredentialsProvider;
    },
  ) {
    this.github =
      options.githubCredentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(options.integrations);
    this.gitlab =
      options.gitlabCredentials ??
      DefaultGitlabCredentialsProvider.fromIntegrations(options.integrations);
  }

  resolve(argoCdRepoURL: string | undefined): ResolvedRepository {
    if (!argoCdRepoURL) {
      return { ok: false, reason: 'The application has no source repository' };
    }
    // Credentials inline in the repoURL are never used (integrations are) nor shown.
    const repoURL = withoutUserinfo(argoCdRepoURL);
    const { config, integrations } = this.options;
    const normalized = normalizeRepoUrl(repoURL);
    const local = this.localPath(normalized);
    if (local) {
      return {
        ok: true,
        repository: new LocalGitopsRepository({
          url: repoURL,
          path: local,
          identity: config.identity,
          logger: this.options.logger,
        }),
      };
    }
    const url = parseUrl(normalized);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      return {
        ok: false,
        reason: `${repoURL} is neither a configured local repository nor an http(s) URL a Backstage integration can serve`,
      };
    }
    const github = integrations.github.byUrl(normalized);
    if (github) {
      const [owner, repo, ...rest] = url.pathname.split('/').filter(Boolean);
      if (!owner || !repo || rest.length > 0 || !github.config.apiBaseUrl) {
        return {
          ok: false,
          reason: `${repoURL} is not a GitHub repository URL the integration for ${github.config.host} can use`,
        };
      }
      if (!github.config.token && !github.config.apps?.length) {
        return {
          ok: false,
          reason: `The GitHub integration for ${github.config.host} has no token or app to write with`,
        };
      }
      return {
        ok: true,
        repository: new GithubGitopsRepository({
          url: repoURL,
          host: github.config.host,
          apiBaseUrl: github.config.apiBaseUrl,
          owner,
          repo,
          credentials: this.github,
          mode: config.mode,
        }),
      };
    }
    const gitlab = integrations.gitlab.byUrl(normalized);
    if (gitlab) {
      const relative = getGitLabIntegrationRelativePath(gitlab.config);
      const projectPath = url.pathname
        .slice(relative.length)
        .replace(/^\/+/, '');
      if (!projectPath.includes('/')) {
        return {
          ok: false,
          reason: `${repoURL} is not a GitLab project URL`,
        };
      }
      if (!gitlab.config.token) {
        return {
          ok: false,
          reason: `The GitLab integration for ${gitlab.config.host} has no token to write with`,
        };
      }
      return {
        ok: true,
        repository: new GitlabGitopsRepository({
          url: repoURL,
          host: gitlab.config.host,
          apiBaseUrl: gitlab.config.apiBaseUrl,
          projectPath,
          credentials: this.gitlab,
          mode: config.mode,
        }),
      };
    }
    return {
      ok: false,
      reason: `No local repository and no GitHub or GitLab integration is configured for ${url.host}`,
    };
  }

  private localPath(normalizedUrl: string): string | undefined {
    const { localRepositories, localDirectory } = this.options.config;
    const configured = localRepositories.find(r => r.url === normalizedUrl);
    if (configured) return configured.path;
    if (!normalizedUrl.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(normalizedUrl);
    } catch {
      return undefined;
    }
    // Only folders directly in the directory: a URL cannot point anywhere else on the machine.
    return dirname(path) === localDirectory ? path : undefined;
  }
}
