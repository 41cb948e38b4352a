import { ArgoCdApiError } from './createApplication';
import { ArgoCdInstanceFixtures } from './fixtures';

const NOT_FOUND = 5;

/**
 * The AppProjects of an instance: `default`, those of the fixtures (with their objects), the
 * extra names a fake was given and the projects its fixtures' applications belong to.
 */
export function projectNames(
  fixtures: ArgoCdInstanceFixtures,
  extra: string[] = [],
): Set<string> {
  return new Set([
    'default',
    ...Object.keys(fixtures.projects ?? {}),
    ...extra,
    ...Object.values(fixtures.applications).map(app => app.spec?.project),
  ]);
}

/**
 * `GET /api/v1/projects/{name}`: the AppProject object itself (`v1alpha1AppProject`). A project
 * known only by name answers as Argo CD creates one that allows everything.
 */
export function getProject(options: {
  name: string;
  fixtures: ArgoCdInstanceFixtures;
  names: Set<string>;
  controllerNamespace: string;
}): any {
  const { name } = options;
  const fixture = options.fixtures.projects?.[name];
  if (fixture) return fixture;
  if (!options.names.has(name)) {
    throw new ArgoCdApiError(
      404,
      NOT_FOUND,
      `appprojects.argoproj.io "${name}" not found`,
    );
  }
  return {
    metadata: { name, namespace: options.controllerNamespace },
    spec: {
      sourceRepos: ['*'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
    },
    status: {},
  };
}
