import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import deliveryPlugin from '@go-delivery/plugin-delivery/alpha';
import { navModule } from './modules/nav';

/**
 * The portal on the new frontend system. Installed plugin packages are discovered through
 * `app.packages` in app-config.yaml; the Delivery plugin is listed here as well so the tab is
 * there even when discovery is narrowed.
 */
export default createApp({
  features: [catalogPlugin, deliveryPlugin, navModule],
});
