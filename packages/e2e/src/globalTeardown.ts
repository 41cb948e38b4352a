import { Portal } from './portal';

export default async function globalTeardown(): Promise<void> {
  const portal: Portal | undefined = (globalThis as any).__DELIVERY_PORTAL__;
  await portal?.stop();
}
