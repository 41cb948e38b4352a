import { Page } from 'playwright-core';
import { screenshot } from './browser';
import { Portal } from './portal';
import { signedInPortal } from './__testUtils__/signedInPortal';
import { startGoServiceForm } from './__testUtils__/templateForm';

jest.setTimeout(600_000);

describe('Creating a Go service at /create', () => {
  // Unique per run: the local git repositories outlive the portal.
  const name = `e2e-svc-${Date.now().toString(36)}`;
  const suite = signedInPortal();
  let portal: Portal;
  let page: Page;
  beforeAll(() => ({ portal, page } = suite));

  it('fills the template form, runs it, and opens the new entity', async () => {
    await startGoServiceForm(page, portal.baseUrl, {
      name,
      description: 'Created by the browser test',
    });
    await screenshot(page, 'create-1-service');
    await page.getByRole('button', { name: 'Next' }).click();

    // Page 2: Go (defaults), page 3: delivery (defaults), page 4: repositories (local).
    await page.getByLabel('Go module path').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Coverage threshold (%)').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Where to create the repositories').first().waitFor();
    await screenshot(page, 'create-4-repositories');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    // The run: every step completes and the output links appear.
    const entityLink = page.getByRole('link', {
      name: /Open .* in the catalog|Open in catalog/i,
    });
    await entityLink.first().waitFor({ timeout: 180_000 });
    await screenshot(page, 'create-5-done');
    expect(await page.getByText(/failed/i).count()).toBe(0);

    await entityLink.first().click();
    await page.waitForURL(new RegExp(`/catalog/default/component/${name}`), {
      timeout: 60_000,
    });
    await page
      .getByRole('heading', { name })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'create-6-entity');
    expect(page.url()).toContain(`/catalog/default/component/${name}`);

    // Its Delivery tab already shows the Applications the template registered in Argo CD.
    await page.getByRole('link', { name: 'Delivery', exact: true }).click();
    for (const env of ['dev', 'staging', 'prod']) {
      await page
        .getByRole('region', { name: `Argo CD application ${name}-${env}` })
        .waitFor({ timeout: 60_000 });
    }
    await screenshot(page, 'create-7-delivery');
  });
});
