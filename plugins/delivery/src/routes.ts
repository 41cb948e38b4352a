import { createRouteRef } from '@backstage/core-plugin-api';

/** The Delivery tab's route (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'delivery' });
