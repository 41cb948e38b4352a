import { KUBERNETES_ID_ANNOTATION } from '@go-delivery/plugin-delivery-common';
import { InputError } from '@backstage/errors';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Environment, GeneratedFile, GoServiceSpec } from '../types';
import { exampleSpec } from './__testUtils__/specs';
import { runTool, writeToTempDir } from './__testUtils__/tools';
import { manifestProblems } from './__testUtils__/validateManifests';
import { argoCdApplication, generateGitOps, gitopsRoot } from '.';
import { HELM_IMAGE_TAG_PATH } from './helmChart';

// Parsed YAML: any shape, asserted field by field.
type K8s = any;

function documents(content: string): K8s[] {
  return parseAllDocuments(content)
    .map(doc => doc.toJS())
    .filter(doc => doc !== null);
}

/** Objects in a stable order, so two renderings compare regardless of file order. */
function sorted(objects: K8s[]): K8s[] {
  const key = (o: K8s) => `${o.kind}/${o.metadata.name}`;
  return [...objects].sort((a, b) => key(a).localeCompare(key(b)));
}

function run(tool: 'helm' | 'kustomize', args: string[], cwd?: string): string {
  const { status, output } = runTool(tool, args, { cwd });
  if (status !== 0) {
    throw new Error(`${tool} ${args.join(' ')} failed:\n${output}`);
  }
  return output;
}

/** Renders the chart for an environment as Argo CD does: values.yaml, then values-<env>.yaml. */
function helmTemplate(
  chart: string,
  environment: Environment,
  extraValues: string[] = [],
): K8s[] {
  const values = ['values.yaml', `values-${environment}.yaml`].map(f =>
    join(chart, f),
  );
  const args = ['template', 'release', chart];
  for (const file of [...values, ...extraValues]) args.push('--values', file);
  const { status, output } = runTool('helm', args);
  if (status !== 0) throw new Error(`helm template failed:\n${output}`);
  return documents(output);
}

function kustomizeBuild(overlay: string): K8s[] {
  return documents(run('kustomize', ['build', overlay]));
}

const PROD_CLUSTERS = [
  { name: 'eu-west', server: 'https://eu-west.k8s.example.com' },
  { name: 'us-east', server: 'https://us-east.k8s.example.com:6443' },
];

const FORMATS = ['kustomize', 'helm'] as const;
const REGISTRATIONS = ['applications', 'applicationset'] as const;
const SHAPES: Array<[string, Partial<GoServiceSpec>]> = [
  ['canary, dev/staging/prod', {}],
  [
    'no canary, dev/prod',
    {
      canary: false,
      environments: ['dev', 'prod'],
      name: 'ledger',
      imageRepository: 'registry.example.com:5000/platform/ledger',
      gitopsPath: '/deploy/ledger/',
    },
  ],
];

const COMBINATIONS = FORMATS.flatMap(format =>
  REGISTRATIONS.flatMap(registration =>
    SHAPES.map(
      ([shape, overrides]) =>
        [
          `${format}, ${registration}, ${shape}`,
          format,
          registration,
          overrides,
        ] as const,
    ),
  ),
);

function specOf(
  format: (typeof FORMATS)[number],
  registration: (typeof REGISTRATIONS)[number],
  overrides: Partial<GoServiceSpec>,
): GoServiceSpec {
  const base = exampleSpec(overrides);
  return {
    ...base,
    manifests: format,
    argocd: {
      ...base.argocd,
      ...(registration === 'applicationset'
        ? { prodClusters: PROD_CLUSTERS }
        : {}),
    },
  };
}

/** What Argo CD's ApplicationSet controller makes of a list element (fasttemplate `{{key}}`). */
function expand(template: unknown, element: Record<string, string>): K8s {
  const text = JSON.stringify(template).replace(
    /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g,
    (_, key) => {
      if (!(key in element)) throw new Error(`no parameter ${key}`);
      return element[key];
    },
  );
  return JSON.parse(text);
}

