import { UpstreamError } from './UpstreamError';

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks, at the client boundary, the parts of an upstream's JSON answer that the client and its
 * readers rely on (a list is a list, an object an object). A failed check is a `bad-response`
 * that says what was wrong and quotes nothing of the answer; the readers then degrade that one
 * instance instead of failing on the odd data.
 */
export class AnswerShape {
  constructor(
    /** Builds the instance's error from a detail such as "answered with …". */
    private readonly fail: (detail: string) => UpstreamError,
  ) {}

  /** The answer as an object. */
  object<T>(answer: unknown, what: string): T {
    if (!isJsonObject(answer)) {
      throw this.fail(`answered with ${what} that is not a JSON object`);
    }
    return answer as T;
  }

  /**
   * The list under `key` of an object answer, each entry an object; absent or null is empty.
   * `problem` names what is wrong with one entry, if anything.
   */
  objectList<T>(
    answer: unknown,
    key: string,
    what: string,
    problem?: (entry: Record<string, unknown>) => string | undefined,
  ): T[] {
    const list = this.object<Record<string, unknown>>(answer, what)[key];
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) {
      throw this.fail(`answered with ${what} whose '${key}' is not a list`);
    }
    for (const entry of list) {
      const wrong = isJsonObject(entry)
        ? problem?.(entry)
        : 'is not a JSON object';
      if (wrong) {
        throw this.fail(
          `answered with ${what} whose '${key}' holds an entry that ${wrong}`,
        );
      }
    }
    return list as T[];
  }
}
