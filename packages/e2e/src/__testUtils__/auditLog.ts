import { existsSync, readFileSync } from 'node:fs';
import { BACKEND_LOG } from '../portal';

/** The audit events of the portal's backend log (its text format), as raw lines without colours. */
export function auditEvents(eventId: string): string[] {
  if (!existsSync(BACKEND_LOG)) return [];
  return (
    readFileSync(BACKEND_LOG, 'utf8')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter(
        line =>
          line.includes('isAuditEvent=true') &&
          line.includes(`eventId="${eventId}"`),
      )
  );
}
