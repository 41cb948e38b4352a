import { EmptyState } from '@backstage/core-components';

/**
 * Nothing found for the entity, naming where it was looked for: an empty list then reads as a
 * question of configuration (which instances, which annotations), not as an outage.
 */
export function SearchedEmptyState(props: {
  title: string;
  /** The instances or clusters searched. */
  searched: string[];
  /** What they are, for the case of none: `instance`, `cluster`. */
  kind: string;
  /** What was looked for there, or what to check, after the list. */
  hint: string;
}) {
  const { searched, kind } = props;
  return (
    <EmptyState
      missing="data"
      title={props.title}
      description={`Searched ${searched.join(', ') || `no configured ${kind}`}${
        props.hint
      }`}
    />
  );
}
