// Validates core Kubernetes objects with kubernetes-models. Run as a child process by
// validateManifests.ts: the package is ESM-only (exports with the "import" condition alone),
// which Jest's CommonJS resolver cannot load, while Node's ESM loader can.
// stdin: a JSON array of objects; stdout: a JSON array of error lists, one per object.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  try {
    const models = await import(`kubernetes-models/${object.apiVersion}`);
    const Model = models[object.kind];
    if (typeof Model !== 'function') {
      results.push([
        `kubernetes-models has no ${object.apiVersion} ${object.kind}`,
      ]);
      continue;
    }
    new Model(object).validate();
    results.push([]);
  } catch (error) {
    const details = Array.isArray(error.errors)
      ? error.errors.map(e => `${e.instancePath || '/'} ${e.message}`)
      : [String(error.message ?? error)];
    results.push(details);
  }
}
process.stdout.write(JSON.stringify(results));
