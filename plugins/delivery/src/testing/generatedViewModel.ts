/**
 * One of the backend's answers in ./generated, as its view-model type. TypeScript types a JSON
 * module by its literal content (plain strings, unions of the objects found), which its view-model
 * type cannot be checked against; the generator, which writes what the backend's typed routes
 * answer, keeps the two in step.
 */
export function generatedViewModel<T>(json: unknown): T {
  return json as T;
}
