import { resolve } from 'node:path';

/** Upstream schemas and examples, copied byte-for-byte (see reference/SOURCES.md). */
export const REFERENCE_DIR = resolve(__dirname, '..', 'reference');

/** The sandbox's own fixtures, shared by the local portal and the tests. */
export const FIXTURES_DIR = resolve(__dirname, '..', 'fixtures');
