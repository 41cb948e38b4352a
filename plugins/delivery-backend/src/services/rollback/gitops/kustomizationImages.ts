import {
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  stringify,
  YAMLMap,
} from 'yaml';

/** One entry of a kustomization's `images` list, as `kustomize edit set image` writes it. */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** Thrown when a kustomization cannot be read or edited; the message is for people. */
export class KustomizationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KustomizationError';
  }
}

const FIELDS = ['newName', 'newTag', 'digest'] as const;
const IMAGE_NAME = /^[a-z0-9]+([._/:-][a-z0-9]+)*$/i;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+([+._-][a-z0-9]+)*:[a-f0-9]{32,128}$/;

/** `newName:newTag@digest`, as the image will be deployed. */
export function imageReference(image: KustomizeImage): string {
  return `${image.newName ?? image.name}${
    image.newTag ? `:${image.newTag}` : ''
  }${image.digest ? `@${image.digest}` : ''}`;
}

export function parseYaml(text: string) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new KustomizationError(
      `not valid YAML: ${doc.errors[0].message.split('\n')[0]}`,
    );
  }
  return doc;
}

function imageMaps(text: string) {
  const doc = parseYaml(text);
  const images = doc.get('images', true);
  if (images === undefined || images === null) return { doc, maps: [] };
  if (!isSeq(images)) throw new KustomizationError("'images' is not a list");
  return {
    doc,
    maps: images.items.filter((item): item is YAMLMap => isMap(item)),
  };
}

export function scalarString(map: YAMLMap, key: string): string | undefined {
  const value = map.get(key);
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/** The `images` entries of a kustomization; throws KustomizationError when it is not one. */
export function readKustomizeImages(text: string): KustomizeImage[] {
  return imageMaps(text)
    .maps.map(map => ({
      name: scalarString(map, 'name') ?? '',
      ...Object.fromEntries(
        FIELDS.map(f => [f, scalarString(map, f)]).filter(([, v]) => v),
      ),
    }))
    .filter(image => image.name !== '');
}

/** Refuses values that are not an image name, tag or digest before they are written. */
export function checkImage(image: KustomizeImage): void {
  const checks: Array<[string | undefined, RegExp, string]> = [
    [image.name, IMAGE_NAME, 'image name'],
    [image.newName, IMAGE_NAME, 'image name'],
    [image.newTag, TAG, 'tag'],
    [image.digest, DIGEST, 'digest'],
  ];
  for (const [value, pattern, what] of checks) {
    if (value !== undefined && !pattern.test(value)) {
      throw new KustomizationError(
        `'${value.slice(0, 80)}' is not a valid ${what}`,
      );
    }
  }
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

/**
 * A scalar as YAML needs it written (`"1.7"` stays a string), in the quoting style of the value
 * it replaces when that style can hold it.
 */
function scalarText(value: string, like?: Scalar): string {
  if (like?.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (like?.type === Scalar.QUOTE_SINGLE) return `'${value}'`;
  return stringify(value).trimEnd();
}

/**
 * Sets the `newName`, `newTag` and `digest` of the entry called `name` to `wanted` (removing
 * the ones `wanted` does not have), changing only those lines so the rest of the file — order,
 * comments, style — stays as it was.
 */
export function pinImage(text: string, wanted: KustomizeImage): string {
  checkImage(wanted);
  const { doc, maps } = imageMaps(text);
  const map = maps.find(m => scalarString(m, 'name') === wanted.name);
  if (!map) {
    throw new KustomizationError(
      `the kustomization has no images entry for '${wanted.name}'`,
    );
  }
  return setScalarFields({
    doc,
    text,
    map,
    fields: FIELDS,
    wanted: { ...wanted },
  });
}

/**
 * Sets `fields` of one map of the document to `wanted` (removing the ones `wanted` does not
 * have), changing only those lines so the rest of the file — order, comments, style — stays as it
 * was. A flow map is rewritten as a whole.
 */
export function setScalarFields(options: {
  doc: ReturnType<typeof parseDocument>;
  text: string;
  map: YAMLMap;
  fields: readonly string[];
  wanted: Record<string, string | undefined>;
}): string {
  const { doc, text, map, fields, wanted } = options;
  if (map.flow) {
    // A flow map (`{name: …, newTag: …}`) is rewritten as a whole.
    for (const field of fields) {
      if (wanted[field]) map.set(field, wanted[field]);
      else map.delete(field);
    }
    return doc.toString();
  }
  const pairs = map.items.filter(
    p => isScalar(p.key) && isScalar(p.value) && p.key.range && p.value.range,
  ) as Array<{ key: Scalar; value: Scalar }>;
  const first = pairs[0];
  if (!first) throw new KustomizationError('the image entry is empty');
  const indent = ' '.repeat(
    first.key.range![0] - lineStart(text, first.key.range![0]),
  );
  const last = pairs[pairs.length - 1];
  const insertAt = lineEnd(text, last.value.range![1]);
  const edits: Edit[] = [];
  const inserted: string[] = [];
  for (const field of fields) {
    const pair = pairs.find(p => String(p.key.value) === field);
    const value = wanted[field];
    if (pair && value !== undefined) {
      if (String(pair.value.value) !== value) {
        edits.push({
          start: pair.value.range![0],
          end: pair.value.range![1],
          text: scalarText(value, pair.value),
        });
      }
    } else if (pair) {
      edits.push({
        start: lineStart(text, pair.key.range![0]),
        end: lineEnd(text, pair.value.range![1]),
        text: '',
      });
    } else if (value !== undefined) {
      inserted.push(`${indent}${field}: ${scalarText(value)}\n`);
    }
  }
  if (inserted.length > 0) {
    const newline =
      insertAt === text.length && !text.endsWith('\n') ? '\n' : '';
    edits.push({
      start: insertAt,
      end: insertAt,
      text: newline + inserted.join(''),
    });
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/**
 * The service's image among a kustomization's entries: the only one, or the one whose name ends
 * with `/<service>` (or is `<service>`).
 */
export function serviceImage(
  images: KustomizeImage[],
  service: string | undefined,
): KustomizeImage | undefined {
  if (images.length === 1) return images[0];
  if (!service) return undefined;
  const matching = images.filter(i => {
    const name = i.name.replace(/:.*$/, '');
    return name === service || name.endsWith(`/${service}`);
  });
  return matching.length === 1 ? matching[0] : undefined;
}