describe.each(COMBINATIONS)(
  'GitOps folder (%s)',
  (_label, format, registration, overrides) => {
    const spec = specOf(format, registration, overrides);
    // The same service with Kustomize overlays: what the chart must render.
    const kustomizeSpec = { ...spec, manifests: 'kustomize' as const };
    const files = generateGitOps(spec);
    const root = gitopsRoot(spec);
    const argoCd = files
      .filter(f => f.path.startsWith(`${root}/argocd/`))
      .flatMap(f => documents(f.content));
    const rendered = new Map<Environment, K8s[]>();
    const reference = new Map<Environment, K8s[]>();
    let tempDir: string;
    let kustomizeDir: string;

    beforeAll(() => {
      tempDir = writeToTempDir(files, 'gitops-formats-');
      kustomizeDir = writeToTempDir(
        generateGitOps(kustomizeSpec),
        'gitops-formats-kustomize-',
      );
      for (const env of spec.environments) {
        reference.set(
          env,
          kustomizeBuild(join(kustomizeDir, root, 'overlays', env)),
        );
        rendered.set(
          env,
          format === 'helm'
            ? helmTemplate(join(tempDir, root, 'chart'), env)
            : kustomizeBuild(join(tempDir, root, 'overlays', env)),
        );
      }
    });
    afterAll(() => {
      rmSync(tempDir, { recursive: true, force: true });
      rmSync(kustomizeDir, { recursive: true, force: true });
    });

    it('keeps the non-manifest files and only its own format', () => {
      const paths = files.map(f => f.path);
      expect(paths).toContain(`${root}/monitoring/slo-rules.yaml`);
      expect(paths).toContain(`${root}/README.md`);
      expect(paths.some(p => p.startsWith(`${root}/chart/`))).toBe(
        format === 'helm',
      );
      expect(paths.some(p => p.startsWith(`${root}/overlays/`))).toBe(
        format === 'kustomize',
      );
      expect(new Set(paths).size).toBe(paths.length);
    });

    it('renders every environment into objects valid against the schemas', () => {
      for (const env of spec.environments) {
        const objects = rendered.get(env)!;
        expect(objects.length).toBeGreaterThan(5);
        expect(manifestProblems(objects)).toEqual([]);
        for (const object of objects) {
          expect(object.metadata.labels[KUBERNETES_ID_ANNOTATION]).toBe(
            spec.name,
          );
          expect(object.metadata.labels.environment).toBe(env);
        }
      }
    });

    it('renders exactly the objects of the Kustomize overlays', () => {
      for (const env of spec.environments) {
        expect(sorted(rendered.get(env)!)).toEqual(sorted(reference.get(env)!));
      }
    });

    if (format === 'helm') {
      it('passes helm lint for every environment', () => {
        const chart = join(tempDir, root, 'chart');
        for (const env of spec.environments) {
          const output = run('helm', [
            'lint',
            '--strict',
            chart,
            '--values',
            join(chart, 'values.yaml'),
            '--values',
            join(chart, `values-${env}.yaml`),
          ]);
          expect(output).toContain('0 chart(s) failed');
        }
      });

      it(`pins the image at ${HELM_IMAGE_TAG_PATH.join(
        '.',
      )} as kustomize edit set image does`, () => {
        const chart = join(tempDir, root, 'chart');
        const env = spec.environments[0];
        const digest = `sha256:${'ab12'.repeat(16)}`;
        const pin = join(tempDir, 'pin.yaml');
        writeFileSync(pin, `image:\n  tag: "0123456"\n  digest: ${digest}\n`);
        const overlay = join(kustomizeDir, root, 'overlays', env);
        run(
          'kustomize',
          ['edit', 'set', 'image', `${spec.imageRepository}:0123456@${digest}`],
          overlay,
        );
        const pinned = helmTemplate(chart, env, [pin]);
        expect(sorted(pinned)).toEqual(sorted(kustomizeBuild(overlay)));
        const workload = pinned.find(o =>
          ['Rollout', 'Deployment'].includes(o.kind),
        );
        expect(workload.spec.template.spec.containers[0].image).toBe(
          `${spec.imageRepository}:0123456@${digest}`,
        );
      });

      it('refuses a tag YAML reads as a number, and missing environment values', () => {
        const chart = join(tempDir, root, 'chart');
        const numeric = join(tempDir, 'numeric.yaml');
        writeFileSync(numeric, 'image:\n  tag: 1234567\n');
        expect(() =>
          helmTemplate(chart, spec.environments[0], [numeric]),
        ).toThrow('image.tag must be a string: quote it');
        const { status, output } = runTool('helm', ['template', 'r', chart]);
        expect(status).not.toBe(0);
        expect(output).toContain('values-<env>.yaml sets');
      });

      it('points each Argo CD source at the chart with its values files', () => {
        const sources = argoCd.map(o =>
          o.kind === 'ApplicationSet'
            ? o.spec.template.spec.source
            : o.spec.source,
        );
        for (const [i, source] of sources.entries()) {
          const env = spec.environments[i];
          expect(source.path).toBe(`${root}/chart`);
          expect(source.helm.valueFiles).toEqual([
            'values.yaml',
            `values-${env}.yaml`,
          ]);
          for (const valueFile of source.helm.valueFiles) {
            expect(existsSync(join(tempDir, source.path, valueFile))).toBe(
              true,
            );
          }
        }
      });
    }

    it('tells in the README where the image is pinned and what Argo CD registers', () => {
      const readme = files.find(f => f.path === `${root}/README.md`)!.content;
      const pin =
        format === 'helm'
          ? '`image.tag` in `chart/values-prod.yaml`'
          : '`overlays/prod/kustomization.yaml`';
      expect(readme).toContain(pin);
      expect(readme).not.toContain(
        format === 'helm' ? 'kustomize edit' : 'values-prod.yaml',
      );
      for (const cluster of PROD_CLUSTERS) {
        expect(readme.includes(`\`${spec.name}-prod-${cluster.name}\``)).toBe(
          registration === 'applicationset',
        );
      }
    });

    it('registers the Argo CD objects, valid against the CRDs', () => {
      expect(manifestProblems(argoCd)).toEqual([]);
      const expectedKinds = spec.environments.map(env =>
        env === 'prod' && registration === 'applicationset'
          ? 'ApplicationSet'
          : 'Application',
      );
      expect(argoCd.map(o => o.kind)).toEqual(expectedKinds);
      for (const application of argoCd.filter(o => o.kind === 'Application')) {
        const source = application.spec.source;
        const manifest =
          format === 'helm' ? 'Chart.yaml' : 'kustomization.yaml';
        expect(files.some(f => f.path === `${source.path}/${manifest}`)).toBe(
          true,
        );
      }
    });

    if (registration === 'applicationset') {
      it('makes one prod Application per cluster, as the single one would be', () => {
        const [set] = argoCd.filter(o => o.kind === 'ApplicationSet');
        expect(set.metadata.namespace).toBe(spec.argocd.namespace);
        expect(set.spec.generators).toEqual([
          {
            list: {
              elements: PROD_CLUSTERS.map(c => ({
                cluster: c.name,
                url: c.server,
              })),
            },
          },
        ]);
        const single = argoCdApplication(spec, 'prod') as K8s;
        const generated = set.spec.generators[0].list.elements.map(
          (element: Record<string, string>) => ({
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            ...expand(set.spec.template, element),
          }),
        );
        expect(manifestProblems(generated)).toEqual([]);
        // In the ApplicationSet's namespace, which the template leaves out.
        const { namespace: _namespace, ...metadata } = single.metadata;
        expect(generated).toEqual(
          PROD_CLUSTERS.map(cluster => ({
            ...single,
            metadata: {
              ...metadata,
              name: `${spec.name}-prod-${cluster.name}`,
            },
            spec: {
              ...single.spec,
              destination: {
                ...single.spec.destination,
                server: cluster.server,
              },
            },
          })),
        );
        // Found by the portal like the single Application; synced by a person.
        for (const application of generated) {
          expect(application.metadata.labels).toEqual({
            'app.kubernetes.io/part-of': spec.name,
            environment: 'prod',
            [KUBERNETES_ID_ANNOTATION]: spec.name,
          });
          expect(application.spec.syncPolicy.automated).toBeUndefined();
        }
      });
    }
  },
);

