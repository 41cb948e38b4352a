import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REFERENCE_DIR } from '../paths';
import { schemaErrors } from './schemaErrors';

type Schema = Record<string, any>;

/**
 * Makes every object definition of the swagger spec closed (`additionalProperties: false`), inlining
 * `allOf` parents first. The published spec leaves objects open, which would let a fixture carry a
 * field Argo CD never sends; closing them is what keeps fixtures from drifting from the real API.
 */
function closeDefinitions(
  definitions: Record<string, Schema>,
): Record<string, Schema> {
  const closed: Record<string, Schema> = JSON.parse(
    JSON.stringify(definitions),
  );
  const resolveRef = (ref: string) => closed[ref.replace('#/definitions/', '')];
  for (const schema of Object.values(closed)) {
    if (Array.isArray(schema.allOf)) {
      for (const part of schema.allOf) {
        const parent = part.$ref ? resolveRef(part.$ref) : part;
        schema.properties = {
          ...(parent?.properties ?? {}),
          ...(schema.properties ?? {}),
        };
      }
      delete schema.allOf;
    }
  }
  for (const schema of Object.values(closed)) {
    // `Raw`-only definitions (FieldsV1, RawExtension) stand for free-form JSON on the wire.
    const rawJson = Object.keys(schema.properties ?? {}).join() === 'Raw';
    if (
      schema.type === 'object' &&
      schema.properties &&
      schema.additionalProperties === undefined &&
      !rawJson
    ) {
      schema.additionalProperties = false;
    }
  }
  return closed;
}

/** Validates values against definitions of Argo CD's published OpenAPI (swagger 2.0) spec. */
export class ArgoCdSchemaValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const swagger = JSON.parse(
      readFileSync(
        resolve(REFERENCE_DIR, 'openapi', 'argocd-swagger.json'),
        'utf8',
      ),
    );
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    for (const format of [
      'int64',
      'int32',
      'uint64',
      'uint32',
      'byte',
      'double',
      'float',
    ]) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({
      $id: 'argocd',
      definitions: closeDefinitions(swagger.definitions),
    });
  }

  /** Returns the schema errors of `value` as `definition` (e.g. `v1alpha1Application`); empty when valid. */
  validate(definition: string, value: unknown): string[] {
    let validate = this.compiled.get(definition);
    if (!validate) {
      validate = this.ajv.compile({
        $ref: `argocd#/definitions/${definition}`,
      });
      this.compiled.set(definition, validate);
    }
    if (validate(value)) return [];
    return schemaErrors(validate.errors);
  }
}
