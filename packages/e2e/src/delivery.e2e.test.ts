import { existsSync, statSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, signInAsGuest } from './browser';
import { Portal, startPortal } from './portal';

jest.setTimeout(600_000);

describe('Delivery tab in the running portal', () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await signInAsGuest(page, portal.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('shows the Argo CD applications of a demo service with sync, health and history', async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
    );
    const prod = page.getByRole('region', {
      name: 'Argo CD application payments-api-prod',
    });
    const staging = page.getByRole('region', {
      name: 'Argo CD application payments-api-staging',
    });
    await prod.waitFor({ timeout: 60_000 });
    await staging.waitFor();

    await expectText(prod, 'Synced');
    await expectText(prod, 'Healthy');
    await expectText(prod, 'manual sync');
    await expectText(staging, 'auto-sync');
    // Six deploys in the fixture; the card shows the five most recent, newest (#5) first.
    const rows = prod
      .getByRole('table', { name: 'Deployment history' })
      .getByRole('row');
    expect(await rows.count()).toBe(6);
    expect(await rows.nth(1).textContent()).toMatch(/^5[0-9a-f]{7}/);
    // The revision links to the commit in the GitOps repository.
    const revision = prod.locator('a[href*="/commit/"]').first();
    expect(await revision.textContent()).toMatch(/^[0-9a-f]{7}/);
    expect(await revision.getAttribute('href')).toMatch(
      /^https:\/\/github\.com\/example-org\/payments-api-gitops\/commit\/[0-9a-f]{40}$/,
    );

    const file = await screenshot(page, 'delivery-payments-api');
    expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
  });

  it('shows a degraded service with its failed sync and unhealthy resources', async () => {
    await page.goto(
      `${portal.baseUrl}/catalog/default/component/inventory-api/delivery`,
    );
    const app = page.getByRole('region', {
      name: 'Argo CD application inventory-api-prod',
    });
    await app.waitFor({ timeout: 60_000 });
    await expectText(app, 'Degraded');
    await expectText(app, 'OutOfSync');
    await expectText(app, 'Failed');
    await expectText(app, 'CrashLoopBackOff');
    expect(await app.getByText(/Pod inventory-api-\S+: Degraded/).count()).toBe(2);
    await screenshot(page, 'delivery-inventory-api');
  });
});

async function expectText(
  locator: ReturnType<Page['getByRole']>,
  text: string,
): Promise<void> {
  await locator
    .getByText(text, { exact: false })
    .first()
    .waitFor({ timeout: 30_000 });
}
