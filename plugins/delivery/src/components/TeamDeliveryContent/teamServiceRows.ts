import { parseEntityRef } from '@backstage/catalog-model';
import {
  DoraFigures,
  TeamServiceDora,
} from '@go-delivery/plugin-delivery-common';

/** A row of the team's table: the service, and a name to sort and search it by. */
export interface TeamServiceRow extends TeamServiceDora {
  /** The title, else the entity's name. */
  name: string;
  /** material-table keys rows by `id`. */
  id: string;
}

export function teamServiceRows(services: TeamServiceDora[]): TeamServiceRow[] {
  return services.map(service => ({
    ...service,
    id: `${service.entityRef}@${service.environment}`,
    name: service.title ?? parseEntityRef(service.entityRef).name,
  }));
}

/**
 * Compares two rows by one figure's value, a service without one last in either direction.
 * For descending, material-table passes the rows swapped and says so in `direction`; the
 * missing value is then put first in its terms, which is last on screen.
 */
export function compareFigure(
  key: keyof DoraFigures,
  a: TeamServiceRow,
  b: TeamServiceRow,
  direction?: 'asc' | 'desc',
): number {
  const x = a.figures[key].value;
  const y = b.figures[key].value;
  const missingLast = direction === 'desc' ? -1 : 1;
  if (x === null && y === null) return 0;
  if (x === null) return missingLast;
  if (y === null) return -missingLast;
  return x - y;
}
