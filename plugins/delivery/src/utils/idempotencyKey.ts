/**
 * A fresh key for one intent (a dialog submission, a click): 32 hex digits from the browser's
 * random source. `getRandomValues` works outside secure contexts too, unlike `randomUUID`.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
