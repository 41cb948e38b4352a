import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Tooltip from '@material-ui/core/Tooltip';
import {
  CoveragePackageView,
  CoverageUnit,
} from '@go-delivery/plugin-delivery-common';
import { useState } from 'react';
import {
  formatPercent,
  PackageSortKey,
  shortPackageNames,
  sortPackages,
} from './coverageFigures';

type Direction = 'asc' | 'desc';

/** Coverage per package; least covered first, sortable by name or coverage. */
export function CoveragePackageTable(props: {
  packages: CoveragePackageView[];
  unit: CoverageUnit;
  threshold: number;
}) {
  const { packages, unit, threshold } = props;
  const [sort, setSort] = useState<{
    by: PackageSortKey;
    direction: Direction;
  }>({ by: 'coverage', direction: 'asc' });
  if (packages.length === 0) return null;
  const names = shortPackageNames(packages.map(p => p.name));
  const sorted = sortPackages(packages, sort);
  const sortBy = (by: PackageSortKey) =>
    setSort(current => ({
      by,
      direction:
        current.by === by && current.direction === 'asc' ? 'desc' : 'asc',
    }));
  const ariaSort = (by: PackageSortKey) => {
    if (sort.by !== by) return undefined;
    return sort.direction === 'asc' ? 'ascending' : 'descending';
  };
  return (
    <TableContainer style={{ maxHeight: 400 }}>
      <Table size="small" stickyHeader aria-label="Coverage by package">
        <TableHead>
          <TableRow>
            <TableCell aria-sort={ariaSort('name')}>
              <TableSortLabel
                active={sort.by === 'name'}
                direction={sort.by === 'name' ? sort.direction : 'asc'}
                onClick={() => sortBy('name')}
              >
                Package
              </TableSortLabel>
            </TableCell>
            <TableCell aria-sort={ariaSort('coverage')} align="right">
              <TableSortLabel
                active={sort.by === 'coverage'}
                direction={sort.by === 'coverage' ? sort.direction : 'asc'}
                onClick={() => sortBy('coverage')}
              >
                Coverage
              </TableSortLabel>
            </TableCell>
            <TableCell align="right">
              {unit === 'statements' ? 'Statements' : 'Lines'}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sorted.map(pkg => (
            <TableRow key={pkg.name}>
              <TableCell>
                <Tooltip title={pkg.name}>
                  <span>{names.get(pkg.name)}</span>
                </Tooltip>
              </TableCell>
              <TableCell align="right" style={{ minWidth: 110 }}>
                {formatPercent(pkg.percent)}
                {pkg.percent !== null && (
                  <LinearProgress
                    aria-hidden
                    variant="determinate"
                    value={pkg.percent}
                    color={pkg.percent >= threshold ? 'primary' : 'secondary'}
                  />
                )}
              </TableCell>
              <TableCell align="right">
                {pkg.covered} / {pkg.total}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
