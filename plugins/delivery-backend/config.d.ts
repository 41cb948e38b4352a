export interface Config {
  /** Settings of the Delivery bundle; `delivery.argocd` is declared by @go-delivery/plugin-delivery-node. */
  delivery?: {
    /** Coverage reports uploaded by CI. */
    coverage?: {
      /**
       * Minimum coverage in percent for entities without the go-delivery.dev/coverage-threshold annotation.
       * @default 80
       */
      defaultThreshold?: number;
      /**
       * Largest accepted report upload, in bytes.
       * @default 10485760
       */
      maxUploadBytes?: number;
      /**
       * Reports kept per entity; older ones are pruned hourly.
       * @default 100
       */
      keepReports?: number;
    };
    /** Short-lived caching of upstream reads, shared between backend replicas through the cache service. */
    cache?: {
      /**
       * How long an upstream answer is reused, in seconds; 0 turns caching off.
       * @default 10
       */
      ttlSeconds?: number;
    };
  };
}
