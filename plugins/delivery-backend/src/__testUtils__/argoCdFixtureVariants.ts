import { ArgoCdSchemaValidator } from '@go-delivery/sandbox';

const swagger = new ArgoCdSchemaValidator();

/** A repoURL with credentials inline, which Argo CD accepts; they must never be shown. */
const CREDENTIALED_REPO_URL =
  'https://ci-bot:ghp_s3cr3tT0ken@github.com/example-org/payments-api-gitops';
export const CREDENTIALS = 'ghp_s3cr3tT0ken';

/** Throws unless `app` is an Application by Argo CD's published swagger. */
export function assertArgoCdApplication(app: unknown): void {
  const invalid = swagger.validate('v1alpha1Application', app);
  if (invalid.length > 0) throw new Error(invalid.join('; '));
}

/**
 * `app` (changed in place and returned) with credentials in its repoURL everywhere an
 * Application names its repository: `spec.source`, and the history's `source`, or `sources` for
 * the oldest entry (a multi-source deploy). Checked against Argo CD's swagger.
 */
export function withCredentialedRepoUrl(app: any): any {
  app.spec.source.repoURL = CREDENTIALED_REPO_URL;
  const history: any[] = app.status.history;
  history.forEach(entry => {
    entry.source.repoURL = CREDENTIALED_REPO_URL;
  });
  history[0].sources = [history[0].source];
  delete history[0].source;
  assertArgoCdApplication(app);
  return app;
}
