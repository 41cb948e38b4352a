import type { Environment, GeneratedFile, GoServiceSpec } from '../types';
import {
  chartPath,
  environmentNamespace,
  helmValuesFile,
} from './environments';
import {
  CONTAINER_PATH,
  environmentSettings,
  settingValue,
  SettingTarget,
  workloadTarget,
} from './environmentSettings';
import { INITIAL_IMAGE_TAG } from './kustomizations';
import { ENVIRONMENT_LABEL } from './labels';
import { KubernetesObject, toYaml, yamlFile } from './manifest';
import { baseResources, environmentResources } from './resources';

/**
 * Where an environment's image tag lives in the chart's values: `image.tag` in
 * `chart/values-<env>.yaml` (a string), next to an optional `image.digest` (`sha256:…`). CI and
 * the portal pin images there.
 */
export const HELM_IMAGE_TAG_PATH = ['image', 'tag'] as const;
export const HELM_IMAGE_DIGEST_PATH = ['image', 'digest'] as const;

/**
 * Stands in for the environment while the builders make the chart's objects: whatever they
 * derive from it (namespace, labels, secret key) becomes the environment from the values.
 * Lowercase letters only, so it stays a plain YAML scalar and a valid DNS label fragment.
 */
const ENVIRONMENT_MARKER = 'zzhelmenvironmentzz';

/** Template expressions stand in the objects as markers until they are written as YAML. */
class TemplateWriter {
  private readonly expressions = new Map<string, string>();

  constructor(environmentExpression: string) {
    this.expressions.set(ENVIRONMENT_MARKER, environmentExpression);
  }

  /** A marker the written template replaces with `{{ expression }}`. */
  value(expression: string): string {
    const marker = `zzhelmvalue${this.expressions.size}zz`;
    this.expressions.set(marker, `{{ ${expression} }}`);
    return marker;
  }

