export interface Config {
  delivery?: {
    /** Argo CD instances the Delivery tab reads, rolls back through, and registers new services in. */
    argocd?: {
      /**
       * Default timeout of one Argo CD request, in milliseconds.
       * @default 5000
       */
      timeoutMs?: number;
      /**
       * Lifetime assumed for a session token that carries no expiry, in seconds.
       * @default 3600
       */
      sessionLifetimeSeconds?: number;
      instances?: Array<{
        /** Name used by the `argocd/instance-name` annotation; letters, digits, '-', '_', '.'. */
        name: string;
        /** Base URL of the Argo CD API server, e.g. https://argocd.example.com */
        url: string;
        /**
         * Base URL of the Argo CD web UI for links, when it differs from `url`.
         * @visibility frontend
         */
        webUrl?: string;
        /**
         * An Argo CD API token (account or project role). Takes precedence over username/password.
         * @visibility secret
         */
        token?: string;
        /** Username for `POST /api/v1/session` when no token is configured. */
        username?: string;
        /**
         * Password for `POST /api/v1/session`.
         * @visibility secret
         */
        password?: string;
        /** Timeout of one request to this instance, in milliseconds. */
        timeoutMs?: number;
      }>;
    };
  };
}
