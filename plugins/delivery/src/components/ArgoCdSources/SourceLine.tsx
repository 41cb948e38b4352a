import { ArgoCdSourceView } from '@go-delivery/plugin-delivery-common';
import { Detail } from '../Facts';
import { RevisionLink } from '../RevisionLink';

/**
 * One source of a multi-source application: the chart and its version, or the commit it runs,
 * with the name other sources read it by and the value files it renders with.
 */
export function SourceLine(props: { source: ArgoCdSourceView }) {
  const { source } = props;
  return (
    <Detail>
      {source.chart ? (
        <>
          chart <code>{source.chart}</code>{' '}
          <code>{source.revision ?? source.targetRevision ?? ''}</code>
        </>
      ) : (
        <RevisionLink revision={source.revision} repoURL={source.repoURL} />
      )}
      {source.ref ? ` as $${source.ref}` : ''}
      {source.valueFiles?.length
        ? ` · values ${source.valueFiles.join(', ')}`
        : ''}
    </Detail>
  );
}

/** Every source of a multi-source application, in order. */
export function SourceLines(props: { sources: ArgoCdSourceView[] }) {
  return (
    <>
      {props.sources.map((source, i) => (
        <SourceLine key={i} source={source} />
      ))}
    </>
  );
}
