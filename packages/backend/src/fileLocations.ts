import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { catalogModuleFileLocations } from '@go-delivery/plugin-scaffolder-backend-module-delivery';

/** The flag (declared in config.d.ts) that lets the catalog API register `file` locations. */
export const FILE_LOCATIONS_FLAG = 'delivery.catalog.allowFileLocations';

/**
 * Installs the catalog's file locations, which the template's local publisher registers, only
 * when the config says so: any user allowed to register locations could read the backend's files.
 */
export const fileLocations = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
  *loader({ config, logger }) {
    if (config.getOptionalBoolean(FILE_LOCATIONS_FLAG)) {
      logger.warn(
        `The catalog accepts file locations (${FILE_LOCATIONS_FLAG}); meant for demo portals only`,
      );
      yield catalogModuleFileLocations;
    }
  },
});
