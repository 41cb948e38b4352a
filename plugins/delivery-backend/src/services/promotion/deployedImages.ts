import {
  EnvironmentView,
  isCommitSha,
  PinnedImageView,
} from '@go-delivery/plugin-delivery-common';
import { gitopsRevision } from '@go-delivery/plugin-delivery-node';
import { GitopsRepositories } from '../rollback/gitops/GitopsRepositories';
import { KustomizeImage } from '../rollback/gitops/kustomizationImages';
import {
  overlayServiceImage,
  readOverlay,
} from '../rollback/gitops/overlayImages';
import { gitopsSource } from '../rollback/planGitopsRollback';
import { pinned } from '../rollback/strategies/applicationEntry';
import {
  EnvironmentApplication,
  newestDeploy,
  runningImage,
} from './environments';

/** How many of the source's deploys are looked at, newest first. */
const MAX_DEPLOYS = 20;
/** Remembered images; a revision's file never changes, so nothing is ever stale. */
const MAX_REMEMBERED = 5000;

function sameImage(overlay: KustomizeImage, running: PinnedImageView): boolean {
  if (overlay.digest && running.digest)
    return overlay.digest === running.digest;
  return overlay.newTag !== undefined && overlay.newTag === running.tag;
}

/**
 * The images an application's overlay pinned at its deployed revisions (read from the GitOps
 * repository once per revision and remembered), and from them how far one environment is behind
 * the one before it.
 */
export class DeployedImages {
  private readonly remembered = new Map<
    string,
    Promise<KustomizeImage | undefined>
  >();

  constructor(private readonly repositories: GitopsRepositories) {}

  /** The service's image the application's overlay pinned at a commit; undefined if unreadable. */
  imageAt(
    application: EnvironmentApplication,
    revision: string,
    service: string,
  ): Promise<KustomizeImage | undefined> {
    const source = gitopsSource(this.repositories, application.app);
    if (!source.ok || !isCommitSha(revision)) return Promise.resolve(undefined);
    const key = `${source.repository.url}\n${source.directory}\n${
      source.valuesFile ?? ''
    }\n${revision}\n${service}`;
    let image = this.remembered.get(key);
    if (!image) {
      image = readOverlay({
        repository: source.repository,
        revision,
        directory: source.directory,
        valuesFile: source.valuesFile,
      })
        .then(overlay =>
          overlayServiceImage(overlay.text, overlay.file, revision, service),
        )
        .catch(() => undefined);
      if (this.remembered.size >= MAX_REMEMBERED) {
        this.remembered.delete(this.remembered.keys().next().value!);
      }
      this.remembered.set(key, image);
    }
    return image;
  }

  /**
   * The image an environment's overlay pins at its deployed revision (with its digest, which is
   * what finds the pipeline run that built it), else the one Argo CD reports running.
   */
  async deployedImage(
    application: EnvironmentApplication,
    service: string,
  ): Promise<PinnedImageView | undefined> {
    const revision = gitopsRevision(
      application.app,
      newestDeploy(application.app),
    );
    const pinnedImage = revision
      ? await this.imageAt(application, revision, service)
      : undefined;
    return pinnedImage
      ? pinned(pinnedImage)
      : runningImage(application.app, service);
  }

  /**
   * The deploys `from` made since it last ran the image `to` runs, and since when: `from`'s
   * history is walked back until an entry pinned that image. Undefined when either image is not
   * known; `deploys` counts every entry looked at when none pinned it.
   */
  async behind(
    from: EnvironmentApplication,
    to: EnvironmentApplication,
    service: string,
  ): Promise<EnvironmentView['behind'] | undefined> {
    const target = runningImage(to.app, service);
    if (!target) return undefined;
    const source = runningImage(from.app, service);
    if (
      source &&
      (source.digest && target.digest
        ? source.digest === target.digest
        : source.tag === target.tag)
    ) {
      return { deploys: 0 };
    }
    const history = [...(from.app.status?.history ?? [])]
      .filter(h => h && gitopsRevision(from.app, h))
      .sort((a, b) => Number(b.id ?? 0) - Number(a.id ?? 0))
      .slice(0, MAX_DEPLOYS);
    if (history.length === 0 || !newestDeploy(from.app)) return undefined;
    const images = await Promise.all(
      history.map(h =>
        this.imageAt(from, gitopsRevision(from.app, h)!, service),
      ),
    );
    if (images.every(i => i === undefined)) return undefined;
    const lastRan = images.findIndex(i => i && sameImage(i, target));
    const newer = lastRan === -1 ? history : history.slice(0, lastRan);
    const oldest = newer[newer.length - 1]?.deployedAt;
    return {
      deploys: newer.length,
      ...(oldest ? { since: new Date(String(oldest)).toISOString() } : {}),
    };
  }
}
