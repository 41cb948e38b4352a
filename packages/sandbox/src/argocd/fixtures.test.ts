import { ArgoCdSchemaValidator } from '../schemas/argoCdSwagger';
import { CrdSchemaValidator } from '../schemas/crdSchemas';
import { loadArgoCdFixtures } from './fixtures';

describe('Argo CD fixtures', () => {
  const validator = new ArgoCdSchemaValidator();
  const crds = new CrdSchemaValidator();
  const instances = loadArgoCdFixtures();
  const applications = Object.entries(instances).flatMap(([instance, f]) =>
    Object.entries(f.applications).map(
      ([name, app]) => [`${instance}/${name}`, app] as const,
    ),
  );
  const trees = Object.entries(instances).flatMap(([instance, f]) =>
    Object.entries(f.trees).map(
      ([name, tree]) => [`${instance}/${name}`, tree] as const,
    ),
  );

  const projects = Object.entries(instances).flatMap(([instance, f]) =>
    Object.entries(f.projects ?? {}).map(
      ([name, project]) => [`${instance}/${name}`, project] as const,
    ),
  );

  it('has applications and trees for at least two instances', () => {
    expect(Object.keys(instances).sort()).toEqual(['prod', 'staging']);
    expect(applications.length).toBeGreaterThanOrEqual(4);
    expect(trees.length).toBe(applications.length);
  });

  it.each(applications)(
    'application %s validates against v1alpha1Application and the Application CRD',
    (_, app) => {
      expect(validator.validate('v1alpha1Application', app)).toEqual([]);
      expect(
        crds.validate({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          ...app,
        }),
      ).toEqual([]);
    },
  );

  const applicationSets = Object.entries(instances).flatMap(([instance, f]) =>
    Object.entries(f.applicationSets ?? {}).map(
      ([name, appSet]) => [`${instance}/${name}`, appSet] as const,
    ),
  );

  it.each(applicationSets)(
    'ApplicationSet %s validates against the ApplicationSet CRD',
    (_, appSet) => {
      // Not against the swagger: it describes list elements as `{raw}` and int-or-string as an
      // object, where the API answers the stored JSON; and it lacks `targetRevisions`.
      expect(
        crds.validate({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'ApplicationSet',
          ...appSet,
        }),
      ).toEqual([]);
    },
  );

  it('has the ApplicationSet every generated application names as its owner, listing it', () => {
    const owned = Object.values(instances).flatMap(f =>
      Object.values(f.applications).flatMap((app: any) =>
        (app.metadata.ownerReferences ?? []).map((owner: any) => ({
          owner,
          app,
          appSet: f.applicationSets?.[owner.name],
        })),
      ),
    );
    expect(owned.length).toBeGreaterThan(0);
    for (const { owner, app, appSet } of owned) {
      expect(appSet?.metadata.uid).toBe(owner.uid);
      expect(appSet.status.resources.map((r: any) => r.name)).toContain(
        app.metadata.name,
      );
    }
  });

  it.each(trees)(
    'resource tree %s validates against v1alpha1ApplicationTree',
    (_, tree) => {
      expect(validator.validate('v1alpha1ApplicationTree', tree)).toEqual([]);
    },
  );

  it.each(projects)(
    'project %s validates against v1alpha1AppProject and the AppProject CRD',
    (_, project) => {
      expect(validator.validate('v1alpha1AppProject', project)).toEqual([]);
      // The API answers without apiVersion and kind; the CRD describes the stored resource.
      const resource = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        ...project,
      };
      expect(crds.validate(resource)).toEqual([]);
    },
  );

  it("has a project for every application's project", () => {
    for (const f of Object.values(instances)) {
      for (const app of Object.values(f.applications)) {
        expect(f.projects?.[app.spec.project]).toBeDefined();
      }
    }
  });

  it('file names match the application and project names', () => {
    for (const f of Object.values(instances)) {
      for (const [name, app] of Object.entries(f.applications)) {
        expect(app.metadata.name).toBe(name);
        expect(f.trees[name]).toBeDefined();
      }
      for (const [name, project] of Object.entries(f.projects ?? {})) {
        expect(project.metadata.name).toBe(name);
      }
    }
  });

  it('rejects a field the AppProject CRD does not have', () => {
    const [, project] = projects[0];
    const resource = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      ...project,
      spec: { ...project.spec, freeze: true },
    };
    expect(crds.validate(resource)).toEqual([
      "/spec must NOT have additional properties 'freeze'",
    ]);
  });

  it('rejects a field the real API does not have (the check is closed, not open)', () => {
    const app = JSON.parse(JSON.stringify(applications[0][1]));
    app.status.history[0].deployedBy = 'someone';
    app.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
    expect(validator.validate('v1alpha1Application', app)).toEqual([
      "/status/history/0 must NOT have additional properties 'deployedBy'",
    ]);
  });

  it('rejects a wrongly typed field', () => {
    const app = JSON.parse(JSON.stringify(applications[0][1]));
    app.status.history[0].id = 'seven';
    expect(validator.validate('v1alpha1Application', app).join()).toContain(
      '/status/history/0/id must be integer',
    );
  });
});
