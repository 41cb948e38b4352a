import { existsSync, readFileSync } from 'node:fs';
import { RecordedRequest } from '../../http/FakeHttpServer';
import { deadlineIn } from '../../time/deadline';

/** One request as the API server's audit log recorded it. */
export interface AuditedRequest extends RecordedRequest {
  /** Who the server authenticated (empty for a request it could not authenticate). */
  user: string;
  /** The status code the server answered. */
  status: number;
}

const METHODS: Record<string, string> = {
  get: 'GET',
  list: 'GET',
  watch: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

/**
 * The audit policy the harness starts the API server with: every request of anyone but the
 * harness itself and the server's own loopback client, with its body (`Request` level), so tests
 * can say what their client sent and what the server answered.
 */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [ResponseStarted]
rules:
  - level: None
    users: ["harness-admin", "system:apiserver", "system:kube-controller-manager"]
  - level: Request
`;

/**
 * Reads the requests of the audit log written since `offset` (bytes). A request the server is
 * still answering has only its RequestReceived event; the read waits for its ResponseComplete.
 */
export async function readAuditedRequests(
  file: string,
  offset: number,
): Promise<AuditedRequest[]> {
  const deadline = deadlineIn(5_000);
  for (;;) {
    const events = existsSync(file)
      ? readFileSync(file)
          .subarray(offset)
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map(line => JSON.parse(line))
      : [];
    const received = events.filter(e => e.stage === 'RequestReceived');
    const completed = new Map(
      events
        .filter(e => e.stage === 'ResponseComplete' || e.stage === 'Panic')
        .map(e => [e.auditID, e]),
    );
    const pending = received.filter(e => !completed.has(e.auditID));
    if (pending.length === 0 || deadline.passed()) {
      return received
        .filter(e => completed.has(e.auditID))
        .map(e => toRecordedRequest(completed.get(e.auditID)));
    }
    await new Promise(r => setTimeout(r, 20));
  }
}

function toRecordedRequest(event: any): AuditedRequest {
  const url = new URL(event.requestURI, 'https://cluster');
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
  return {
    method: METHODS[event.verb] ?? event.verb.toUpperCase(),
    path: url.pathname,
    query,
    ...(event.requestObject !== undefined ? { body: event.requestObject } : {}),
    user: event.user?.username ?? '',
    status: event.responseStatus?.code ?? 0,
  };
}
