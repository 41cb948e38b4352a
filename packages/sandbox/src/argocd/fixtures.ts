import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FIXTURES_DIR } from '../paths';

/** What one fake Argo CD instance serves: applications and their resource trees, by app name. */
export interface ArgoCdInstanceFixtures {
  applications: Record<string, any>;
  trees: Record<string, any>;
  /** AppProjects by name, as `GET /api/v1/projects/{name}` answers them. */
  projects?: Record<string, any>;
  /** ApplicationSets by name, as `GET /api/v1/applicationsets/{name}` answers them. */
  applicationSets?: Record<string, any>;
}

function readJsonDir(dir: string): Record<string, any> {
  if (!existsSync(dir)) return {};
  const out: Record<string, any> = {};
  for (const file of readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .sort()) {
    out[basename(file, '.json')] = JSON.parse(
      readFileSync(join(dir, file), 'utf8'),
    );
  }
  return out;
}

/** The demo Argo CD instances (`prod`, `staging`) with their applications, trees and projects. */
export function loadArgoCdFixtures(): Record<string, ArgoCdInstanceFixtures> {
  const root = join(FIXTURES_DIR, 'argocd');
  const instances: Record<string, ArgoCdInstanceFixtures> = {};
  for (const instance of readdirSync(root).sort()) {
    instances[instance] = {
      applications: readJsonDir(join(root, instance, 'applications')),
      trees: readJsonDir(join(root, instance, 'trees')),
      projects: readJsonDir(join(root, instance, 'projects')),
      applicationSets: readJsonDir(join(root, instance, 'applicationsets')),
    };
  }
  return instances;
}

/** A deep copy, so a test that mutates a fake's state never leaks into another test. */
export function cloneFixtures(
  fixtures: ArgoCdInstanceFixtures,
): ArgoCdInstanceFixtures {
  return JSON.parse(JSON.stringify(fixtures));
}
