import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REFERENCE_DIR } from '../paths';
import { schemaErrors } from './schemaErrors';

type Schema = Record<string, any>;

interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  schema: Schema;
}

/**
 * Closes every object schema that lists its properties (`additionalProperties: false`) unless it
 * keeps unknown fields on purpose. The API server would silently prune an unknown field; for a
 * fixture or a generated manifest an unknown field is a bug, so here it is an error.
 */
function closeObjects(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(closeObjects) as any;
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === 'properties' ||
      key === 'patternProperties' ||
      key === 'definitions'
        ? Object.fromEntries(
            Object.entries(value as Schema).map(([k, v]) => [
              k,
              closeObjects(v),
            ]),
          )
        : closeObjects(value);
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function loadCrdVersions(): CrdVersion[] {
  const root = join(REFERENCE_DIR, 'crds');
  const versions: CrdVersion[] = [];
  for (const dir of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, dir)).sort()) {
      if (!/\.ya?ml$/.test(file)) continue;
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const doc of parseAllDocuments(text)) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const v of crd.spec.versions ?? []) {
          const schema = v.schema?.openAPIV3Schema;
          if (!schema) continue;
          versions.push({
            group: crd.spec.group,
            kind: crd.spec.names.kind,
            version: v.name,
            schema,
          });
        }
      }
    }
  }
  return versions;
}

/**
 * Validates custom resources (Tekton, Argo CD, Argo Rollouts, External Secrets) against the CRD
 * schemas published by those projects (reference/crds), with unknown fields treated as errors.
 */
export class CrdSchemaValidator {
  private readonly ajv: Ajv;
  private readonly versions: CrdVersion[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.versions = loadCrdVersions();
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    for (const format of [
      'int32',
      'int64',
      'byte',
      'double',
      'float',
      'quantity',
    ]) {
      this.ajv.addFormat(format, true);
    }
    for (const keyword of [
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-int-or-string',
      'x-kubernetes-list-type',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-map-type',
      'x-kubernetes-embedded-resource',
      'x-kubernetes-validations',
    ]) {
      this.ajv.addKeyword(keyword);
    }
  }

  /** `group/version Kind` of every custom resource this validator knows. */
  knownKinds(): string[] {
    return this.versions.map(v => `${v.group}/${v.version} ${v.kind}`);
  }

  /** Whether the manifest's apiVersion and kind belong to a known CRD. */
  knows(manifest: { apiVersion?: string; kind?: string }): boolean {
    return this.find(manifest) !== undefined;
  }

  /** Returns the schema errors of the manifest; throws when its kind is not a known CRD. */
  validate(manifest: {
    apiVersion?: string;
    kind?: string;
    [key: string]: unknown;
  }): string[] {
    const version = this.find(manifest);
    if (!version) {
      throw new Error(
        `No CRD schema for ${manifest.apiVersion} ${manifest.kind}`,
      );
    }
    const key = `${version.group}/${version.version}/${version.kind}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(closeObjects(version.schema));
      this.compiled.set(key, validate);
    }
    if (validate(manifest)) return [];
    return schemaErrors(validate.errors);
  }

  private find(manifest: {
    apiVersion?: string;
    kind?: string;
  }): CrdVersion | undefined {
    const [group, version] = (manifest.apiVersion ?? '').split('/');
    return this.versions.find(
      v =>
        v.group === group && v.version === version && v.kind === manifest.kind,
    );
  }
}
