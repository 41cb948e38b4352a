import type { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  CiProvider,
  Environment,
  ManifestFormat,
} from '../generators/types';

type InputSchemas = NonNullable<
  NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input']
>;

type InputSchemaFunction = Extract<InputSchemas, (z: any) => any>;

/** The zod the scaffolder hands to schema functions (its own copy, so types always match). */
export type Zod = Parameters<InputSchemaFunction>[0];

/** A zod schema whose parsed value is `T`, named through the scaffolder's types. */
export type ZodSchemaOf<T> = Omit<
  ReturnType<InputSchemaFunction>,
  '_output'
> & {
  readonly _output: T;
};

export const CI_PROVIDERS = ['tekton', 'github-actions', 'gitlab-ci'] as const;
export const MANIFEST_FORMATS = ['kustomize', 'helm'] as const;
/** How Argo CD deploys: an Application per environment, or prod as an ApplicationSet. */
export const ARGOCD_LAYOUTS = ['applications', 'applicationset'] as const;
export type ArgoCdLayout = (typeof ARGOCD_LAYOUTS)[number];
export const ENVIRONMENTS: readonly Environment[] = ['dev', 'staging', 'prod'];
export const PUBLISH_TARGETS = ['local', 'github', 'gitlab'] as const;
export type PublishTarget = (typeof PUBLISH_TARGETS)[number];

/** Defaults applied by the handlers: the scaffolder does not apply schema defaults at run time. */
export const SERVICE_DEFAULTS = {
  goVersion: '1.24',
  port: 8080,
  ci: 'tekton' as CiProvider,
  manifests: 'kustomize' as ManifestFormat,
  argocdLayout: 'applications' as ArgoCdLayout,
  environments: [...ENVIRONMENTS],
  canary: true,
  coverageThreshold: 80,
  availabilityObjective: 99.9,
  publishTarget: 'local' as PublishTarget,
};

/**
 * The template's form values that describe a service, as every action of this module takes
 * them (`input.service`). Only `name` and `owner` are required; the rest has defaults.
 */
export type ServiceInput = {
  name: string;
  owner: string;
  system?: string;
  description?: string;
  modulePath?: string;
  goVersion?: string;
  port?: number;
  ci?: string;
  manifests?: string;
  /** `applicationset`: prod on every cluster of `prodClusters`, through one ApplicationSet. */
  argocdLayout?: string;
  prodClusters?: Array<{ name: string; server: string }>;
  environments?: string[];
  canary?: boolean;
  coverageThreshold?: number;
  availabilityObjective?: number;
  imageRepository?: string;
  publish?: {
    target?: string;
    /** RepoUrlPicker value of the service repository, e.g. `github.com?owner=acme&repo=payments-api`. */
    repoUrl?: string;
    /** RepoUrlPicker value of the GitOps repository. */
    gitopsRepoUrl?: string;
  };
};

/** The `service` input of every action; the handlers validate and default it. */
export function serviceInputSchema(z: Zod): ZodSchemaOf<ServiceInput> {
  return z
    .object({
      name: z
        .string()
        .describe(
          "Service name: lowercase letters, digits and '-' (RFC 1123 label), at most 63 characters",
        ),
      owner: z
        .string()
        .describe('Owner entity ref, e.g. group:default/team-payments'),
      system: z.string().optional().describe('System entity ref'),
      description: z.string().optional(),
      modulePath: z
        .string()
        .optional()
        .describe(
          'Go module path. Default: <git host>/<owner>/<repo>, or localhost/<name> for local repositories',
        ),
      goVersion: z
        .string()
        .optional()
        .describe(
          `Go version of go.mod. Default: ${SERVICE_DEFAULTS.goVersion}`,
        ),
      port: z
        .number()
        .optional()
        .describe(`HTTP port. Default: ${SERVICE_DEFAULTS.port}`),
      ci: z
        .enum(CI_PROVIDERS)
        .optional()
        .describe(`CI system: ${CI_PROVIDERS.join(', ')}. Default: tekton`),
      manifests: z
        .enum(MANIFEST_FORMATS)
        .optional()
        .describe(
          'Kubernetes manifests of the GitOps folder: kustomize (overlays) or helm (a chart). Default: kustomize',
        ),
      argocdLayout: z
        .enum(ARGOCD_LAYOUTS)
        .optional()
        .describe(
          'applications (one Argo CD Application per environment) or applicationset (prod on several clusters). Default: applications',
        ),
      prodClusters: z
        .array(
          z.object({
            name: z
              .string()
              .describe(
                'Cluster name (RFC 1123 label): the Application is <name>-prod-<cluster>',
              ),
            server: z
              .string()
              .describe("The cluster's API server URL, as Argo CD knows it"),
          }),
        )
        .optional()
        .describe(
          'With argocdLayout applicationset: the production clusters (at least 2, names unique)',
        ),
      environments: z
        .array(z.enum(['dev', 'staging', 'prod']))
        .optional()
        .describe('Environments. Default: dev, staging, prod'),
      canary: z
        .boolean()
        .optional()
        .describe('Argo Rollouts canary with analysis. Default: true'),
      coverageThreshold: z
        .number()
        .optional()
        .describe(
          `Minimum coverage in percent. Default: ${SERVICE_DEFAULTS.coverageThreshold}`,
        ),
      availabilityObjective: z
        .number()
        .optional()
        .describe(
          `Availability objective in percent over 30 days (error-budget rules). Default: ${SERVICE_DEFAULTS.availabilityObjective}`,
        ),
      imageRepository: z
        .string()
        .optional()
        .describe(
          'Image repository without tag. Default: <delivery.scaffolder.imageRegistry>/<name>',
        ),
      publish: z
        .object({
          target: z
            .enum(PUBLISH_TARGETS)
            .optional()
            .describe('Where the repositories live. Default: local'),
          repoUrl: z
            .string()
            .optional()
            .describe('RepoUrlPicker value of the service repository'),
          gitopsRepoUrl: z
            .string()
            .optional()
            .describe('RepoUrlPicker value of the GitOps repository'),
        })
        .optional(),
    })
    .describe('The service, as the Go service template collects it');
}
