export interface Config {
  /** Settings of the Delivery bundle; `delivery.argocd` is declared by @go-delivery/plugin-delivery-node. */
  delivery?: {
    /** Actions (rollback, rerun, promote …). */
    actions?: {
      /**
       * How long an action may run before another replica counts it as interrupted (its replica
       * went away) and answers the same request with that, instead of acting again.
       * @default 120
       */
      leaseSeconds?: number;
    };
    /**
     * What service principals (other plugins, CI with an external access token) may do. Without
     * a grant a service may neither read an entity's delivery data nor act; users are decided
     * by the permission policy alone.
     */
    serviceAccess?: Array<{
      /** The principal's subject: an external access token's `subject`, or `plugin:<id>`. */
      subject: string;
      /** May read the delivery data of the entities below. */
      read?: boolean;
      /** Permissions it may use on them, e.g. `delivery.coverage.upload`. */
      actions?: string[];
      /** Entity refs, or `*` for every entity. A grant without entities or owners applies to none. */
      entities?: string[];
      /** Entities owned by these groups or users (`group:default/team-a`). */
      owners?: string[];
    }>;
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
      /**
       * Most source files a report may list; a report with more is refused (400).
       * @default 50000
       */
      maxFiles?: number;
    };
    /** Kubernetes clusters read for Tekton runs (and Argo Rollouts). */
    kubernetes?: {
      /**
       * Default timeout of one request to a cluster, in milliseconds.
       * @default 5000
       */
      timeoutMs?: number;
      clusters?: Array<{
        /** Letters, digits, '-', '_', '.'; shown in errors. */
        name: string;
        /** API server URL; only with auth.type serviceAccount. `http:` needs skipTLSVerify. */
        url?: string;
        /** Base64 PEM CA bundle (serviceAccount only; not with skipTLSVerify). */
        caData?: string;
        /** A PEM CA bundle file, read at startup (serviceAccount only; instead of caData). */
        caFile?: string;
        /** Do not verify the API server's certificate (and accept plain http). */
        skipTLSVerify?: boolean;
        auth: {
          /** serviceAccount (token or tokenFile) | kubeconfig (path, context) | inCluster */
          type: 'serviceAccount' | 'kubeconfig' | 'inCluster';
          /**
           * A service account token.
           * @visibility secret
           */
          token?: string;
          /** A file holding the token, re-read every 60 s (projected service account tokens). */
          tokenFile?: string;
          /** Path of a kubeconfig file. */
          path?: string;
          /** Context of the kubeconfig to use. */
          context?: string;
        };
        /** Timeout of one request to this cluster, in milliseconds. */
        timeoutMs?: number;
      }>;
    };
    /** Tekton pipeline runs. */
    tekton?: {
      /**
       * Runs per entity, newest first across clusters (1–100).
       * @default 20
       */
      maxRuns?: number;
      /**
       * Step log cap in bytes (1024–10485760).
       * @default 262144
       */
      logLimitBytes?: number;
    };
    /** Prometheus instances for the golden signals and the deploy verdicts. */
    prometheus?: {
      /**
       * Default timeout of one request, in milliseconds.
       * @default 10000
       */
      timeoutMs?: number;
      /**
       * Scrape interval of the services' metrics: the smallest step and the base of rate windows.
       * @default 15
       */
      scrapeIntervalSeconds?: number;
      /** The first is the default; the `prometheus.io/service-name` annotation picks another. */
      instances?: Array<{
        /** Name used by the `prometheus.io/service-name` annotation. */
        name: string;
        /** Base URL; the API is under `api/v1/`. */
        url: string;
        /**
         * Base URL of the Prometheus UI for links, when it differs from `url`.
         * @visibility frontend
         */
        webUrl?: string;
        /**
         * Sent as `Authorization: Bearer …`.
         * @visibility secret
         */
        token?: string;
        /**
         * Extra headers, e.g. `X-Scope-OrgID` for a multi-tenant Prometheus.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Timeout of one request to this instance, in milliseconds. */
        timeoutMs?: number;
      }>;
      /** How a deploy is judged from the window before it and the window after it. */
      verdict?: {
        /**
         * Length of each window, in minutes.
         * @default 30
         */
        windowMinutes?: number;
        /**
         * Largest accepted rise of the error rate, as a ratio (0.01 = one percentage point).
         * @default 0.01
         */
        maxErrorRateIncrease?: number;
        /**
         * Largest accepted rise of p95 latency, in percent.
         * @default 20
         */
        maxP95IncreasePercent?: number;
        /**
         * Fewer requests than this in a window give no verdict.
         * @default 100
         */
        minRequests?: number;
      };
    };
    /** Rollback from the UI: Argo Rollouts abort/undo, Argo CD rollback, GitOps rollback. */
    rollback?: {
      /**
       * Case-insensitive regular expression matched against cluster, namespace, application name
       * and `environment` label, and the Argo CD instance's name for an application without that
       * label; a match requires typing the name to confirm.
       * @default '(^|[^a-z0-9])(prod|production|prd|live)([^a-z0-9]|$)'
       */
      productionPattern?: string;
      gitops?: {
        /**
         * How GitHub and GitLab repositories are changed; local repositories always get a commit.
         * @default pull-request
         */
        mode?: 'pull-request' | 'commit';
        /** Author of rollback commits. */
        commitAuthor?: { name?: string; email?: string };
        local?: {
          /**
           * Folder whose direct subfolders are local repositories (file:// repoURLs).
           * Defaults to delivery.scaffolder.localGit.directory, else <tmpdir>/go-delivery-repositories.
           */
          directory?: string;
          /** Repository URLs (as Argo CD knows them) served from local folders instead. */
          repositories?: Array<{ url: string; path: string }>;
        };
      };
    };
    /**
     * Promotion between environments (dev → staging → prod) from the Environments card, and the
     * gates checked before it.
     */
    promotion?: {
      /**
       * How long the source environment must have run its newest deploy before its image may go
       * into the next environment, in minutes.
       * @default 60
       */
      soakMinutes?: number;
      /** Per target environment (`prod`, `staging` …): its own soak time in minutes. */
      environments?: {
        [environment: string]: { soakMinutes?: number };
      };
      /**
       * Change freezes besides the sync windows of the Argo CD projects: recurring windows (a cron
       * schedule of starts and a duration, as Argo CD sync windows) during which promotions into
       * their environments are blocked unless overridden.
       */
      freezeWindows?: Array<{
        name: string;
        /** Cron expression of the window's starts (five fields), e.g. `0 18 * * 5`. */
        schedule: string;
        /** How long each occurrence lasts, e.g. `64h`, `30m`, `2h30m`. */
        duration: string;
        /** IANA zone of the schedule; UTC by default. */
        timeZone?: string;
        /** Environments it freezes; all when absent. */
        environments?: string[];
        description?: string;
      }>;
    };
    /** The DORA figures: a record of delivery events kept past Argo CD's short history. */
    dora?: {
      /**
       * Whether the collector runs; the figures are still served from what is stored. The
       * collector also finds the failed syncs, Degraded health and controller aborts that notify.
       * @default true
       */
      enabled?: boolean;
      /**
       * Minutes between two passes of the collector (one replica runs each pass).
       * @default 10
       */
      collectIntervalMinutes?: number;
      /**
       * A deploy followed within this many hours by a rollback, abort, regression, failed sync
       * or degraded health is a failed change.
       * @default 24
       */
      failureWindowHours?: number;
      /**
       * A deploy followed by another within this many hours (a hotfix) is a failed change.
       * @default 2
       */
      hotfixWindowHours?: number;
      /**
       * Entities per pass, least recently collected first.
       * @default 500
       */
      maxEntitiesPerPass?: number;
      /**
       * Commit lookups (Argo CD revision metadata) per pass; further deploys wait for the next.
       * @default 200
       */
      maxRevisionReadsPerPass?: number;
    };
    /** Notifications to an entity's owners of delivery events (needs the notifications backend). */
    notifications?: {
      /**
       * Whether any notification is sent.
       * @default true
       */
      enabled?: boolean;
      /**
       * The event kinds that notify: sync-failed, degraded, regression, abort, rollback,
       * promotion (all by default). An entity's go-delivery.dev/notify annotation narrows them.
       */
      events?: Array<
        | 'sync-failed'
        | 'degraded'
        | 'regression'
        | 'abort'
        | 'rollback'
        | 'promotion'
      >;
      /**
       * Only events at most this many minutes old when first recorded notify, so the collector's
       * backfill of history on a fresh start notifies nobody.
       * @default 60
       */
      maxAgeMinutes?: number;
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
