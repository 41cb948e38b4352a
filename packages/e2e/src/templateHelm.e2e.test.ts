import { Page } from 'playwright-core';
import { screenshot } from './browser';
import { Portal } from './portal';
import { signedInPortal } from './__testUtils__/signedInPortal';
import { startGoServiceForm } from './__testUtils__/templateForm';

jest.setTimeout(600_000);

/** Picks an option of a select field of the scaffolder form (Material UI). */
async function choose(page: Page, label: string, option: RegExp) {
  await page.getByLabel(label).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('Creating a Helm service whose production runs on several clusters', () => {
  // Unique per run: the local git repositories outlive the portal.
  const name = `e2e-helm-${Date.now().toString(36)}`;
  const suite = signedInPortal();
  let portal: Portal;
  let page: Page;
  beforeAll(() => ({ portal, page } = suite));

  it('chooses Helm and an ApplicationSet at /create, runs it, and opens its Delivery tab', async () => {
    await startGoServiceForm(page, portal.baseUrl, {
      name,
      description: 'Helm and clusters',
    });
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Go module path').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).click();

    // Delivery: Helm, and prod as an ApplicationSet over two clusters (the list shows only then).
    await page.getByText('Coverage threshold (%)').first().waitFor();
    expect(await page.getByText('Production clusters').count()).toBe(0);
    await choose(page, 'Kubernetes manifests', /Helm/);
    await choose(page, 'Argo CD', /several clusters/);
    await page.getByText('Production clusters').first().waitFor();
    // The list starts with the two rows it needs at least.
    for (const [index, cluster] of ['eu', 'us'].entries()) {
      await page.getByLabel('Cluster name').nth(index).fill(cluster);
      await page
        .getByLabel('API server URL')
        .nth(index)
        .fill(`https://prod-${cluster}.example.com:6443`);
    }
    await screenshot(page, 'create-helm-3-delivery');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Where to create the repositories').first().waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();

    const entityLink = page.getByRole('link', {
      name: /Open .* in the catalog|Open in catalog/i,
    });
    await entityLink.first().waitFor({ timeout: 180_000 });
    await screenshot(page, 'create-helm-5-done');
    expect(await page.getByText(/failed/i).count()).toBe(0);

    await entityLink.first().click();
    await page.waitForURL(new RegExp(`/catalog/default/component/${name}`), {
      timeout: 60_000,
    });
    // dev and staging are Applications the template registered; prod is its ApplicationSet,
    // whose Applications (one per cluster) the card groups under it.
    await page.getByRole('link', { name: 'Delivery', exact: true }).click();
    for (const env of ['dev', 'staging']) {
      await page
        .getByRole('region', { name: `Argo CD application ${name}-${env}` })
        .waitFor({ timeout: 60_000 });
    }
    const appSet = page.getByRole('region', {
      name: `ApplicationSet ${name}-prod`,
    });
    await appSet.waitFor({ timeout: 60_000 });
    for (const cluster of ['eu', 'us']) {
      await appSet
        .getByRole('region', {
          name: `Argo CD application ${name}-prod-${cluster}`,
        })
        .waitFor();
    }
    expect(await appSet.textContent()).toContain('list');
    await screenshot(page, 'create-helm-7-delivery');
  });
});
