import { ArgoCdConfig } from './readArgoCdConfig';
import { ArgoCdClient } from './ArgoCdClient';
import { HttpArgoCdClient } from './HttpArgoCdClient';
import { SessionAuth } from './SessionAuth';
import { StaticTokenAuth } from './StaticTokenAuth';

/** Builds one client per configured instance; each keeps its own session. */
export function createArgoCdClients(options: ArgoCdConfig): ArgoCdClient[] {
  return options.instances.map(
    instance =>
      new HttpArgoCdClient({
        name: instance.name,
        baseUrl: instance.url,
        webUrl: instance.webUrl,
        timeoutMs: instance.timeoutMs,
        auth:
          instance.auth.type === 'token'
            ? new StaticTokenAuth(instance.auth.token)
            : new SessionAuth({
                instance: instance.name,
                baseUrl: instance.url,
                username: instance.auth.username,
                password: instance.auth.password,
                timeoutMs: instance.timeoutMs,
                fallbackLifetimeMs: options.sessionLifetimeMs,
              }),
      }),
  );
}
