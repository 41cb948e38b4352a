import { spawnSync } from 'node:child_process';
import { FIXTURES_DIR } from '../paths';

/*
 * `kubernetes-models` ships ES modules only (its package exports have no `require` condition), so
 * the validators run in a separate Node process that loads them natively; test runners that
 * transpile to CommonJS cannot resolve them.
 */
const SCRIPT = `
import { readFileSync } from 'node:fs';
const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const [group, version] = String(object.apiVersion ?? '').includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const module = group ? \`kubernetes-models/\${group}/\${version}/\${object.kind}\` : \`kubernetes-models/\${version}/\${object.kind}\`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch (error) {
    results.push([\`no kubernetes-models schema for \${object.apiVersion} \${object.kind}\`]);
    continue;
  }
  try {
    new Model(object).validate();
    results.push([]);
  } catch (error) {
    results.push(String(error.message).split('\\n').filter(Boolean));
  }
}
process.stdout.write(JSON.stringify(results));
`;

/**
 * Validates built-in Kubernetes objects (Pod, ReplicaSet …) against the API's OpenAPI schemas as
 * packaged by `kubernetes-models`. Returns the errors of each object, in order.
 */
export function validateCoreObjects(objects: any[]): string[][] {
  const result = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', SCRIPT],
    {
      input: JSON.stringify(objects),
      // Any directory of this package: modules resolve from its node_modules upwards.
      cwd: FIXTURES_DIR,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `kubernetes-models validation failed to run: ${
        result.stderr || result.error
      }`,
    );
  }
  return JSON.parse(result.stdout);
}
