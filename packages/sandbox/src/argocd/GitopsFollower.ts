import { LocalGitopsReader } from '../gitops/LocalGitopsReader';
import {
  isAutomatedSyncEnabled,
  operationRunning,
} from './applicationOperations';

/**
 * Argo CD's reaction to a commit, for applications whose source is a local GitOps repository:
 * when the branch an application follows moves to a commit that changes its folder, an
 * application with automated sync is synced to it, and any other one becomes OutOfSync against
 * it, its deployed history untouched. Moves are found by resolving the branches on each look:
 * one `git rev-parse` per repository and branch (dev and staging usually share one).
 */
export class GitopsFollower {
  /** Application name → the branch commit it was last compared to. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly reader: LocalGitopsReader,
    applications: Record<string, any>,
  ) {
    // What the fixtures show is what Argo CD already reconciled.
    for (const [name, app] of Object.entries(applications)) {
      const head = reader.head(app.spec?.source);
      if (head) this.seen.set(name, head);
    }
  }

  /** Acts on the branch moves since the last look; `sync` starts an automated sync to `head`. */
  follow(
    applications: Record<string, any>,
    sync: (app: any, head: string) => void,
  ): void {
    const heads = new Map<string, string | undefined>();
    const headOf = (source: any) => {
      const key = `${source?.repoURL}\n${source?.targetRevision}`;
      if (!heads.has(key)) heads.set(key, this.reader.head(source));
      return heads.get(key);
    };
    for (const [name, app] of Object.entries(applications)) {
      const source = app.spec?.source;
      const head = headOf(source);
      const seen = this.seen.get(name);
      if (!head || head === seen) continue;
      const automated = isAutomatedSyncEnabled(app);
      // The controller syncs once the running operation ends: looked at again then.
      if (automated && operationRunning(app)) continue;
      this.seen.set(name, head);
      if (seen && !this.reader.changed(source, seen, head)) continue;
      if (automated) {
        sync(app, head);
      } else {
        app.status ??= {};
        app.status.sync = {
          ...app.status.sync,
          status: 'OutOfSync',
          revision: head,
        };
      }
    }
  }
}
