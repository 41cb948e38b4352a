import { isMap, YAMLMap } from 'yaml';
import {
  checkImage,
  KustomizationError,
  KustomizeImage,
  parseYaml,
  scalarString,
  setScalarFields,
} from './kustomizationImages';

/*
 * The image a Helm values file pins, the way charts conventionally (and the bundle's generated
 * chart) take it: a top-level `image` map with `repository` and `tag`, and `digest` when the image
 * is pinned by digest (`registry` is kept as a prefix of the name when a chart splits it out). It
 * is read and written as the kustomization's `images` entries are: the same image shape
 * (`name` = the repository, `newTag` = `tag`, `digest`), only the changed lines edited.
 */

const VALUES_FIELDS = ['tag', 'digest'] as const;

function imageMap(text: string) {
  const doc = parseYaml(text);
  const image = doc.get('image', true);
  return { doc, map: isMap(image) ? (image as YAMLMap) : undefined };
}

function imageName(map: YAMLMap): string | undefined {
  const repository = scalarString(map, 'repository');
  if (!repository) return undefined;
  const registry = scalarString(map, 'registry');
  return registry
    ? `${registry.replace(/\/+$/, '')}/${repository}`
    : repository;
}

/** The image of a values file: none, or the one its `image` map names. */
export function readHelmValuesImages(text: string): KustomizeImage[] {
  const { map } = imageMap(text);
  const name = map && imageName(map);
  if (!map || !name) return [];
  const tag = scalarString(map, 'tag');
  const digest = scalarString(map, 'digest');
  return [
    {
      name,
      ...(tag ? { newTag: tag } : {}),
      ...(digest ? { digest } : {}),
    },
  ];
}

/**
 * The values file with `image.tag` (and `image.digest`, removed when `wanted` has none) set to
 * `wanted`'s, nothing else changed. The repository stays: a values file names one image.
 */
export function pinHelmValuesImage(
  text: string,
  wanted: KustomizeImage,
): string {
  checkImage(wanted);
  const { doc, map } = imageMap(text);
  const name = map && imageName(map);
  if (!map || !name) {
    throw new KustomizationError('the values file has no image.repository');
  }
  const wantedName = wanted.newName ?? wanted.name;
  if (wantedName !== name) {
    throw new KustomizationError(
      `the values file's image is ${name}, not ${wantedName}`,
    );
  }
  return setScalarFields({
    doc,
    text,
    map,
    fields: VALUES_FIELDS,
    wanted: { tag: wanted.newTag, digest: wanted.digest },
  });
}
