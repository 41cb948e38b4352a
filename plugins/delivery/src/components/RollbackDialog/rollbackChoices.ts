import {
  RollbackApplicationOption,
  RollbackApplicationRef,
  RollbackCanaryOption,
  RollbackHistoryEntry,
  RollbackKind,
  RollbackOptionsResponse,
  RollbackTarget,
  RolloutRef,
} from '@go-delivery/plugin-delivery-common';

/** What the dialog opens on: a canary to abort, or a deploy of an application to return to. */
export type RollbackPreselection =
  | { kind: 'abort-canary'; rollout: RolloutRef }
  | (RollbackApplicationRef & {
      kind?: 'argocd' | 'gitops';
      historyId?: number;
    });

/** What the person chose in the dialog's form. */
export interface RollbackChoice {
  kind?: RollbackKind;
  /** {@link canaryKey} of the canary to abort. */
  canary?: string;
  /** {@link applicationKey} of the application to roll back. */
  application?: string;
  historyId?: number;
  /** The explicit choice to turn Argo CD's automated sync off first. */
  disableAutoSync: boolean;
}

/** One way to roll back, offered or not (and why not). */
export interface RollbackKindOption {
  kind: RollbackKind;
  label: string;
  description: string;
  available: boolean;
  reason?: string;
}

/** What the signed-in user may do, from the permission framework. */
export interface RollbackPermissions {
  canAbort: boolean;
  canRollback: boolean;
}

export function canaryKey(ref: RolloutRef): string {
  return `${ref.cluster}/${ref.namespace}/${ref.name}`;
}

export function applicationKey(ref: RollbackApplicationRef): string {
  return `${ref.instance}/${ref.appNamespace ?? ''}/${ref.application}`;
}

export function findCanary(
  options: RollbackOptionsResponse,
  key: string | undefined,
): RollbackCanaryOption | undefined {
  return options.canaries.find(c => canaryKey(c.rollout) === key);
}

export function findApplication(
  options: RollbackOptionsResponse,
  key: string | undefined,
): RollbackApplicationOption | undefined {
  return options.applications.find(a => applicationKey(a) === key);
}

/** The entries an application can return to: earlier deploys with a revision. */
export function returnableEntries(
  app: RollbackApplicationOption,
): RollbackHistoryEntry[] {
  return app.history.filter(h => !h.current && h.revision);
}

/** The most recent deploy before the current one: what "roll back" means by default. */
export function defaultHistoryId(
  app: RollbackApplicationOption | undefined,
): number | undefined {
  return app ? returnableEntries(app)[0]?.id : undefined;
}

function firstReason(
  apps: RollbackApplicationOption[],
  reasonOf: (a: RollbackApplicationOption) => string | undefined,
  fallback: string,
): string {
  return apps.map(reasonOf).find(Boolean) ?? fallback;
}

/**
 * The ways to roll back that the user may use, each with whether it applies now. Ways the
 * permission policy denies are left out; ways that do not apply are kept with the reason, so
 * the dialog can say why.
 */
export function kindOptions(
  options: RollbackOptionsResponse,
  permissions: RollbackPermissions,
): RollbackKindOption[] {
  const result: RollbackKindOption[] = [];
  const apps = options.applications;
  if (permissions.canAbort && options.allowed.abortCanary) {
    result.push({
      kind: 'abort-canary',
      label: 'Abort the canary',
      description:
        'All traffic goes back to the stable ReplicaSet at once; the new version stays in the spec until it is retried or rolled back.',
      available: options.canaries.length > 0,
      ...(options.canaries.length === 0
        ? { reason: 'No canary is running' }
        : {}),
    });
  }
  if (permissions.canRollback && options.allowed.rollback) {
    const argocd = apps.some(a => a.argocd.available);
    result.push({
      kind: 'argocd',
      label: 'Roll back with Argo CD',
      description:
        "Argo CD syncs the application to an earlier deploy's revision. The branch is not changed, so the application shows OutOfSync afterwards.",
      available: argocd,
      ...(argocd
        ? {}
        : {
            reason: firstReason(
              apps,
              a => a.argocd.reason,
              'The entity has no Argo CD application',
            ),
          }),
    });
    const gitops = apps.some(a => a.gitops.available);
    result.push({
      kind: 'gitops',
      label: 'Roll back through GitOps',
      description:
        "A commit (or pull request) in the GitOps repository pins the chosen deploy's image again; Argo CD deploys it like any change.",
      available: gitops,
      ...(gitops
        ? {}
        : {
            reason: firstReason(
              apps,
              a => a.gitops.reason,
              'The entity has no Argo CD application',
            ),
          }),
    });
  }
  return result;
}

