import { Link } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import { commitUrl, shortRevision } from '@go-delivery/plugin-delivery-common';

/** A revision as a short SHA, linked to the commit when the repository's web UI is known. */
export function RevisionLink(props: { revision?: string; repoURL?: string }) {
  const { revision, repoURL } = props;
  if (!revision) return <>—</>;
  const url = commitUrl(repoURL, revision);
  const label = <code>{shortRevision(revision)}</code>;
  return (
    <Tooltip title={revision}>
      {url ? <Link to={url}>{label}</Link> : <span>{label}</span>}
    </Tooltip>
  );
}
