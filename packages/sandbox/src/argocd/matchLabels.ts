/**
 * Evaluates a Kubernetes label selector against a label map, the way the API server does for
 * `?selector=`. Deliberately written apart from the plugin's parser: the fake must not share the
 * code it is used to test. Returns undefined for a selector it cannot parse.
 */
export function matchLabels(
  selector: string,
  labels: Record<string, string>,
): boolean | undefined {
  const requirements: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      requirements.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  requirements.push(current.trim());

  for (const req of requirements) {
    let m: RegExpMatchArray | null;
    if ((m = req.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const values = m[3].split(',').map(v => v.trim());
      const has = m[1] in labels && values.includes(labels[m[1]]);
      if (m[2] === 'in' ? !has : has) return false;
    } else if ((m = req.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/))) {
      const equal = labels[m[1]] === m[3];
      if (m[2] === '!=' ? equal : !equal) return false;
    } else if ((m = req.match(/^!([\w./-]+)$/))) {
      if (m[1] in labels) return false;
    } else if ((m = req.match(/^([\w./-]+)$/))) {
      if (!(m[1] in labels)) return false;
    } else {
      return undefined;
    }
  }
  return true;
}