function applicationChoice(
  app: RollbackApplicationOption,
  historyId: number | undefined,
): Pick<RollbackChoice, 'application' | 'historyId'> {
  const entry = returnableEntries(app).find(h => h.id === historyId);
  return {
    application: applicationKey(app),
    historyId: entry ? entry.id : defaultHistoryId(app),
  };
}

/**
 * What the form shows first: the preselection when it applies, else the first way that does,
 * with the first canary or application it applies to and the deploy before the current one.
 */
export function initialChoice(
  options: RollbackOptionsResponse,
  kinds: RollbackKindOption[],
  preselect?: RollbackPreselection,
): RollbackChoice {
  const offered = (kind: RollbackKind) =>
    kinds.some(k => k.kind === kind && k.available);
  if (preselect?.kind === 'abort-canary') {
    const canary = findCanary(options, canaryKey(preselect.rollout));
    if (canary && offered('abort-canary')) {
      return {
        kind: 'abort-canary',
        canary: canaryKey(canary.rollout),
        disableAutoSync: false,
      };
    }
  } else if (preselect) {
    // A deploy marker names no namespace of the Application resource: any one matches.
    const app = options.applications.find(
      a =>
        a.instance === preselect.instance &&
        a.application === preselect.application &&
        (preselect.appNamespace === undefined ||
          preselect.appNamespace === a.appNamespace),
    );
    if (app) {
      const kind =
        preselect.kind ??
        (app.gitops.available && offered('gitops') ? 'gitops' : 'argocd');
      return {
        kind: offered(kind) ? kind : undefined,
        ...applicationChoice(app, preselect.historyId),
        disableAutoSync: false,
      };
    }
  }
  const kind = kinds.find(k => k.available)?.kind;
  return withKind(options, { disableAutoSync: false }, kind);
}

/** The choice after picking another way: keeps what still fits, fills in what is missing. */
export function withKind(
  options: RollbackOptionsResponse,
  choice: RollbackChoice,
  kind: RollbackKind | undefined,
): RollbackChoice {
  if (kind === 'abort-canary') {
    return {
      ...choice,
      kind,
      canary:
        findCanary(options, choice.canary) !== undefined
          ? choice.canary
          : options.canaries[0] && canaryKey(options.canaries[0].rollout),
    };
  }
  if (kind === undefined) return { ...choice, kind };
  const current = findApplication(options, choice.application);
  const fits = (a: RollbackApplicationOption) =>
    kind === 'argocd' ? a.argocd.available : a.gitops.available;
  const app =
    current && fits(current)
      ? current
      : options.applications.find(fits) ?? current;
  return {
    ...choice,
    kind,
    ...(app ? applicationChoice(app, choice.historyId) : {}),
  };
}

/** The choice after picking another application: its deploy before the current one. */
export function withApplication(
  options: RollbackOptionsResponse,
  choice: RollbackChoice,
  key: string,
): RollbackChoice {
  const app = findApplication(options, key);
  return {
    ...choice,
    application: key,
    historyId: defaultHistoryId(app),
    disableAutoSync: false,
  };
}

/**
 * The target the choice names, or why there is none yet (e.g. auto-sync is on and the person
 * has not chosen to turn it off).
 */
export function targetOf(
  options: RollbackOptionsResponse,
  choice: RollbackChoice,
): { target?: RollbackTarget; blocker?: string } {
  if (!choice.kind) return { blocker: 'Choose what to do' };
  if (choice.kind === 'abort-canary') {
    const canary = findCanary(options, choice.canary);
    if (!canary) return { blocker: 'Choose the canary to abort' };
    const { cluster, namespace, name } = canary.rollout;
    return {
      target: { kind: 'abort-canary', rollout: { cluster, namespace, name } },
    };
  }
  const app = findApplication(options, choice.application);
  if (!app) return { blocker: 'Choose the application' };
  const availability = choice.kind === 'argocd' ? app.argocd : app.gitops;
  if (!availability.available) {
    return { blocker: availability.reason ?? 'Not available' };
  }
  const entry = returnableEntries(app).find(h => h.id === choice.historyId);
  if (!entry) return { blocker: 'Choose the deploy to return to' };
  const ref = {
    instance: app.instance,
    application: app.application,
    ...(app.appNamespace ? { appNamespace: app.appNamespace } : {}),
    historyId: entry.id,
  };
  if (choice.kind === 'gitops') return { target: { kind: 'gitops', ...ref } };
  if (app.autoSync && !choice.disableAutoSync) {
    return {
      blocker:
        "Auto-sync is on: choose 'Disable auto-sync, then roll back', or roll back through GitOps",
    };
  }
  return {
    target: {
      kind: 'argocd',
      ...ref,
      ...(app.autoSync ? { disableAutoSync: true } : {}),
    },
  };
}
