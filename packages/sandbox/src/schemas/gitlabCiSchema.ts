import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REFERENCE_DIR } from '../paths';
import { schemaErrors } from './schemaErrors';

/**
 * Validates a parsed `.gitlab-ci.yml` against GitLab's own JSON schema for it (the one GitLab's
 * pipeline editor uses, reference/gitlab/ci.json), as published: where the schema closes an object
 * (`additionalProperties: false`, e.g. jobs, `rules`, `artifacts`, `workflow`), an unknown key is
 * an error.
 */
export class GitLabCiSchemaValidator {
  private readonly validateConfig: ValidateFunction;

  constructor() {
    const schema = JSON.parse(
      readFileSync(resolve(REFERENCE_DIR, 'gitlab', 'ci.json'), 'utf8'),
    );
    // strict: false lets the schema's editor-only keywords (markdownDescription) through.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    this.validateConfig = ajv.compile(schema);
  }

  /** The schema errors of the configuration; [] when it is valid. */
  validate(config: unknown): string[] {
    if (this.validateConfig(config)) return [];
    return schemaErrors(this.validateConfig.errors);
  }
}
