import { Link } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import { EnvironmentView } from '@go-delivery/plugin-delivery-common';
import { SummarySection } from '../../kit';
import { SourceLines } from '../ArgoCdSources';
import { Detail, Fact, Facts, FactStatus } from '../Facts';
import { RelativeTime } from '../RelativeTime';
import { RevisionLink } from '../RevisionLink';
import { SupplyChainBadges } from '../PipelineRunsCard/SupplyChainBadges';
import { HealthStatus, OperationStatus, SyncStatus } from '../StatusIndicators';

/** The GitOps revision, linked to the address the backend gives for it. */
function EnvironmentRevision(props: { env: EnvironmentView }) {
  const { revision, revisionUrl } = props.env;
  const short = <RevisionLink revision={revision} />;
  return revision && revisionUrl ? (
    <Link to={revisionUrl}>{short}</Link>
  ) : (
    short
  );
}

/** "3 deploys behind staging, since 2 days ago", or that it runs what staging ran. */
function Behind(props: {
  behind: NonNullable<EnvironmentView['behind']>;
  previous: string;
}) {
  const { deploys, since } = props.behind;
  if (deploys === 0) return <>Up to date with {props.previous}</>;
  return (
    <>
      {deploys} {deploys === 1 ? 'deploy' : 'deploys'} behind {props.previous}
      {since && (
        <>
          , since <RelativeTime value={since} />
        </>
      )}
    </>
  );
}

/** One environment: the image it runs, its revision, Argo CD's view of it and its lag. */
export function EnvironmentSummary(props: {
  env: EnvironmentView;
  /** The environment before it, which it is compared with. */
  previous?: string;
}) {
  const { env, previous } = props;
  const { operation, image } = env;
  return (
    <SummarySection
      label={`Environment ${env.environment}`}
      heading={env.environment}
      chips={
        <>
          {env.productionLike && (
            <Chip size="small" variant="outlined" label="production" />
          )}
          <Chip
            size="small"
            variant="outlined"
            label={env.application.application}
            title={`Argo CD application on ${env.application.instance}`}
          />
        </>
      }
    >
      <Facts>
        <Fact label="Image">
          {image ? (
            <>
              <strong>{image.tag ?? image.reference}</strong>
              <Detail>
                <code>{image.reference}</code>
              </Detail>
            </>
          ) : (
            'not known'
          )}
        </Fact>
        {env.sources ? (
          // Each source's own revision: a joined `1.4.2,<commit>` says less.
          <Fact label="Sources">
            <SourceLines sources={env.sources} />
          </Fact>
        ) : (
          <Fact label="Revision">
            <EnvironmentRevision env={env} />
          </Fact>
        )}
        <Fact label="Sync">
          <FactStatus>
            <SyncStatus status={env.sync} />
          </FactStatus>
        </Fact>
        <Fact label="Health">
          <FactStatus>
            <HealthStatus status={env.health} />
          </FactStatus>
        </Fact>
        {operation && (
          <Fact label="Operation">
            <FactStatus>
              <OperationStatus phase={operation.phase} />
            </FactStatus>
            {(operation.revision || operation.startedAt) && (
              <Detail>
                {operation.revision && (
                  <>
                    to <RevisionLink revision={operation.revision} />{' '}
                  </>
                )}
                {operation.startedAt && (
                  <>
                    started <RelativeTime value={operation.startedAt} />
                  </>
                )}
              </Detail>
            )}
          </Fact>
        )}
        <Fact label="Deployed">
          <RelativeTime value={env.deployedAt} />
        </Fact>
        {env.build && (
          <Fact label="Built by">
            {env.build.name} ({env.build.status})
            <SupplyChainBadges run={env.build} />
          </Fact>
        )}
        {previous && env.behind && (
          <Fact label="Behind">
            <Behind behind={env.behind} previous={previous} />
          </Fact>
        )}
      </Facts>
    </SummarySection>
  );
}
