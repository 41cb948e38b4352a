import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import RefreshIcon from '@material-ui/icons/Refresh';
import { ReactNode } from 'react';
import { DataView, DataViewProps } from '../DataView';

/** Card titles are level-2 headings, so the tab reads (and is navigated) as an outline. */
const TITLE_PROPS = { component: 'h2', variant: 'h5' } as const;

interface CardFrameProps {
  title: string;
  subheader: string;
  /** What the refresh button reads again, for its name `Refresh <what>`; no button without. */
  refreshes?: string;
  /** What the refresh button does; the retry of `data` by default. */
  onRefresh?: () => void;
  /** More header actions, before the refresh button. */
  actions?: ReactNode;
  /** Above the body, e.g. why an action failed. */
  notice?: ReactNode;
}

/**
 * With `data`, the card shows its states (see {@link DataView}) and `children` renders the
 * value; without, `children` is the body, for a card made of sections that read on their own.
 */
export type DeliveryCardProps<T> = CardFrameProps &
  (
    | ({
        data: DataViewProps<T>['data'] & { retry: () => void };
      } & Omit<DataViewProps<T>, 'data'>)
    | { data?: undefined; children: ReactNode }
  );

/** The frame every Delivery card shares: title, subheader, header actions, then the body. */
export function DeliveryCard<T>(props: DeliveryCardProps<T>) {
  const { title, subheader, refreshes, actions, notice } = props;
  const onRefresh = props.onRefresh ?? props.data?.retry;
  const refresh = refreshes && onRefresh && (
    <IconButton aria-label={`Refresh ${refreshes}`} onClick={onRefresh}>
      <RefreshIcon />
    </IconButton>
  );
  return (
    <InfoCard
      title={title}
      titleTypographyProps={TITLE_PROPS}
      subheader={subheader}
      action={
        (actions || refresh) && (
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            {actions}
            {refresh}
          </Box>
        )
      }
    >
      {notice}
      {props.data ? (
        <DataView
          data={props.data}
          errorTitle={props.errorTitle}
          failures={props.failures}
          empty={props.empty}
        >
          {props.children}
        </DataView>
      ) : (
        props.children
      )}
    </InfoCard>
  );
}
