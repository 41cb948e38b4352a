import { ArgoCdApplication, ArgoCdApplicationTree } from './types';

/** How to find applications on one instance; every field is already validated. */
export interface ArgoCdApplicationQuery {
  name?: string;
  selector?: string;
  project?: string;
  appNamespace?: string;
}

/** Identifies one application on one instance. */
export interface ArgoCdApplicationRef {
  name: string;
  appNamespace?: string;
  project?: string;
}

/** One Argo CD instance, spoken to over its REST API. */
export interface ArgoCdClient {
  /** The configured instance name. */
  readonly name: string;
  /** Base URL of the instance's web UI, for links. */
  readonly webUrl: string;
  listApplications(query: ArgoCdApplicationQuery): Promise<ArgoCdApplication[]>;
  getResourceTree(app: ArgoCdApplicationRef): Promise<ArgoCdApplicationTree>;
}
