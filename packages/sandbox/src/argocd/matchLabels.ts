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
    const set = req.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    const equality = req.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/);
    const absent = req.match(/^!([\w./-]+)$/);
    const present = req.match(/^([\w./-]+)$/);
    if (set) {
      const values = set[3].split(',').map(v => v.trim());
      const has = set[1] in labels && values.includes(labels[set[1]]);
      if (set[2] === 'in' ? !has : has) return false;
    } else if (equality) {
      const equal = labels[equality[1]] === equality[3];
      if (equality[2] === '!=' ? equal : !equal) return false;
    } else if (absent) {
      if (absent[1] in labels) return false;
    } else if (present) {
      if (!(present[1] in labels)) return false;
    } else {
      return undefined;
    }
  }
  return true;
}
