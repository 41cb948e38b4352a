import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  DeliveryScaffolderSettings,
  readDeliveryScaffolderSettings,
} from '../settings';

/** Settings as the module reads them from config; tests override the parts they vary. */
export function testSettings(
  options: {
    localGitDirectory?: string;
    scaffolder?: JsonObject;
    instances?: string[];
  } = {},
): DeliveryScaffolderSettings {
  return readDeliveryScaffolderSettings(
    new ConfigReader({
      backend: { baseUrl: 'http://portal.example.com:7007' },
      delivery: {
        scaffolder: {
          localGit: { directory: options.localGitDirectory ?? '/srv/repos' },
          ...options.scaffolder,
        },
      },
    }),
    options.instances ?? ['prod', 'staging'],
  );
}
