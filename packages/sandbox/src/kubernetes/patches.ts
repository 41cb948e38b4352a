import { KubernetesStatusError } from './kubernetesStatus';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

function invalid(message: string): KubernetesStatusError {
  return new KubernetesStatusError('Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw invalid(`invalid JSON pointer '${pointer}'`);
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function walk(doc: unknown, tokens: string[], pointer: string): unknown {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (
      isObject(node) &&
      Object.prototype.hasOwnProperty.call(node, token)
    )
      node = node[token];
    else
      throw invalid(
        `the server rejected our request due to an error in our request: path '${pointer}' does not exist`,
      );
  }
  return node;
}

function arrayIndex(
  array: unknown[],
  token: string,
  pointer: string,
  forAdd: boolean,
): number {
  if (forAdd && token === '-') return array.length;
  const index = Number(token);
  const max = forAdd ? array.length : array.length - 1;
  if (!/^\d+$/.test(token) || index > max) {
    throw invalid(
      `the server rejected our request due to an error in our request: index out of range in '${pointer}'`,
    );
  }
  return index;
}

function addAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = walk(doc, tokens.slice(0, -1), pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, last, pointer, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw invalid(`cannot add at '${pointer}'`);
  return doc;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  const parent = walk(doc, tokens.slice(0, -1), pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent))
    parent.splice(arrayIndex(parent, last, pointer, false), 1);
  else if (
    isObject(parent) &&
    Object.prototype.hasOwnProperty.call(parent, last)
  )
    delete parent[last];
  else
    throw invalid(
      `the server rejected our request due to an error in our request: path '${pointer}' does not exist`,
    );
  return doc;
}

/** RFC 6902 JSON patch, applied to a copy; any failing operation fails the whole patch. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw new KubernetesStatusError(
      'BadRequest',
      'a JSON patch must be an array of operations',
    );
  }
  let doc: unknown = structuredClone(target);
  for (const raw of operations as JsonPatchOperation[]) {
    const { op, path } = raw ?? ({} as JsonPatchOperation);
    if (typeof path !== 'string')
      throw invalid(`operation ${JSON.stringify(raw)} has no path`);
    switch (op) {
      case 'add':
        doc = addAt(doc, path, structuredClone(raw.value));
        break;
      case 'remove':
        doc = removeAt(doc, path);
        break;
      case 'replace':
        walk(doc, parsePointer(path), path);
        doc =
          path === ''
            ? structuredClone(raw.value)
            : addAt(removeAt(doc, path), path, structuredClone(raw.value));
        break;
      case 'move': {
        const value = walk(doc, parsePointer(raw.from ?? ''), raw.from ?? '');
        doc = addAt(removeAt(doc, raw.from ?? ''), path, value);
        break;
      }
      case 'copy': {
        const value = walk(doc, parsePointer(raw.from ?? ''), raw.from ?? '');
        doc = addAt(doc, path, structuredClone(value));
        break;
      }
      case 'test':
        if (
          JSON.stringify(walk(doc, parsePointer(path), path)) !==
          JSON.stringify(raw.value)
        ) {
          throw invalid(
            `the server rejected our request due to an error in our request: testing value ${path} failed`,
          );
        }
        break;
      default:
        throw invalid(`unknown JSON patch operation '${String(op)}'`);
    }
  }
  return doc;
}
