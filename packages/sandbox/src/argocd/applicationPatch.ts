import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch (Argo CD's `patchType: merge`): objects merge, `null` deletes. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Applies the patch of an `ApplicationPatchRequest` to a copy of the Application, as Argo CD's
 * API server does: `merge` (RFC 7386) or `json` (RFC 6902, through fast-json-patch; a failing
 * `test` fails the whole patch). Throws with the reason when the patch cannot apply.
 */
export function applyApplicationPatch(
  app: unknown,
  patch: unknown,
  patchType: unknown,
): unknown {
  if (patchType === 'merge') return mergePatch(app, patch);
  if (!Array.isArray(patch)) {
    throw new Error('a JSON patch must be an array of operations');
  }
  try {
    return applyPatch(structuredClone(app), patch as Operation[], true, false)
      .newDocument;
  } catch (error) {
    // Argo CD applies patches with evanphx/json-patch; a failed `test` reads as it words it.
    if (
      error instanceof JsonPatchError &&
      error.name === 'TEST_OPERATION_FAILED'
    ) {
      throw new Error(
        `testing value ${error.operation?.path} failed: test failed`,
      );
    }
    throw error;
  }
}
