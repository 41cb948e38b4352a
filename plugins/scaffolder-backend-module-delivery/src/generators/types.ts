/**
 * The input every generator takes and the output it returns. Generators are pure functions
 * (spec → files): no I/O, no clock, no randomness, so the same spec always yields the same repo.
 */

/** Deployment environments, in promotion order. */
export type Environment = 'dev' | 'staging' | 'prod';

/** Which CI system the service repository is wired for. */
export type CiProvider = 'tekton' | 'github-actions' | 'gitlab-ci';

/** How the GitOps folder describes the service's Kubernetes objects. */
export type ManifestFormat = 'kustomize' | 'helm';

/** One cluster a multi-cluster production runs on (an ApplicationSet list-generator element). */
export interface ProdCluster {
  /** RFC 1123 label: names the generated Application (`<service>-prod-<name>`). */
  name: string;
  /** The cluster's API server URL, as Argo CD knows it. */
  server: string;
}

/** Everything the template's form decides about a new Go service, validated and defaulted. */
export interface GoServiceSpec {
  /** RFC 1123 label, ≤ 63: the catalog name, Kubernetes names, image name. */
  name: string;
  description: string;
  /** Catalog owner ref, e.g. `group:default/team-payments`. */
  owner: string;
  /** Catalog system ref, optional. */
  system?: string;
  /** Go module path, e.g. `github.com/example-org/payments-api`. */
  modulePath: string;
  /** Go language version for go.mod, e.g. `1.24`. */
  goVersion: string;
  /** The port the service listens on (HTTP, health and metrics on one port). */
  port: number;
  ci: CiProvider;
  /**
   * Kustomize overlays per environment (the default), or a Helm chart with `values.yaml` and
   * `values-<env>.yaml` rendering the same objects.
   */
  manifests?: ManifestFormat;
  /** At least one; `prod` gets manual sync so the portal's rollback can work. */
  environments: Environment[];
  /** Argo Rollouts canary with Prometheus analysis (else a plain Deployment). */
  canary: boolean;
  /** Minimum total statement coverage in percent (0–100) enforced by CI. */
  coverageThreshold: number;
  /**
   * Availability objective in percent over 30 days (90 ≤ x < 100; 99.9 when absent): the GitOps
   * folder's error-budget rules follow it.
   */
  availabilityObjective?: number;
  /** Image repository without tag, e.g. `ghcr.io/example-org/payments-api`. */
  imageRepository: string;
  /** Clone URL of the service's own repository. */
  serviceRepoUrl: string;
  /** Clone URL of the GitOps repository the CI bumps and Argo CD syncs from. */
  gitopsRepoUrl: string;
  /** Path inside the GitOps repo that holds this service (`apps/<name>` by default). */
  gitopsPath: string;
  /** Argo CD settings of the generated Applications (namespace per environment: `<name>-<env>`). */
  argocd: {
    /** Name of the configured Argo CD instance (goes into the `argocd/instance-name` annotation). */
    instance: string;
    /** Argo CD project. */
    project: string;
    /** Namespace of the Application resources (Argo CD's own namespace). */
    namespace: string;
    /** Destination cluster API URL. */
    destinationServer: string;
    /**
     * Production spread over several clusters: one ApplicationSet (list generator) makes a prod
     * Application per cluster. Absent or empty: one Application per environment, as before.
     */
    prodClusters?: ProdCluster[];
  };
  /** Base URL of the Backstage backend the CI uploads coverage to. */
  backstageBaseUrl: string;
  /** Secret store the ExternalSecrets read from (a ClusterSecretStore name). */
  secretStore: string;
  /**
   * The scaffolder task creating the service, marked on what it creates (the Argo CD Applications,
   * `catalog-info.yaml`) so that a re-run of the same task tells its own objects from others'.
   * Absent outside a task: nothing is marked.
   */
  scaffolderTaskId?: string;
}

/** One file of a generated repository. */
export interface GeneratedFile {
  /** Relative POSIX path inside the repository. */
  path: string;
  content: string;
  /** File mode, e.g. 0o755 for scripts; 0o644 when absent. */
  mode?: number;
}
