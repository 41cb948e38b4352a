import type { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { CiProvider, Environment } from '../generators/types';

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

export const CI_PROVIDERS: readonly CiProvider[] = ['tekton', 'github-actions'];
export const ENVIRONMENTS: readonly Environment[] = ['dev', 'staging', 'prod'];
export const PUBLISH_TARGETS = ['local', 'github', 'gitlab'] as const;
export type PublishTarget = (typeof PUBLISH_TARGETS)[number];

/** Defaults applied by the handlers: the scaffolder does not apply schema defaults at run time. */
export const SERVICE_DEFAULTS = {
  goVersion: '1.24',
  port: 8080,
  ci: 'tekton' as CiProvider,
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
        .enum(['tekton', 'github-actions'])
        .optional()
        .describe('CI system. Default: tekton'),
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
