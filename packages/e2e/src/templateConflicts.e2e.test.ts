import { existsSync, statSync } from 'node:fs';
import { Page } from 'playwright-core';
import { screenshot, screenshotOnFailure } from './browser';
import { Portal } from './portal';
import { signedInPortal } from './__testUtils__/signedInPortal';
import { startGoServiceForm } from './__testUtils__/templateForm';

jest.setTimeout(600_000);

/** The sandbox's prod Argo CD (app-config.yaml): the template registers new services there. */
const ARGOCD = {
  url: 'http://127.0.0.1:7081',
  username: 'admin',
  password: 'sandbox-admin-password',
};
/** The sandbox's static token (app-config.yaml); it may read the catalog. */
const SANDBOX_TOKEN = 'sandbox-coverage-upload-token';

async function argoCdApplication(name: string): Promise<any> {
  const session = await fetch(`${ARGOCD.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: ARGOCD.username,
      password: ARGOCD.password,
    }),
  });
  const { token } = await session.json();
  const response = await fetch(`${ARGOCD.url}/api/v1/applications/${name}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}

async function catalogLocationTargets(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/catalog/locations`, {
    headers: { authorization: `Bearer ${SANDBOX_TOKEN}` },
  });
  const locations: Array<{ data: { target: string } }> = await response.json();
  return locations.map(location => location.data.target);
}

describe('Creating a Go service with the name of an existing one', () => {
  const suite = signedInPortal();
  let portal: Portal;
  let page: Page;
  beforeAll(() => ({ portal, page } = suite));

  it('is refused at the first step, naming what exists, and changes nothing', async () => {
    await screenshotOnFailure(page, 'template-conflicts', async () => {
      const before = await argoCdApplication('payments-api-prod');
      expect(before.spec.source.repoURL).toBe(
        'https://github.com/example-org/payments-api-gitops',
      );
      const locationsBefore = await catalogLocationTargets(portal.baseUrl);

      // What a person would give for a new payments service.
      await startGoServiceForm(page, portal.baseUrl, {
        name: 'payments-api',
        description: 'Takes payments',
      });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Go module path').first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText('Coverage threshold (%)').first().waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page
        .getByText('Where to create the repositories')
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();

      // The task page shows the refusal of the first step, naming each conflict.
      const refusal = page
        .getByText(/Refusing to overwrite what this task did not create/)
        .first();
      await refusal.waitFor({ timeout: 180_000 });
      const message = (await refusal.textContent()) ?? '';
      expect(message).toContain(
        'component:default/payments-api is already in the catalog',
      );
      expect(message).toContain(
        "Argo CD application payments-api-prod already exists on 'prod'",
      );
      expect(message).toContain('Choose another name, or remove these first.');
      await page
        .getByText('Check that nothing of the service exists yet')
        .first()
        .waitFor();
      const file = await screenshot(page, 'template-conflicts-refused');
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
      // The run ended there: no output links of a created service.
      expect(
        await page
          .getByRole('link', { name: /Open .* in the catalog/ })
          .count(),
      ).toBe(0);

      // Nothing was overwritten or added.
      const after = await argoCdApplication('payments-api-prod');
      expect(after.spec).toEqual(before.spec);
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
      expect(await catalogLocationTargets(portal.baseUrl)).toEqual(
        locationsBefore,
      );
    });
  });
});
