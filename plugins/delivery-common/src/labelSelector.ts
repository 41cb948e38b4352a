/**
 * A parser for Kubernetes label selectors (the syntax of `kubectl get -l` and of the
 * `labelSelector` query parameter). Annotations carrying selectors are parsed and re-serialised
 * from the parsed form, so what reaches an upstream is always a well-formed selector.
 */

/** @public */
export type LabelSelectorOperator =
  | 'exists'
  | 'notExists'
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn';

/** @public */
export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values: string[];
}

/** Thrown for a selector that does not parse; the message says where. @public */
export class LabelSelectorSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorSyntaxError';
  }
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_SELECTOR_LENGTH = 1024;

/** Whether a string is a valid label key (optional DNS prefix, '/', name). @public */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (
      prefix.length === 0 ||
      prefix.length > 253 ||
      !prefix.split('.').every(l => PREFIX_LABEL.test(l))
    ) {
      return false;
    }
  }
  return name.length > 0 && name.length <= 63 && NAME_PART.test(name);
}

/** Whether a string is a valid label value (may be empty). @public */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | ',' | '(' | ')'; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=', at: i });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '==', at: i });
      i += 2;
    } else if (c === '=' || c === '!' || c === ',' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', text: c, at: i });
      i++;
    } else if (/[A-Za-z0-9_./-]/.test(c)) {
      const start = i;
      while (i < input.length && /[A-Za-z0-9_./-]/.test(input[i])) i++;
      tokens.push({ kind: 'word', text: input.slice(start, i), at: start });
    } else {
      throw new LabelSelectorSyntaxError(
        `unexpected character '${c}' at position ${i + 1}`,
      );
    }
  }
  return tokens;
}

/** Parses a label selector into requirements; throws LabelSelectorSyntaxError. @public */
export function parseLabelSelector(input: string): LabelSelectorRequirement[] {
  if (input.length > MAX_SELECTOR_LENGTH) {
    throw new LabelSelectorSyntaxError(
      `longer than ${MAX_SELECTOR_LENGTH} characters`,
    );
  }
  const tokens = tokenize(input);
  if (tokens.length === 0) {
    throw new LabelSelectorSyntaxError('empty selector');
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const where = () =>
    pos < tokens.length ? `at position ${tokens[pos].at + 1}` : 'at the end';
  const expectWord = (what: string): string => {
    const t = tokens[pos];
    if (!t || t.kind !== 'word') {
      throw new LabelSelectorSyntaxError(`expected ${what} ${where()}`);
    }
    pos++;
    return t.text;
  };
  const checkKey = (key: string) => {
    if (!isLabelKey(key)) {
      throw new LabelSelectorSyntaxError(`invalid label key '${key}'`);
    }
  };
  const checkValue = (value: string) => {
    if (!isLabelValue(value)) {
      throw new LabelSelectorSyntaxError(`invalid label value '${value}'`);
    }
  };

  const requirements: LabelSelectorRequirement[] = [];
  for (;;) {
    const first = peek();
    if (first?.kind === 'op' && first.text === '!') {
      pos++;
      const key = expectWord('a label key');
      checkKey(key);
      requirements.push({ key, operator: 'notExists', values: [] });
    } else {
      const key = expectWord('a label key');
      checkKey(key);
      const next = peek();
      if (!next || (next.kind === 'op' && next.text === ',')) {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (
        next.kind === 'op' &&
        (next.text === '=' || next.text === '==' || next.text === '!=')
      ) {
        pos++;
        const after = peek();
        let value = '';
        if (after && after.kind === 'word') {
          value = after.text;
          pos++;
        }
        checkValue(value);
        requirements.push({
          key,
          operator: next.text === '!=' ? 'notEquals' : 'equals',
          values: [value],
        });
      } else if (
        next.kind === 'word' &&
        (next.text === 'in' || next.text === 'notin')
      ) {
        pos++;
        const open = peek();
        if (!open || open.kind !== 'op' || open.text !== '(') {
          throw new LabelSelectorSyntaxError(`expected '(' ${where()}`);
        }
        pos++;
        const values: string[] = [];
        for (;;) {
          const value = expectWord('a label value');
          checkValue(value);
          values.push(value);
          const sep = peek();
          if (sep?.kind === 'op' && sep.text === ',') {
            pos++;
            continue;
          }
          if (sep?.kind === 'op' && sep.text === ')') {
            pos++;
            break;
          }
          throw new LabelSelectorSyntaxError(`expected ',' or ')' ${where()}`);
        }
        requirements.push({
          key,
          operator: next.text === 'in' ? 'in' : 'notIn',
          values,
        });
      } else {
        throw new LabelSelectorSyntaxError(
          `unexpected '${next.text}' ${where()}`,
        );
      }
    }
    const sep = peek();
    if (!sep) break;
    if (sep.kind === 'op' && sep.text === ',') {
      pos++;
      continue;
    }
    throw new LabelSelectorSyntaxError(`expected ',' ${where()}`);
  }
  return requirements;
}

/** Serialises requirements in the canonical Kubernetes form. @public */
export function formatLabelSelector(
  requirements: LabelSelectorRequirement[],
): string {
  return requirements
    .map(r => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case 'notExists':
          return `!${r.key}`;
        case 'equals':
          return `${r.key}=${r.values[0]}`;
        case 'notEquals':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${r.values.join(',')})`;
        default:
          return `${r.key} notin (${r.values.join(',')})`;
      }
    })
    .join(',');
}

/** Parses and re-serialises a selector: the only form that is passed upstream. @public */
export function normalizeLabelSelector(input: string): string {
  return formatLabelSelector(parseLabelSelector(input));
}
