import { posix } from 'node:path';
import { parse } from 'yaml';
import { git } from './git';

/** A GitOps repository on this machine and the URL applications name it by. */
export interface LocalGitopsRepository {
  url: string;
  path: string;
}

/** What an Argo CD application's `spec.source` says about where its manifests are. */
interface ApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
}

/**
 * Reads local GitOps repositories the way Argo CD's repo server reads remote ones: the commit a
 * branch resolves to, whether a folder changed between two commits, and the images a folder's
 * kustomization pins at a commit. Sources of other repositories resolve to nothing.
 */
export class LocalGitopsReader {
  private readonly paths: Map<string, string>;

  constructor(repositories: LocalGitopsRepository[]) {
    this.paths = new Map(repositories.map(r => [r.url, r.path]));
  }

  /** The commit the source's branch points at; undefined for a repository that is not local. */
  head(source: ApplicationSource | undefined): string | undefined {
    const repo = this.repository(source);
    if (!repo) return undefined;
    const branch = source?.targetRevision || 'HEAD';
    const ref = branch === 'HEAD' ? branch : `refs/heads/${branch}`;
    try {
      return git(repo, ['rev-parse', '--verify', '--quiet', ref]).trim();
    } catch {
      // A branch that does not exist (yet) resolves to nothing, as for Argo CD.
      return undefined;
    }
  }

  /** Whether anything under the source's folder differs between two commits. */
  changed(source: ApplicationSource | undefined, from: string, to: string) {
    const repo = this.repository(source);
    if (!repo) return false;
    const folder = source?.path || '.';
    return (
      git(repo, ['diff', '--name-only', from, to, '--', folder]).trim().length >
      0
    );
  }

  /**
   * The images (`name:newTag`) the kustomization of the source's folder pins at a commit, as
   * Argo CD summarizes them; undefined when there is no such kustomization.
   */
  images(
    source: ApplicationSource | undefined,
    revision: string,
  ): string[] | undefined {
    const repo = this.repository(source);
    if (!repo) return undefined;
    const file = posix.join(source?.path || '.', 'kustomization.yaml');
    let text: string;
    try {
      text = git(repo, ['show', `${revision}:${file}`]);
    } catch {
      return undefined;
    }
    const images: Array<{ name?: string; newName?: string; newTag?: string }> =
      parse(text)?.images ?? [];
    return images
      .filter(image => image.name)
      .map(image => {
        const name = image.newName ?? image.name;
        return image.newTag ? `${name}:${image.newTag}` : String(name);
      });
  }

  private repository(source: ApplicationSource | undefined) {
    return source?.repoURL ? this.paths.get(source.repoURL) : undefined;
  }
}
