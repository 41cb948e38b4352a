/** The `pods/log` options the kubelet honours that the log shim applies. */
export interface PodLogOptions {
  tailLines?: number;
  limitBytes?: number;
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
