import Ajv from 'ajv';
import { readFileSync, rmSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import yaml from 'yaml';
import { testSettings } from '../__testUtils__/settings';
import { generateCi } from '../generators/ci';
import { generateGitOps } from '../generators/gitops';
import {
  runTool,
  writeToTempDir,
} from '../generators/gitops/__testUtils__/tools';
import { generateGoService } from '../generators/goService';
import type { GeneratedFile, GoServiceSpec } from '../generators/types';
import {
  KUBERNETES_NAME_MAX_LENGTH,
  longestDerivedAddition,
  maxServiceNameLength,
  NameOptions,
  nameOptionCombinations,
  PROD_CLUSTER_NAME_MAX_LENGTH,
  SERVICE_NAME_MAX_LENGTH,
} from './nameLimits';
import { resolveGoServiceSpec } from './resolveGoServiceSpec';
import type { ServiceInput } from './serviceInput';

const settings = testSettings();
const template = yaml.parse(
  readFileSync(
    resolve(__dirname, '../../../../templates/go-service/template.yaml'),
    'utf8',
  ),
);
const pages: any[] = template.spec.parameters;
const servicePage = pages.find(page => page.properties?.name);
const deliveryPage = pages.find(page => page.properties?.argocdLayout);
const ajv = new Ajv({ strict: false, allErrors: true });
const validateServicePage = ajv.compile(servicePage);
const validateDeliveryPage = ajv.compile(deliveryPage);

interface NamedObject {
  /** Where it came from: a file, or a chart rendered with a values file. */
  source: string;
  kind: string;
  name: string;
}

function isMultiple(kind: string): boolean {
  return ['CronJob'].includes(kind);
}

/** Names an ApplicationSet's list generator makes: its template's name per element. */
function applicationSetNames(object: any): string[] {
  const nameTemplate: string = object.spec?.template?.metadata?.name ?? '';
  const elements: Array<Record<string, string>> = (
    object.spec?.generators ?? []
  ).flatMap((generator: any) => generator.list?.elements ?? []);
  return elements.map(element =>
    nameTemplate.replace(
      /\{\{-?\s*\.?(?:values\.)?([A-Za-z0-9_]+)\s*-?\}\}/g,
      (_, key: string) => element[key] ?? _,
    ),
  );
}

/** Every object of YAML text with the names it gives (generateName: plus Kubernetes' 5). */
function namesIn(text: string, source: string): NamedObject[] {
  const found: NamedObject[] = [];
  for (const doc of yaml.parseAllDocuments(text)) {
    const object = doc.toJS();
    if (!object?.kind || !object.metadata) continue;
    const { name, generateName, namespace } = object.metadata;
    if (name) found.push({ source, kind: object.kind, name });
    if (generateName) {
      found.push({ source, kind: object.kind, name: `${generateName}xxxxx` });
    }
    if (namespace) found.push({ source, kind: 'Namespace', name: namespace });
    if (object.kind === 'ApplicationSet') {
      for (const app of applicationSetNames(object)) {
        found.push({ source, kind: 'Application', name: app });
      }
    }
    // Objects templated inside other objects: a TriggerTemplate's resources.
    for (const inner of object.spec?.resourcetemplates ?? []) {
      found.push(...namesIn(yaml.stringify(inner), `${source} (template)`));
    }
  }
  return found;
}

/** Helm charts among the files, rendered with each of their values files. */
function renderedCharts(files: GeneratedFile[], release: string) {
  const charts = files
    .filter(file => posix.basename(file.path) === 'Chart.yaml')
    .map(file => posix.dirname(file.path));
  if (charts.length === 0) return [];
  const root = writeToTempDir(files, 'name-limits-');
  try {
    return charts.flatMap(chart => {
      const valuesFiles = files
        .map(file => file.path)
        .filter(
          path =>
            posix.dirname(path) === chart &&
            /^values-[a-z]+\.yaml$/.test(posix.basename(path)),
        );
      return valuesFiles.map(values => {
        const rendered = runTool('helm', [
          'template',
          release,
          join(root, chart),
          '-f',
          join(root, values),
        ]);
        expect(rendered).toMatchObject({ status: 0 });
        return { source: `helm template ${values}`, text: rendered.output };
      });
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Every metadata.name (and namespace) the generated repositories create. */
function generatedNames(spec: GoServiceSpec): NamedObject[] {
  const files = [
    ...generateGoService(spec),
    ...generateCi(spec),
    ...generateGitOps(spec),
  ];
  const chartDirs = files
    .filter(file => posix.basename(file.path) === 'Chart.yaml')
    .map(file => `${posix.dirname(file.path)}/templates/`);
  const plain = files.filter(
    file =>
      /\.ya?ml$/.test(file.path) &&
      !chartDirs.some(dir => file.path.startsWith(dir)),
  );
  return [
    ...plain.flatMap(file => namesIn(file.content, file.path)),
    ...renderedCharts(files, spec.name).flatMap(({ source, text }) =>
      namesIn(text, source),
    ),
  ];
}

function input(
  options: NameOptions,
  name: string,
  cluster = 'c',
): ServiceInput {
  return {
    name,
    owner: 'team',
    ci: options.ci,
    manifests: options.manifests,
    canary: options.canary,
    environments: [...options.environments],
    argocdLayout: options.applicationSet ? 'applicationset' : 'applications',
    ...(options.applicationSet
      ? {
          prodClusters: [
            { name: cluster, server: 'https://eu.example.com:6443' },
            {
              name: cluster.replace(/^./, 'z'),
              server: 'https://us.example.com:6443',
            },
          ],
        }
      : {}),
  };
}

function describeOptions(options: NameOptions): string {
  return [
    options.ci,
    options.manifests,
    options.canary ? 'canary' : 'no canary',
    options.environments.join('/'),
    options.applicationSet ? 'ApplicationSet' : 'Applications',
  ].join(', ');
}

describe('the name limits', () => {
  it('are the numbers the template form enforces', () => {
    expect(servicePage.properties.name.maxLength).toBe(SERVICE_NAME_MAX_LENGTH);
    const clusterName =
      deliveryPage.dependencies.argocdLayout.oneOf[1].properties.prodClusters
        .items.properties.name;
    expect(clusterName.maxLength).toBe(PROD_CLUSTER_NAME_MAX_LENGTH);
    // The longest choice leaves nothing over: one character more would not fit.
    expect(SERVICE_NAME_MAX_LENGTH).toBe(
      Math.min(...nameOptionCombinations().map(maxServiceNameLength)),
    );
    expect(SERVICE_NAME_MAX_LENGTH).toBe(48);
    expect(PROD_CLUSTER_NAME_MAX_LENGTH).toBe(9);
  });

  const longest = 'n'.repeat(SERVICE_NAME_MAX_LENGTH);
  const longestCluster = 'c'.repeat(PROD_CLUSTER_NAME_MAX_LENGTH);

  it.each(nameOptionCombinations().map(o => [describeOptions(o), o]))(
    'keeps every generated name within 63 for the longest names (%s)',
    (_, options) => {
      const spec = resolveGoServiceSpec(
        input(options as NameOptions, longest, longestCluster),
        settings,
      );
      const names = generatedNames(spec);
      expect(names.length).toBeGreaterThan(0);
      const tooLong = names.filter(
        object =>
          object.name.length >
          (isMultiple(object.kind) ? 52 : KUBERNETES_NAME_MAX_LENGTH),
      );
      expect(tooLong).toEqual([]);
      // The limit is tight for these options: their longest name has exactly what they allow.
      const longestName = Math.max(
        ...names
          .filter(object => object.name.startsWith(longest))
          .map(object => object.name.length),
      );
      const { applicationSet } = options as NameOptions;
      // The longest cluster name fills the prod Applications' names to the limit; else the table
      // of derived names is what the generators make: its longest agrees with theirs.
      expect(longestName).toBe(
        applicationSet
          ? KUBERNETES_NAME_MAX_LENGTH
          : SERVICE_NAME_MAX_LENGTH +
              longestDerivedAddition(options as NameOptions),
      );
      expect(
        names.some(
          object => object.name === `${longest}-prod-${longestCluster}`,
        ),
      ).toBe(applicationSet);
    },
  );

  it('refuses one character more, in the form and in the run', () => {
    expect(validateServicePage({ name: longest, owner: 'team' })).toBe(true);
    expect(validateServicePage({ name: `${longest}n`, owner: 'team' })).toBe(
      false,
    );
    expect(JSON.stringify(validateServicePage.errors)).toContain(
      `must NOT have more than ${SERVICE_NAME_MAX_LENGTH} characters`,
    );
    for (const options of nameOptionCombinations()) {
      expect(() =>
        resolveGoServiceSpec(input(options, `${longest}n`), settings),
      ).toThrow(
        `name "${longest}n" has ${
          SERVICE_NAME_MAX_LENGTH + 1
        } characters, at most ${SERVICE_NAME_MAX_LENGTH} are allowed`,
      );
    }
  });

  it('refuses a cluster name one character longer, in the form and in the run', () => {
    const delivery = (clusterName: string) => ({
      ci: 'tekton',
      manifests: 'kustomize',
      environments: ['dev', 'prod'],
      argocdLayout: 'applicationset',
      prodClusters: [
        { name: clusterName, server: 'https://eu.example.com:6443' },
        { name: 'us', server: 'https://us.example.com' },
      ],
    });
    expect(validateDeliveryPage(delivery(longestCluster))).toBe(true);
    expect(validateDeliveryPage(delivery(`${longestCluster}c`))).toBe(false);
    const options = nameOptionCombinations().find(o => o.applicationSet)!;
    expect(
      resolveGoServiceSpec(input(options, longest, longestCluster), settings)
        .argocd.prodClusters,
    ).toHaveLength(2);
    expect(() =>
      resolveGoServiceSpec(
        input(options, longest, `${longestCluster}c`),
        settings,
      ),
    ).toThrow(
      `prodClusters[0].name "${longestCluster}c" has ${
        PROD_CLUSTER_NAME_MAX_LENGTH + 1
      } characters, at most ${PROD_CLUSTER_NAME_MAX_LENGTH} are allowed`,
    );
  });
});
