import { resolve } from 'node:path';

// The sandbox runs from source (tests and `yarn start:sandbox`) and is never bundled, so its own
// folder is a stable anchor for its data files.
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_DIR = resolve(__dirname, '..');

/** Upstream schemas and examples, copied byte-for-byte (see reference/SOURCES.md). */
export const REFERENCE_DIR = resolve(PACKAGE_DIR, 'reference');

/** The sandbox's own fixtures, shared by the local portal and the tests. */
export const FIXTURES_DIR = resolve(PACKAGE_DIR, 'fixtures');

/** The demo catalog the local portal reads: the services whose delivery data the sandbox serves. */
export const SANDBOX_CATALOG_FILE = resolve(
  PACKAGE_DIR,
  'catalog',
  'demo.yaml',
);

/** What the sandbox writes at start (git-ignored). */
export const SANDBOX_LOCAL_DIR = resolve(PACKAGE_DIR, '.local');

/** Git repositories the sandbox creates at start: the demo's GitOps repository. */
export const SANDBOX_GIT_DIR = resolve(SANDBOX_LOCAL_DIR, 'git');
