import { Page } from 'playwright-core';

/**
 * Opens the Go service template at /create and fills its first page (name, description, the
 * guests group as owner), leaving the form on its second page.
 */
export async function startGoServiceForm(
  page: Page,
  baseUrl: string,
  service: { name: string; description: string },
): Promise<void> {
  await page.goto(`${baseUrl}/create`);
  const card = page.locator('article, .MuiCard-root', {
    hasText: 'Go service with CI/CD and GitOps',
  });
  await card.first().waitFor({ timeout: 60_000 });
  await card.first().getByRole('button', { name: 'Choose' }).click();

  await page.getByLabel('Name').first().fill(service.name);
  await page.getByLabel('Description').first().fill(service.description);
  const owner = page.getByLabel('Owner').first();
  await owner.click();
  await owner.fill('guests');
  await page
    .getByRole('option', { name: /guests/ })
    .first()
    .click();
}
