import { Browser, Page } from 'playwright-core';
import { launchChromium, signInAsGuest } from '../browser';
import { Portal, startPortal } from '../portal';

export interface SignedInPortal {
  portal: Portal;
  browser: Browser;
  /** A page signed in as the guest. */
  page: Page;
}

/**
 * The running portal and a guest's signed-in page for the suite that calls this in its
 * `describe`: started before the suite's tests, stopped after them. The fields are set once its
 * `beforeAll` ran.
 */
export function signedInPortal(): SignedInPortal {
  const suite = {} as SignedInPortal;
  beforeAll(async () => {
    suite.portal = await startPortal();
    suite.browser = await launchChromium();
    suite.page = await suite.browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    await signInAsGuest(suite.page, suite.portal.baseUrl);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.portal?.stop();
  });
  return suite;
}
