import { startPortal } from './portal';

/**
 * Starts one portal for every browser test file (building the frontend and starting the backend
 * takes a minute); the test files find it through E2E_BASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  const portal = await startPortal();
  process.env.E2E_BASE_URL = portal.baseUrl;
  (globalThis as any).__DELIVERY_PORTAL__ = portal;
}
