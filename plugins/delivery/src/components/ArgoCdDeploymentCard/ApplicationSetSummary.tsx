import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { ArgoCdApplicationSetView } from '@go-delivery/plugin-delivery-common';
import { ReactNode } from 'react';
import { SummarySection } from '../../kit';
import { Detail, Fact, Facts, FactStatus } from '../Facts';
import { ProgressiveSyncStatus } from '../StatusIndicators';
import { UpstreamFailures } from '../UpstreamFailures';

function stepText(
  step: NonNullable<ArgoCdApplicationSetView['rollingSyncSteps']>[number],
  index: number,
): string {
  const match = step.match.length
    ? step.match.join(' and ')
    : 'every application';
  const pace =
    step.maxUpdate !== undefined ? `, at most ${step.maxUpdate} at a time` : '';
  return `${index + 1}. ${match}${pace}`;
}

/**
 * An ApplicationSet that generated some of the entity's applications: its generators, its
 * progressive sync (steps, and where each application stands), conditions worth a look, then
 * those applications.
 */
export function ApplicationSetSummary(props: {
  appSet: ArgoCdApplicationSetView;
  /** The generated applications, as the card shows them. */
  children: ReactNode;
}) {
  const { appSet } = props;
  return (
    <SummarySection
      label={`ApplicationSet ${appSet.name}`}
      heading={`ApplicationSet ${appSet.name}`}
      chips={
        <>
          <Chip size="small" label={appSet.instance} title="Argo CD instance" />
          {appSet.generators.map((generator, i) => (
            <Chip
              key={i}
              size="small"
              variant="outlined"
              label={generator}
              title="Generator"
            />
          ))}
        </>
      }
    >
      <Facts>
        <Fact label="Generates">
          {appSet.applications.length}{' '}
          {appSet.applications.length === 1 ? 'application' : 'applications'} of
          this entity
        </Fact>
        {appSet.rollingSyncSteps && (
          <Fact label="Progressive sync">
            {appSet.rollingSyncSteps.map((step, i) => (
              <Detail key={i}>{stepText(step, i)}</Detail>
            ))}
          </Fact>
        )}
        {appSet.steps.map(step => (
          <Fact key={step.application} label={step.application}>
            <FactStatus>
              <ProgressiveSyncStatus status={step.status} />
            </FactStatus>
            {step.step && <Detail>step {step.step}</Detail>}
            {step.message && <Detail>{step.message}</Detail>}
          </Fact>
        ))}
        {appSet.conditions.map(c => (
          <Fact key={`${c.type}:${c.message}`} label={c.type}>
            {c.message ?? c.reason ?? c.status}
          </Fact>
        ))}
      </Facts>
      {appSet.failure && <UpstreamFailures failures={[appSet.failure]} />}
      <Box pl={2} mt={2}>
        {props.children}
      </Box>
    </SummarySection>
  );
}
