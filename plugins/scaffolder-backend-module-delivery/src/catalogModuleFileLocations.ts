import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Lets the catalog's API register `file` locations besides `url` ones, which the local publisher
 * (go-delivery:catalog:register-local) needs: the catalog cannot read file:// URLs. Any user
 * allowed `catalog.location.create` can then register files the backend can read, so install it
 * only in portals that use the local publisher (development, demos).
 *
 * @public
 */
export const catalogModuleFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'go-delivery-file-locations',
  register(reg) {
    reg.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
