/**
 * Browser tests of the portal: Debian's Chromium driven by playwright-core.
 *
 * @packageDocumentation
 */
export { startPortal } from './portal';
export type { Portal } from './portal';
export { launchChromium, signInAsGuest, screenshot } from './browser';
