import { KubernetesStatusError } from './kubernetesStatus';

/** The `pods/log` options the fake honours (the others are refused, not silently ignored). */
export interface PodLogOptions {
  container?: string;
  tailLines?: number;
  limitBytes?: number;
}

const SUPPORTED = new Set([
  'container',
  'tailLines',
  'limitBytes',
  'timestamps',
  'pretty',
]);

function positiveInteger(
  name: string,
  raw: string | undefined,
  allowZero: boolean,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || (!allowZero && value === 0)) {
    throw new KubernetesStatusError(
      'BadRequest',
      `${name}: Invalid value: ${JSON.stringify(raw)}: must be ${
        allowZero ? 'a non-negative' : 'a positive'
      } integer`,
    );
  }
  return value;
}

/** Reads the log options of a query, as the API server validates `PodLogOptions`. */
export function readPodLogOptions(
  query: Record<string, string[]>,
): PodLogOptions {
  for (const key of Object.keys(query)) {
    if (!SUPPORTED.has(key)) {
      throw new KubernetesStatusError(
        'BadRequest',
        `the fake API server does not support the log option '${key}'`,
      );
    }
  }
  if (query.timestamps?.[0] === 'true') {
    throw new KubernetesStatusError(
      'BadRequest',
      "the fake API server does not support the log option 'timestamps'",
    );
  }
  return {
    container: query.container?.[0],
    tailLines: positiveInteger('tailLines', query.tailLines?.[0], true),
    limitBytes: positiveInteger('limitBytes', query.limitBytes?.[0], false),
  };
}

/**
 * Cuts a container log as the kubelet does: first the last `tailLines` lines, then at most
 * `limitBytes` bytes of that (which may end in the middle of a line or a character).
 */
export function sliceLog(text: string, options: PodLogOptions): Buffer {
  let selected = text;
  if (options.tailLines !== undefined) {
    const lines = text.split('\n');
    const endsWithNewline = lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    const kept = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
    selected =
      kept.join('\n') + (endsWithNewline && kept.length > 0 ? '\n' : '');
  }
  const bytes = Buffer.from(selected, 'utf8');
  return options.limitBytes !== undefined
    ? bytes.subarray(0, options.limitBytes)
    : bytes;
}

/** Picks the container a log request is for, with the API server's messages for bad requests. */
export function selectContainer(
  pod: any,
  requested: string | undefined,
): string {
  const podName = pod?.metadata?.name;
  const containers: string[] = (pod?.spec?.containers ?? []).map(
    (c: any) => c.name,
  );
  const initContainers: string[] = (pod?.spec?.initContainers ?? []).map(
    (c: any) => c.name,
  );
  if (requested === undefined) {
    if (containers.length === 1) return containers[0];
    const init = initContainers.length
      ? ` or one of the init containers: [${initContainers.join(' ')}]`
      : '';
    throw new KubernetesStatusError(
      'BadRequest',
      `a container name must be specified for pod ${podName}, choose one of: [${containers.join(
        ' ',
      )}]${init}`,
    );
  }
  if (!containers.includes(requested) && !initContainers.includes(requested)) {
    throw new KubernetesStatusError(
      'BadRequest',
      `container ${requested} is not valid for pod ${podName}`,
    );
  }
  return requested;
}