describe('prod clusters', () => {
  it.each<[string, GoServiceSpec['argocd']['prodClusters'], RegExp]>([
    [
      'a cluster name that is no DNS label',
      [{ name: 'EU_West', server: 'https://a.example.com' }],
      /prod cluster name "EU_West"/,
    ],
    [
      'a server that is no URL',
      [{ name: 'eu', server: 'eu-cluster' }],
      /server must be an http\(s\) URL/,
    ],
    [
      'a repeated cluster',
      [
        { name: 'eu', server: 'https://a.example.com' },
        { name: 'eu', server: 'https://b.example.com' },
      ],
      /must not repeat/,
    ],
  ])('refuses %s', (_label, prodClusters, message) => {
    const base = exampleSpec();
    const spec = { ...base, argocd: { ...base.argocd, prodClusters } };
    expect(() => generateGitOps(spec)).toThrow(InputError);
    expect(() => generateGitOps(spec)).toThrow(message);
  });

  it('keeps the prod Application when prod is not deployed or no cluster is listed', () => {
    const base = exampleSpec({ environments: ['dev', 'staging'] });
    const withoutProd = generateGitOps({
      ...base,
      argocd: { ...base.argocd, prodClusters: PROD_CLUSTERS },
    });
    const emptyList = generateGitOps({
      ...exampleSpec(),
      argocd: { ...exampleSpec().argocd, prodClusters: [] },
    });
    const kinds = (files: GeneratedFile[]) =>
      files
        .filter(f => f.path.includes('/argocd/'))
        .flatMap(f => documents(f.content))
        .map(o => o.kind);
    expect(kinds(withoutProd)).toEqual(['Application', 'Application']);
    expect(kinds(emptyList)).toEqual([
      'Application',
      'Application',
      'Application',
    ]);
  });
});
