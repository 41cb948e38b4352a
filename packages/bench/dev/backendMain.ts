/*
 * One backend process of the benchmark: a Backstage backend from `createBackend`, a static
 * catalog with the benchmark's entities, and the plugin under test. Started by `BackendProcess`
 * with `--config <app-config>`; the spec file names the plugin and holds the entities.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_SPEC_ENV, BackendSpec } from '../src';

/** The entry file of a package directory (its `main`): modules are imported by file, not folder. */
function pluginEntry(dir: string): string {
  const { main } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return join(dir, main);
}

const specFile = process.env[BACKEND_SPEC_ENV];
if (!specFile) {
  throw new Error(`${BACKEND_SPEC_ENV} must name the backend's spec file`);
}
const spec: BackendSpec = JSON.parse(readFileSync(specFile, 'utf8'));

const backend = createBackend();
backend.add(catalogServiceMock.factory({ entities: spec.entities }));
switch (spec.kind) {
  case 'delivery':
    backend.add(
      spec.pluginDir
        ? import(pluginEntry(spec.pluginDir))
        : import('@go-delivery/plugin-delivery-backend'),
    );
    break;
  case 'roadie':
    backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
    break;
  default:
    throw new Error(`Unknown backend kind '${spec.kind}'`);
}
backend.start().catch(error => {
  process.stderr.write(`Backend failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
