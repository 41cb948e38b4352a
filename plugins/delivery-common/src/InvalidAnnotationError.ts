/**
 * A catalog annotation whose value cannot be used. The backend turns it into a 400 that names the
 * annotation; the frontend can show it as setup guidance.
 *
 * @public
 */
export class InvalidAnnotationError extends Error {
  readonly annotation: string;

  constructor(annotation: string, problem: string) {
    super(`Annotation '${annotation}' is invalid: ${problem}`);
    this.name = 'InvalidAnnotationError';
    this.annotation = annotation;
  }
}