  /**
   * The objects as a template: literal `{{` (Argo Rollouts' `{{args.service}}`) escaped for
   * Go templates, then the markers replaced by their expressions.
   */
  write(objects: unknown[]): string {
    let text = objects.map(toYaml).join('---\n').replace(/\{\{/g, '{{ "{{" }}');
    for (const [marker, expression] of this.expressions) {
      text = text.split(marker).join(expression);
    }
    return text;
  }
}

function matches(object: KubernetesObject, target: SettingTarget): boolean {
  const apiVersion = target.group
    ? `${target.group}/${target.version}`
    : target.version;
  return (
    object.apiVersion === apiVersion &&
    object.kind === target.kind &&
    object.metadata.name === target.name
  );
}

/** Sets the field at a JSON pointer that the builders already filled (a `replace`). */
function replaceAt(object: unknown, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1);
  const last = keys.pop()!;
  let parent: any = object;
  for (const key of keys) parent = parent?.[key];
  if (parent === undefined || !(last in parent)) {
    throw new Error(`no ${pointer} to replace`);
  }
  parent[last] = value;
}

function valuesExpression(path: readonly string[], file: string): string {
  return `required "${file} sets ${path.join('.')}" .Values.${path.join(
    '.',
  )} | toJson`;
}

function helpers(spec: GoServiceSpec): string {
  const file = 'values-<env>.yaml';
  const tag = HELM_IMAGE_TAG_PATH.join('.');
  return `{{/* The environment; namespace, labels and secret key derive from it. */}}
{{- define "${spec.name}.environment" -}}
{{- required "${file} sets environment" .Values.environment -}}
{{- end }}

{{/* The image: repository:tag, and @digest when the values pin one. */}}
{{- define "${spec.name}.image" -}}
{{- $tag := required "${file} sets ${tag}" .Values.${tag} -}}
{{- if not (kindIs "string" $tag) -}}
{{- fail "${tag} must be a string: quote it" -}}
{{- end -}}
{{ .Values.image.repository }}:{{ $tag }}{{ with .Values.${HELM_IMAGE_DIGEST_PATH.join(
    '.',
  )} }}@{{ . }}{{ end }}
{{- end }}
`;
}

/** The objects of the templates, in their files, with the environment's fields as expressions. */
function templateFiles(
  spec: GoServiceSpec,
): Array<{ file: string; content: string }> {
  const writer = new TemplateWriter(
    `{{ include "${spec.name}.environment" . }}`,
  );
  // The marker is no Environment, but the builders only put it into strings.
  const environment = ENVIRONMENT_MARKER as Environment;
  const files = [
    ...baseResources(spec),
    ...environmentResources(spec, environment),
  ];
  const objects = files.flatMap(f => f.objects as KubernetesObject[]);
  // What a Kustomize overlay does with `namespace:` and `labels:` ...
  for (const object of objects) {
    if (object.kind !== 'Namespace') {
      object.metadata.namespace = environmentNamespace(spec.name, environment);
    }
    object.metadata.labels = {
      ...object.metadata.labels,
      [ENVIRONMENT_LABEL]: environment,
    };
  }
  // ... with its patches ...
  const valuesFile = 'values-<env>.yaml';
  for (const setting of environmentSettings(spec)) {
    for (const object of objects.filter(o => matches(o, setting.target))) {
      replaceAt(
        object,
        setting.path,
        writer.value(valuesExpression(setting.valuePath, valuesFile)),
      );
    }
  }
  // ... and with `images:`.
  for (const object of objects.filter(o => matches(o, workloadTarget(spec)))) {
    replaceAt(
      object,
      `${CONTAINER_PATH}/image`,
      writer.value(`include "${spec.name}.image" . | toJson`),
    );
  }
  return files.map(f => ({ file: f.file, content: writer.write(f.objects) }));
}

function setIn(values: any, path: readonly string[], value: unknown): void {
  const keys = [...path];
  const last = keys.pop()!;
  let node = values;
  for (const key of keys) node = node[key] ??= {};
  node[last] = value;
}

/** An environment's values: its name, image tag and the settings its overlay would patch. */
function environmentValues(
  spec: GoServiceSpec,
  environment: Environment,
): Record<string, unknown> {
  const values: Record<string, unknown> = { environment };
  setIn(values, HELM_IMAGE_TAG_PATH, INITIAL_IMAGE_TAG);
  for (const setting of environmentSettings(spec)) {
    setIn(values, setting.valuePath, settingValue(setting, environment));
  }
  return values;
}

/**
 * The service as a Helm chart (`manifests: helm`): templates rendering exactly the objects of
 * the Kustomize base and an overlay — made by the same builders, with each field an overlay
 * changes read from the values — `values.yaml` for what all environments share and
 * `values-<env>.yaml` per environment. Argo CD renders it with both files.
 */
export function helmChart(spec: GoServiceSpec): GeneratedFile[] {
  const dir = chartPath(spec);
  const tagPath = HELM_IMAGE_TAG_PATH.join('.');
  return [
    yamlFile(`${dir}/Chart.yaml`, {
      apiVersion: 'v2',
      name: spec.name,
      description: spec.description || `Deployment of ${spec.name}`,
      type: 'application',
      // The chart's own version; the image is versioned in the values.
      version: '0.1.0',
    }),
    {
      path: `${dir}/values.yaml`,
      content: `# Shared by every environment; values-<env>.yaml sets the environment, its image tag and capacity.\n${toYaml(
        { image: { repository: spec.imageRepository } },
      )}`,
    },
    ...spec.environments.map(environment => ({
      path: `${dir}/${helmValuesFile(environment)}`,
      content: `# ${environment}: CI and the portal pin the image at ${tagPath} (a quoted string; optionally ${HELM_IMAGE_DIGEST_PATH.join(
        '.',
      )}).\n${toYaml(environmentValues(spec, environment))}`,
    })),
    { path: `${dir}/templates/_helpers.tpl`, content: helpers(spec) },
    ...templateFiles(spec).map(t => ({
      path: `${dir}/templates/${t.file}`,
      content: t.content,
    })),
  ];
}
