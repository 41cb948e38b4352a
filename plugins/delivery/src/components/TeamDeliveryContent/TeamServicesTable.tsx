import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import {
  DoraFigures,
  TeamServiceDora,
} from '@go-delivery/plugin-delivery-common';
import { DORA_FIGURES, DoraLevelChip, formatFigure } from '../DoraFigures';
import {
  compareFigure,
  TeamServiceRow,
  teamServiceRows,
} from './teamServiceRows';

function FigureCell(props: { row: TeamServiceRow; figure: keyof DoraFigures }) {
  const figure = props.row.figures[props.figure];
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <span style={{ whiteSpace: 'nowrap' }}>{formatFigure(figure)}</span>
      <DoraLevelChip level={figure.level} />
    </Box>
  );
}

const COLUMNS: TableColumn<TeamServiceRow>[] = [
  {
    title: 'Service',
    field: 'name',
    highlight: true,
    // As people read names: "invoices" before "Payments API".
    customSort: (a, b) =>
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
    render: row => <EntityRefLink entityRef={row.entityRef} title={row.name} />,
  },
  { title: 'Environment', field: 'environment' },
  ...DORA_FIGURES.map(
    ({ key, title }): TableColumn<TeamServiceRow> => ({
      title,
      // The figures are not plain fields: sort by value, show value and level.
      customSort: (a, b, _type, direction?: 'asc' | 'desc') =>
        compareFigure(key, a, b, direction),
      render: row => <FigureCell row={row} figure={key} />,
    }),
  ),
];

/** The team's services with their four figures, sortable by each. */
export function TeamServicesTable(props: { services: TeamServiceDora[] }) {
  return (
    <Table<TeamServiceRow>
      title="Services"
      // Not draggable: a drag handle inside the sort button nests two buttons, which screen
      // readers cannot tell apart (and axe reports).
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
        // Each column starts ascending and toggles; no third click back to the server's order.
        thirdSortClick: false,
        keepSortDirectionOnColumnSwitch: false,
      }}
      columns={COLUMNS}
      data={teamServiceRows(props.services)}
    />
  );
}
