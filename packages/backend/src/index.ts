/*
 * The portal's backend on the new backend system: catalog, scaffolder, auth (guest sign-in for
 * local use), permissions with the Delivery policy, and the Delivery plugins.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleFileLocations } from '@go-delivery/plugin-scaffolder-backend-module-delivery';
import { deliveryPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(deliveryPermissionPolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// Publishing to real Git hosts; the Go service template lets users choose them over the local one.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// The Go service template, and its local git publisher for portals without a Git host.
backend.add(import('@go-delivery/plugin-scaffolder-backend-module-delivery'));
// Lets the catalog API accept `file` locations, which the local publisher registers. Demo portals only.
backend.add(catalogModuleFileLocations);

backend.add(import('@go-delivery/plugin-delivery-backend'));

backend.start();
