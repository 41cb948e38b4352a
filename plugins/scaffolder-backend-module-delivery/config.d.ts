export interface Config {
  delivery?: {
    /** The Go service template's actions. `delivery.argocd` is declared by @go-delivery/plugin-delivery-node. */
    scaffolder?: {
      /**
       * The local publisher: real git repositories on the backend's machine, for portals
       * without a Git host (development, demos). Git hosts use publish:github / publish:gitlab.
       */
      localGit?: {
        /**
         * Directory that holds the repositories, one folder each; relative paths resolve against
         * the backend's working directory.
         * @default <the OS temporary directory>/go-delivery-repositories
         */
        directory?: string;
        /**
         * Name of the GitOps repository in that directory that every service adds its folder to.
         * @default gitops
         */
        gitopsRepository?: string;
      };
      /** Where new services' Argo CD Applications are registered. */
      argocd?: {
        /**
         * Name of an instance under delivery.argocd.instances.
         * @default the first configured instance
         */
        instance?: string;
        /**
         * Argo CD project of the Applications.
         * @default default
         */
        project?: string;
        /**
         * Namespace of the Application resources (Argo CD's own namespace).
         * @default argocd
         */
        namespace?: string;
        /**
         * API URL of the cluster the services are deployed to.
         * @default https://kubernetes.default.svc
         */
        destinationServer?: string;
      };
      /**
       * Registry and path prefix of the images CI pushes, e.g. `ghcr.io/example-org`; the image is
       * `<imageRegistry>/<service name>` unless the form names one.
       * @default localhost:5000
       */
      imageRegistry?: string;
      /**
       * Base URL of this Backstage backend as CI reaches it, for the coverage upload.
       * @default backend.baseUrl
       */
      backendBaseUrl?: string;
      /**
       * ClusterSecretStore the generated ExternalSecrets read from.
       * @default vault
       */
      secretStore?: string;
    };
  };
}
