import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** Production as Backstage knows it: `NODE_ENV`, or the auth backend's `auth.environment`. */
export function isProduction(config: Config, env = process.env): boolean {
  return (
    env.NODE_ENV === 'production' ||
    config.getOptionalString('auth.environment') === 'production'
  );
}

/**
 * Whether the guest provider is wanted: only when `auth.providers.guest` is configured. In
 * production it is refused outright, since anyone who reaches the portal would be signed in.
 */
export function wantsGuestSignIn(config: Config, env = process.env): boolean {
  if (!config.has('auth.providers.guest')) return false;
  if (isProduction(config, env)) {
    throw new Error(
      'Guest sign-in (auth.providers.guest) is configured in production (NODE_ENV=production or ' +
        'auth.environment: production): anyone who reaches the portal would be signed in. ' +
        'Remove it; it belongs to app-config.sandbox.yaml, which real portals do not load.',
    );
  }
  return true;
}

/** Installs the guest sign-in provider when the config asks for it (the sandbox does). */
export const guestSignIn = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (wantsGuestSignIn(config)) {
      yield import('@backstage/plugin-auth-backend-module-guest-provider');
    }
  },
});
