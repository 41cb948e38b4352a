import { ConflictError } from '@backstage/errors';
import {
  isCommitSha,
  shortRevision,
} from '@go-delivery/plugin-delivery-common';
import { GitopsRepository } from './GitopsRepository';
import {
  imageReference,
  KustomizationError,
  KustomizeImage,
  pinImage,
  readKustomizeImages,
  serviceImage,
} from './kustomizationImages';
import { unifiedDiff } from './unifiedDiff';
import { pinHelmValuesImage, readHelmValuesImages } from './helmValuesImages';

/*
 * The image an overlay pins, and the change that pins another one: what a GitOps rollback (an
 * earlier deploy's image) and a promotion (the previous environment's image) both write.
 */

const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Whether a file is a kustomization (else it is a Helm values file). */
function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(file.split('/').pop() ?? '');
}

/** The overlay's kustomization file path for a folder. */
export function kustomizationPath(directory: string, file: string): string {
  return directory ? `${directory}/${file}` : file;
}

/** `at 1a2b3c4` for a commit, `on main` for a branch. */
function where(revision: string): string {
  return isCommitSha(revision)
    ? `at ${shortRevision(revision)}`
    : `on ${revision}`;
}

/** An overlay's kustomization (or a Helm application's values file) as it is at one revision. */
export interface OverlayFile {
  file: string;
  text: string;
}

/**
 * The folder's kustomization at a revision, or the Helm values file when the application renders
 * a chart with one (`valuesFile`, a path in the repository); a ConflictError when there is none.
 */
export async function readOverlay(options: {
  repository: GitopsRepository;
  revision: string;
  directory: string;
  valuesFile?: string;
}): Promise<OverlayFile> {
  const { repository, revision, directory, valuesFile } = options;
  if (valuesFile) {
    const text = await repository.readFile(revision, valuesFile);
    if (text !== undefined) return { file: valuesFile, text };
    throw new ConflictError(
      `${repository.url} has no ${valuesFile} ${where(
        revision,
      )}; GitOps changes of a Helm application pin image.tag in its values file`,
    );
  }
  for (const name of KUSTOMIZATION_FILES) {
    const file = kustomizationPath(directory, name);
    const text = await repository.readFile(revision, file);
    if (text !== undefined) return { file, text };
  }
  throw new ConflictError(
    `${repository.url} has no kustomization in '${directory || '/'}' ${where(
      revision,
    )}; GitOps changes pin images in kustomize overlays`,
  );
}

/** The images a kustomization pins; a ConflictError naming the file when it is not one. */
export function overlayImages(
  text: string,
  file: string,
  at: string,
): KustomizeImage[] {
  try {
    return isKustomization(file)
      ? readKustomizeImages(text)
      : readHelmValuesImages(text);
  } catch (error) {
    if (error instanceof KustomizationError) {
      throw new ConflictError(`${file} ${where(at)}: ${error.message}`);
    }
    throw error;
  }
}

/** The service's image in a kustomization, or a ConflictError saying it pins none or several. */
export function overlayServiceImage(
  text: string,
  file: string,
  at: string,
  service: string | undefined,
): KustomizeImage {
  const image = serviceImage(overlayImages(text, file, at), service);
  if (!image) {
    throw new ConflictError(
      `${file} ${where(at)} does not pin one image of '${service}'`,
    );
  }
  return image;
}

/** A change that pins one image in an overlay, with its diff. */
export interface ImagePin {
  file: string;
  before: string;
  after: string;
  diff: string;
  from: KustomizeImage;
  to: KustomizeImage;
}

/**
 * The overlay (as it is on the branch) with `to` pinned instead of the image of the same name:
 * `newName`/`newTag`/`digest` change, nothing else. A ConflictError when the overlay has no such
 * image or already pins it.
 */
export function pinInOverlay(options: {
  overlay: OverlayFile;
  branch: string;
  to: KustomizeImage;
}): ImagePin {
  const { overlay, branch, to } = options;
  const { file, text: before } = overlay;
  const from = overlayImages(before, file, branch).find(
    i => i.name === to.name,
  );
  if (!from) {
    throw new ConflictError(
      isKustomization(file)
        ? `${file} on ${branch} has no images entry for ${to.name}`
        : `${file} on ${branch} pins no image.repository ${to.name}`,
    );
  }
  if (imageReference(from) === imageReference(to)) {
    throw new ConflictError(
      `${file} on ${branch} already pins ${imageReference(to)}`,
    );
  }
  let after: string;
  try {
    after = isKustomization(file)
      ? pinImage(before, to)
      : pinHelmValuesImage(before, to);
  } catch (error) {
    if (error instanceof KustomizationError) {
      throw new ConflictError(`${file} on ${branch}: ${error.message}`);
    }
    throw error;
  }
  return {
    file,
    before,
    after,
    diff: unifiedDiff(file, before, after),
    from,
    to,
  };
}

/** What a preview says of a pin: `Commit to main: pin <image> to <ref> (<why>) in <file>`. */
export function describePin(
  change: { repository: { mode: string }; branch: string; file: string } & Pick<
    ImagePin,
    'to'
  >,
  why: string,
): string {
  const how =
    change.repository.mode === 'pull-request'
      ? `Open a pull request against ${change.branch} that pins`
      : `Commit to ${change.branch}: pin`;
  return `${how} ${change.to.name} to ${imageReference(
    change.to,
  )} (${why}) in ${change.file}`;
}
