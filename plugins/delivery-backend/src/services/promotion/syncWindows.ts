import { ArgoCdSyncWindow } from '@go-delivery/plugin-delivery-node';
import {
  closesAt,
  isCronSchedule,
  openSince,
  parseWindowDuration,
} from './timeWindows';

/** What a sync window is matched against: the application and its destination. */
export interface WindowSubject {
  application: string;
  namespace?: string;
  /** The destination's server URL and name; a window's `clusters` may name either. */
  server?: string;
  cluster?: string;
}

/** Whether Argo CD would sync the application now, and why not. */
export type SyncWindowVerdict =
  | { blocked: false; reason: string }
  | { blocked: true; reason: string };

/** Argo CD's glob: `*` any run, `?` one character, the rest literal. */
function glob(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map(c => {
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`);
}

function anyMatches(patterns: string[], values: Array<string | undefined>) {
  return patterns.some(p =>
    values.some(v => v !== undefined && glob(p).test(v)),
  );
}

/** Whether a window applies to the subject: any of its lists matches, or all with `andOperator`. */
export function windowApplies(
  window: ArgoCdSyncWindow,
  subject: WindowSubject,
): boolean {
  const checks: boolean[] = [];
  if (window.applications?.length) {
    checks.push(anyMatches(window.applications, [subject.application]));
  }
  if (window.namespaces?.length) {
    checks.push(anyMatches(window.namespaces, [subject.namespace]));
  }
  if (window.clusters?.length) {
    checks.push(anyMatches(window.clusters, [subject.server, subject.cluster]));
  }
  if (checks.length === 0) return false;
  return window.andOperator ? checks.every(Boolean) : checks.some(Boolean);
}

function describe(window: ArgoCdSyncWindow): string {
  const what = window.description?.trim();
  return `${what ? `'${what}' ` : ''}(${window.kind} ${window.schedule} for ${
    window.duration
  }${window.timeZone ? ` ${window.timeZone}` : ''})`;
}

/**
 * Argo CD's rule for the windows of a project: an active deny window that applies blocks; when
 * allow windows apply, one of them must be active. A window Argo CD could not read either (bad
 * schedule or duration) blocks too, rather than being ignored.
 */
export function syncWindowVerdict(options: {
  project: string;
  windows: ArgoCdSyncWindow[];
  subject: WindowSubject;
  now: number;
}): SyncWindowVerdict {
  const { project, subject, now } = options;
  const applying = options.windows.filter(w => windowApplies(w, subject));
  const readable = applying.map(window => {
    const durationMs = parseWindowDuration(window.duration);
    const valid =
      (window.kind === 'allow' || window.kind === 'deny') &&
      durationMs !== undefined &&
      !!window.schedule &&
      isCronSchedule(window.schedule, window.timeZone);
    const since = valid
      ? openSince(
          {
            schedule: window.schedule!,
            durationMs: durationMs!,
            timeZone: window.timeZone,
          },
          now,
        )
      : undefined;
    return { window, valid, durationMs: durationMs ?? 0, since };
  });
  const unreadable = readable.find(r => !r.valid);
  if (unreadable) {
    return {
      blocked: true,
      reason: `Project '${project}' has a sync window Argo CD cannot read: ${describe(
        unreadable.window,
      )}`,
    };
  }
  const deny = readable.find(r => r.window.kind === 'deny' && r.since);
  if (deny) {
    const until = closesAt(
      {
        schedule: deny.window.schedule!,
        durationMs: deny.durationMs,
      },
      deny.since!,
    );
    return {
      blocked: true,
      reason: `Deny window ${describe(
        deny.window,
      )} of project '${project}' is active until ${until.toISOString()}`,
    };
  }
  const allows = readable.filter(r => r.window.kind === 'allow');
  if (allows.length > 0 && !allows.some(r => r.since)) {
    return {
      blocked: true,
      reason: `Project '${project}' allows syncs of ${
        subject.application
      } only in its allow windows, none of which is open: ${allows
        .map(r => describe(r.window))
        .join(', ')}`,
    };
  }
  return {
    blocked: false,
    reason:
      applying.length === 0
        ? `No sync window of project '${project}' applies to ${subject.application}`
        : `The sync windows of project '${project}' allow a sync now`,
  };
}
