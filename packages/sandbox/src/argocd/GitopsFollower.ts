import { LocalGitopsReader } from '../gitops/LocalGitopsReader';
import {
  isAutomatedSyncEnabled,
  operationRunning,
} from './applicationOperations';

/**
 * Argo CD's reaction to a commit, for applications whose source is a local GitOps repository:
 * when the branch an application follows moves to a commit that changes its folder, an
 * application with automated sync is synced to it, and any other one becomes OutOfSync against
 * it, its deployed history untouched. Moves are found by resolving the branches on each look,
 * which costs one `git rev-parse` per followed application.
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
    for (const [name, app] of Object.entries(applications)) {
      const source = app.spec?.source;
      const head = this.reader.head(source);
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
