/*
 * The portal's backend on the new backend system: catalog, scaffolder, auth, permissions with the
 * portal's policy, the Delivery plugins, notifications and the actions registry over MCP. Guest sign-in and the catalog's file locations are
 * installed only when the config asks for them (app-config.sandbox.yaml does).
 */
import { createBackend } from '@backstage/backend-defaults';
import { fileLocations } from './fileLocations';
import { guestSignIn } from './guestSignIn';
import { deliveryPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(guestSignIn);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Lets the catalog API accept `file` locations, which the local publisher registers.
backend.add(fileLocations);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(deliveryPermissionPolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// Publishing to real Git hosts; the Go service template lets users choose them over the local one.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
// The Go service template, and its local git publisher for portals without a Git host.
backend.add(import('@go-delivery/plugin-scaffolder-backend-module-delivery'));

backend.add(import('@go-delivery/plugin-delivery-backend'));

// Notifications to the owners of an entity (the Delivery plugin sends them), delivered live.
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// The actions registry over MCP, for agents (backend.actions.pluginSources names the plugins).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A refused configuration (guest sign-in in production) ends the process, its reason first.
backend.start().catch(error => {
  process.stderr.write(`Backend failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
