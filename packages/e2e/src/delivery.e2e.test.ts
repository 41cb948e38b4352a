import { existsSync, statSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations } from './__testUtils__/axe';
import { screenshot, screenshotOnFailure, signInAsGuest } from './browser';
import { auditEvents } from './__testUtils__/auditLog';
import { syncProdApplication } from './__testUtils__/sandboxArgoCd';
import { Portal, SANDBOX_COVERAGE_TOKEN } from './portal';
import { signedInPortal } from './__testUtils__/signedInPortal';

jest.setTimeout(600_000);

describe('Delivery tab in the running portal', () => {
  const suite = signedInPortal();
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  beforeAll(() => ({ portal, browser, page } = suite));

  it('shows the Argo CD applications of a demo service with sync, health and history', async () => {
    await screenshotOnFailure(
      page,
      'shows-the-argo-cd-applications-of-a-demo',
      async () => {
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
      },
    );
  });

  it('shows pipeline runs with their tasks, and rerun only to the owners', async () => {
    await screenshotOnFailure(
      page,
      'shows-pipeline-runs-with-their-tasks-and',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const runs = page.getByRole('table', { name: 'Pipeline runs' });
        await runs.waitFor({ timeout: 60_000 });
        const rows = runs.getByRole('row', { name: /^Pipeline run / });
        expect(await rows.count()).toBeGreaterThanOrEqual(3);
        // guest owns payments-api: the policy allows rerun, and cancel on the running run.
        await page
          .getByRole('button', { name: /^Rerun / })
          .first()
          .waitFor({ timeout: 30_000 });
        expect(
          await page.getByRole('button', { name: /^Cancel / }).count(),
        ).toBe(1);

        // A step's log, loaded on demand from the pod's step container.
        const firstRun = (await rows
          .first()
          .getAttribute('aria-label'))!.replace('Pipeline run ', '');
        await page
          .getByRole('button', { name: `Show tasks of ${firstRun}` })
          .click();
        await page
          .getByRole('button', { name: /^Log of step / })
          .first()
          .click();
        const log = page.getByRole('dialog', { name: /^Log of / });
        await log.waitFor();
        await log.getByLabel('Step log').waitFor();
        expect(
          (await log.getByLabel('Step log').textContent())!.length,
        ).toBeGreaterThan(10);
        await screenshot(page, 'delivery-payments-api-step-log');
        await log.getByRole('button', { name: 'Close' }).click();

        // inventory-api belongs to team-inventory: no action buttons for the guest.
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/inventory-api/delivery`,
        );
        await page
          .getByRole('table', { name: 'Pipeline runs' })
          .waitFor({ timeout: 60_000 });
        expect(
          await page.getByRole('button', { name: /^Rerun / }).count(),
        ).toBe(0);
      },
    );
  });

  it('shows coverage uploaded through the real endpoint, against the threshold', async () => {
    await screenshotOnFailure(
      page,
      'shows-coverage-uploaded-through-the-real',
      async () => {
        // The portal counts as started once the sandbox has uploaded the demo reports.
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const summary = page.getByRole('region', { name: 'Coverage summary' });
        await summary.waitFor({ timeout: 60_000 });
        await summary.getByText('Meets threshold').waitFor();
        const table = page.getByRole('table', { name: 'Coverage by package' });
        expect(await table.getByRole('row').count()).toBeGreaterThan(3);
        await page.getByRole('figure', { name: 'Coverage trend' }).waitFor();
      },
    );
  });

  it('shows golden signals from Prometheus with the deploys and the regression verdict', async () => {
    await screenshotOnFailure(
      page,
      'shows-golden-signals-from-prometheus-wit',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const signals = page.getByRole('region', { name: 'Golden signals' });
        await signals.waitFor({ timeout: 60_000 });
        await signals.getByLabel('Time range').selectOption('3d');
        const deploys = signals.getByRole('table', { name: 'Deploys' });
        await deploys
          .getByText('Regression')
          .first()
          .waitFor({ timeout: 60_000 });
        expect(await deploys.getByText('Healthy').count()).toBeGreaterThan(0);
        expect(
          await signals.locator('.recharts-reference-line').count(),
        ).toBeGreaterThan(0);
        await screenshot(page, 'delivery-payments-api-golden-signals');
      },
    );
  });

  it('shows a degraded service with its failed sync and unhealthy resources', async () => {
    await screenshotOnFailure(
      page,
      'shows-a-degraded-service-with-its-failed',
      async () => {
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
        expect(
          await app.getByText(/Pod inventory-api-\S+: Degraded/).count(),
        ).toBe(2);
        await screenshot(page, 'delivery-inventory-api');
      },
    );
  });

  it('groups the Applications an ApplicationSet generated, each source of a Helm application with what it deployed', async () => {
    await screenshotOnFailure(page, 'shows-an-applicationset', async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/component/shipping-api/delivery`,
      );
      const appSet = page.getByRole('region', {
        name: 'ApplicationSet shipping-api-prod',
      });
      await appSet.waitFor({ timeout: 60_000 });
      // Its two generated Applications inside it, the plain staging Application outside.
      for (const cluster of ['eu', 'us']) {
        await appSet
          .getByRole('region', {
            name: `Argo CD application shipping-api-prod-${cluster}`,
          })
          .waitFor();
      }
      expect(
        await appSet
          .getByRole('region', {
            name: 'Argo CD application shipping-api-staging',
          })
          .count(),
      ).toBe(0);
      await page
        .getByRole('region', {
          name: 'Argo CD application shipping-api-staging',
        })
        .waitFor();
      await expectText(appSet, '2. region In (us), at most 1 at a time');
      await expectText(
        appSet,
        'ApplicationSet is performing rollout of step 2',
      );
      const us = appSet.getByRole('region', {
        name: 'Argo CD application shipping-api-prod-us',
      });
      await expectText(appSet, 'Pending');
      await expectText(us, 'OutOfSync');
      // The chart's version and the commit of the values' repository, each linked or shown.
      expect(await us.textContent()).toMatch(/chart shipping-api 1\.4\.2/);
      expect(
        await us
          .locator(
            'a[href^="https://github.com/example-org/shipping-api-gitops/commit/"]',
          )
          .count(),
      ).toBeGreaterThan(0);
      const file = await screenshot(
        page,
        'delivery-shipping-api-applicationset',
      );
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    });
  });

  it("shows a real Konflux build's supply chain: Clair scan counts of its clair-scan TaskRun and Tekton Chains' signature", async () => {
    await screenshotOnFailure(page, 'shows-konflux-supply-chain', async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/component/human-resources/delivery`,
      );
      const runs = page.getByRole('table', { name: 'Pipeline runs' });
      await runs.waitFor({ timeout: 60_000 });
      // The reference capture, served by the sandbox's CI cluster as v1 serves it.
      const run = runs.getByRole('row', {
        name: 'Pipeline run human-resources-on-push-z79cl',
      });
      await run.waitFor({ timeout: 30_000 });
      expect(
        await runs.getByRole('row', { name: /^Pipeline run / }).count(),
      ).toBe(1);
      const facts = run.getByRole('list', {
        name: 'Supply chain of human-resources-on-push-z79cl',
      });
      await facts.waitFor();
      const scan = facts.getByRole('img', {
        name: 'Vulnerabilities: 0 critical, 2 high, 7 medium, 3 low',
      });
      for (const badge of [
        'Image digest sha256:1d6da200c8ae',
        'Vulnerabilities: 0 critical, 2 high, 7 medium, 3 low',
        'Signed by Tekton Chains',
      ]) {
        expect(await facts.getByRole('img', { name: badge }).count()).toBe(1);
      }
      // The counts are the clair-scan TaskRun's: the run has no scan result of its own.
      expect(await scan.getAttribute('title')).toBe(
        'From CLAIR_SCAN_RESULT of TaskRun human-resources-on-push-z79cl-clair-scan',
      );
      // Konflux's run reports neither an SBOM result nor a signature check: no badge claims one.
      expect(await facts.getByRole('img').count()).toBe(3);
      const file = await screenshot(page, 'supply-chain-konflux');
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    });
  });

  // Before the tests that change the sandbox, while orders-api still has its canary.
  it('shows DORA figures from three months of recorded events, with how each was computed', async () => {
    await screenshotOnFailure(page, 'shows-dora-figures', async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
      );
      // The sandbox reports the history once the backend is up; the card reads the store.
      const frequency = page.getByRole('region', {
        name: 'Deployment frequency',
      });
      const deadline = Date.now() + 120_000;
      while (
        !/\d+ successful deploys in 90 days/.test(
          (await frequency.textContent({ timeout: 60_000 })) ?? '',
        ) &&
        Date.now() < deadline
      ) {
        await page.waitForTimeout(2000);
        await page.reload();
      }
      for (const figure of [
        'Deployment frequency',
        'Lead time for changes',
        'Change failure rate',
        'Time to restore',
      ]) {
        const region = page.getByRole('region', { name: figure });
        // A value, its level and the sentence saying how it was computed.
        expect(await region.textContent()).toMatch(/(Elite|High|Medium|Low)/);
      }
      expect(await frequency.textContent()).toMatch(
        /(\d+) successful deploys in 90 days/,
      );
      await page.getByLabel('Environment of the DORA figures').waitFor();
      await page.getByRole('figure', { name: 'Weekly trend' }).waitFor();
      const file = await screenshot(page, 'dora-payments-api');
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    });
  });

  it("shows a team's services with their DORA figures on the group's Delivery tab", async () => {
    await screenshotOnFailure(page, 'shows-team-dora', async () => {
      await page.goto(
        `${portal.baseUrl}/catalog/default/group/guests/delivery`,
      );
      const team = page.getByRole('region', { name: 'Team figures' });
      await team.waitFor({ timeout: 60_000 });
      expect(await team.textContent()).toMatch(/3 services, last 90 days/);
      const table = page.getByRole('table').filter({ hasText: 'payments-api' });
      await table.waitFor({ timeout: 60_000 });
      const rows = table.getByRole('row');
      // A header and the three services the guests' group owns (inventory-api is team-inventory's).
      expect(await rows.count()).toBe(4);
      expect(await table.textContent()).toContain('orders-api');
      expect(await table.textContent()).toContain('shipping-api');
      expect(await table.textContent()).not.toContain('inventory-api');
      const file = await screenshot(page, 'dora-team-guests');
      expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    });
  });

  describe('accessibility', () => {
    let axePage: Page;

    beforeAll(async () => {
      // axe-core goes into the page as an inline script, which the portal's CSP forbids.
      axePage = await browser.newPage({
        viewport: { width: 1440, height: 1000 },
        bypassCSP: true,
      });
      await signInAsGuest(axePage, portal.baseUrl);
    });

    afterAll(async () => {
      await axePage?.close();
    });

    it.each<{
      entity: string;
      /** A range of the golden signals to choose first. */
      range?: string;
      /** What shows once the cards have read their data. */
      ready: [Parameters<Page['getByRole']>[0], string][];
    }>([
      {
        entity: 'payments-api',
        // The verdicts of the sandbox's deploys show over three days.
        range: '3d',
        ready: [
          ['region', 'Argo CD application payments-api-prod'],
          ['region', 'Deployment frequency'],
          ['table', 'Argo CD applications'],
          ['table', 'Pipeline runs'],
          ['region', 'Coverage summary'],
          ['table', 'Deploys'],
        ],
      },
      {
        entity: 'inventory-api',
        ready: [
          ['region', 'Argo CD application inventory-api-prod'],
          ['table', 'Argo CD applications'],
          ['table', 'Pipeline runs'],
        ],
      },
      {
        entity: 'orders-api',
        ready: [
          ['progressbar', 'Canary progress of orders-api'],
          ['region', 'Argo CD application orders-api-prod'],
          ['table', 'Pipeline runs'],
        ],
      },
      {
        // Reference data: a real Konflux build with its supply-chain badges.
        entity: 'human-resources',
        ready: [
          ['table', 'Pipeline runs'],
          ['list', 'Supply chain of human-resources-on-push-z79cl'],
        ],
      },
      {
        // Sections within a section: an ApplicationSet and the Applications it generated.
        entity: 'shipping-api',
        ready: [
          ['region', 'ApplicationSet shipping-api-prod'],
          ['region', 'Argo CD application shipping-api-prod-us'],
          ['region', 'Environment staging'],
        ],
      },
    ])(
      'meets WCAG 2 A and AA on the Delivery tab of $entity, by axe-core',
      async ({ entity, range, ready }) => {
        await screenshotOnFailure(axePage, `axe-${entity}`, async () => {
          await axePage.goto(
            `${portal.baseUrl}/catalog/default/component/${entity}/delivery`,
          );
          if (range) {
            await axePage
              .getByRole('region', { name: 'Golden signals' })
              .getByLabel('Time range')
              .selectOption(range);
          }
          for (const [role, name] of ready) {
            await axePage
              .getByRole(role, { name })
              .first()
              .waitFor({ timeout: 60_000 });
          }
          // Every card has loaded: no progress bar of a load is left.
          await axePage
            .getByTestId('progress')
            .first()
            .waitFor({ state: 'detached', timeout: 60_000 });
          const violations = await axeViolations(axePage);
          expect(describeViolations(violations)).toBe('');
        });
      },
    );
    it("meets WCAG 2 A and AA on a team's Delivery tab, by axe-core", async () => {
      await screenshotOnFailure(axePage, 'axe-team-guests', async () => {
        await axePage.goto(
          `${portal.baseUrl}/catalog/default/group/guests/delivery`,
        );
        await axePage
          .getByRole('region', { name: 'Team figures' })
          .waitFor({ timeout: 60_000 });
        await axePage
          .getByRole('link', { name: 'payments-api' })
          .first()
          .waitFor({ timeout: 60_000 });
        const violations = await axeViolations(axePage);
        expect(describeViolations(violations)).toBe('');
      });
    });
  });

  // These change the sandbox's state, so they run last.
  it('rolls payments-api back with Argo CD from a deploy marker, and the cards show it', async () => {
    await screenshotOnFailure(
      page,
      'rolls-payments-api-back-with-argo-cd-fro',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const health = page.getByRole('heading', { name: 'Rollout health' });
        await health.waitFor({ timeout: 60_000 });
        const signals = page.getByRole('region', { name: 'Golden signals' });
        await signals.getByLabel('Time range').selectOption('3d');
        const rollBack = page.getByRole('button', {
          name: 'Roll back to this: payments-api-prod #4',
        });
        await rollBack.waitFor({ timeout: 60_000 });
        await rollBack.click();

        const dialog = page.getByRole('dialog', {
          name: 'Roll back payments-api',
        });
        await dialog.waitFor();
        await dialog
          .getByRole('radio', { name: 'Roll back with Argo CD' })
          .check();
        await dialog.getByRole('button', { name: 'Preview' }).click();
        await dialog
          .getByRole('region', { name: 'Rollback preview' })
          .waitFor();
        const act = dialog.getByRole('button', {
          name: 'Roll back',
          exact: true,
        });
        expect(await act.isDisabled()).toBe(true);
        await dialog
          .getByRole('textbox', { name: 'Type payments-api-prod to confirm' })
          .fill('payments-api-prod');
        await act.dblclick();
        const result = dialog.getByRole('region', { name: 'Rollback result' });
        await result.waitFor({ timeout: 30_000 });
        await screenshot(page, 'rollback-argocd-result');
        await dialog.getByRole('button', { name: 'Close' }).click();

        // Argo CD recorded one rollback (a double click acts once): history #6, back on #4's revision.
        const prod = page.getByRole('region', {
          name: 'Argo CD application payments-api-prod',
        });
        const rows = prod
          .getByRole('table', { name: 'Deployment history' })
          .getByRole('row');
        const cells = async (row: number) =>
          (await rows.nth(row).getByRole('cell').allTextContents()).map(t =>
            t.trim(),
          );
        const deadline = Date.now() + 60_000;
        while ((await cells(1))[0] !== '6' && Date.now() < deadline) {
          await page.waitForTimeout(500);
        }
        const newest = await cells(1);
        const fourth = await cells(3);
        expect([newest[0], fourth[0]]).toEqual(['6', '4']);
        expect(newest[1]).toBe(fourth[1]);
        await screenshot(page, 'rollback-argocd-after');
      },
    );
  });

  it('makes a GitOps rollback commit after a preview of the diff', async () => {
    await screenshotOnFailure(
      page,
      'makes-a-gitops-rollback-commit-after-a-p',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        await page
          .getByRole('heading', { name: 'Rollout health' })
          .waitFor({ timeout: 60_000 });
        await page
          .getByRole('button', { name: 'Roll back', exact: true })
          .first()
          .click();
        const dialog = page.getByRole('dialog', {
          name: 'Roll back payments-api',
        });
        await dialog
          .getByRole('radio', { name: 'Roll back through GitOps' })
          .check();
        // Back to deploy #3 (1.7.0): the overlay's image tag changes in one commit.
        await dialog.getByLabel('Deploy to return to').selectOption('3');
        await dialog.getByRole('button', { name: 'Preview' }).click();
        const diff = dialog.getByLabel(
          'Diff of overlays/prod/kustomization.yaml',
        );
        await diff.waitFor({ timeout: 30_000 });
        expect(await diff.textContent()).toMatch(/newTag: "1\.7\.0"/);
        await dialog
          .getByRole('textbox', { name: 'Type payments-api-prod to confirm' })
          .fill('payments-api-prod');
        await dialog.getByRole('button', { name: 'Commit rollback' }).click();
        const result = dialog.getByRole('region', { name: 'Rollback result' });
        await result
          .getByText(/Committed [0-9a-f]{7}/)
          .waitFor({ timeout: 30_000 });
        await screenshot(page, 'rollback-gitops-result');
      },
    );
  });

  it('aborts the orders-api canary', async () => {
    await screenshotOnFailure(
      page,
      'aborts-the-orders-api-canary',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/orders-api/delivery`,
        );
        const rollout = page.getByRole('region', {
          name: 'Rollout orders-api',
        });
        await rollout.waitFor({ timeout: 60_000 });
        await rollout
          .getByRole('progressbar', { name: 'Canary progress of orders-api' })
          .waitFor();
        await rollout.getByRole('button', { name: 'Abort' }).click();
        const dialog = page.getByRole('dialog', {
          name: 'Roll back orders-api',
        });
        await dialog.getByRole('button', { name: 'Preview' }).click();
        await dialog
          .getByRole('textbox', { name: 'Type orders-api to confirm' })
          .fill('orders-api');
        await dialog.getByRole('button', { name: 'Abort canary' }).click();
        await dialog
          .getByRole('region', { name: 'Rollback result' })
          .waitFor({ timeout: 30_000 });
        await dialog.getByRole('button', { name: 'Close' }).click();
        await rollout
          .getByRole('alert')
          .filter({ hasText: /^Aborted/ })
          .waitFor({ timeout: 30_000 });
        expect(
          await rollout.getByRole('button', { name: 'Retry' }).count(),
        ).toBe(1);
        await screenshot(page, 'rollback-abort-after');
      },
    );
  });

  // Promotions come last: they move prod and staging on, which the tests above read as seeded.
  it('promotes staging to prod with every gate open: diff preview, typed confirmation, one commit; the card shows the new revision after Argo CD syncs', async () => {
    await screenshotOnFailure(
      page,
      'promotes-staging-to-prod-with-every-gate',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const step = page.getByRole('region', {
          name: 'Promotion staging to prod',
        });
        await step.waitFor({ timeout: 60_000 });
        const gates = step.getByRole('list', {
          name: 'Gates of staging to prod',
        });
        await gates.waitFor();
        const text = (await gates.textContent()) ?? '';
        for (const gate of [
          'Source synced and healthy: open',
          'Soak time: open',
          'No regression: open',
          'Pipeline succeeded: open',
          'Coverage threshold: open',
          'Error budget: open',
          'No freeze: open',
        ]) {
          expect(text).toContain(gate);
        }
        // What staging runs was built by a run that says how: digest, SBOM, scan, signature.
        const staging = page.getByRole('region', {
          name: 'Environment staging',
        });
        const facts = staging.getByRole('list', {
          name: 'Supply chain of payments-api-ci-7xk2p',
        });
        await facts.waitFor();
        for (const badge of [
          'SBOM attached',
          'Signature verified',
          'Vulnerabilities: 0 critical, 0 high, 0 medium, 0 low',
        ]) {
          expect(await facts.getByRole('img', { name: badge }).count()).toBe(1);
        }
        await screenshot(page, 'promotion-gates-open');
        const promotionsBefore = auditEvents('promotion').length;

        await step
          .getByRole('button', { name: 'Promote payments-api to prod' })
          .click();
        const dialog = page.getByRole('dialog', {
          name: 'Promote payments-api to prod',
        });
        const diff = dialog.getByLabel(
          'Diff of overlays/prod/kustomization.yaml',
        );
        await diff.waitFor({ timeout: 30_000 });
        expect(await diff.textContent()).toMatch(/\+\s*newTag: "1\.8\.0"/);
        const commit = dialog.getByRole('button', {
          name: 'Commit promotion',
        });
        expect(await commit.isDisabled()).toBe(true);
        await dialog
          .getByRole('textbox', { name: 'Type payments-api-prod to confirm' })
          .fill('payments-api-prod');
        await commit.dblclick();
        const result = dialog.getByRole('region', { name: 'Promotion result' });
        await result
          .getByText(/Committed [0-9a-f]{7}/)
          .waitFor({ timeout: 30_000 });
        await screenshot(page, 'promotion-result');
        await dialog.getByRole('button', { name: 'Close' }).click();
        // A double click promotes once.
        const events = auditEvents('promotion').slice(promotionsBefore);
        expect(
          events.filter(e => e.includes('status="succeeded"')),
        ).toHaveLength(1);

        // prod syncs by hand: an operator syncs it in Argo CD, and the card follows.
        await syncProdApplication('payments-api-prod');
        const prod = page.getByRole('region', { name: 'Environment prod' });
        let shown = '';
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
          await page.reload();
          await prod.waitFor({ timeout: 60_000 });
          shown = (await prod.textContent()) ?? '';
          if (/1\.8\.0[\s\S]*Synced/.test(shown)) break;
          await page.waitForTimeout(2_000);
        }
        expect(shown).toMatch(/1\.8\.0[\s\S]*Synced/);
        await screenshot(page, 'promotion-after-sync');
      },
    );
  });

  it('shows a promotion blocked by a gate with its reason, and overrides it with a written reason that the audit event keeps', async () => {
    await screenshotOnFailure(
      page,
      'shows-a-promotion-blocked-by-a-gate-with',
      async () => {
        await page.goto(
          `${portal.baseUrl}/catalog/default/component/payments-api/delivery`,
        );
        const step = page.getByRole('region', {
          name: 'Promotion dev to staging',
        });
        await step.waitFor({ timeout: 60_000 });
        // dev deployed 1.9.0 an hour ago; staging wants three hours of soak.
        await step
          .getByText(/Soak time: shut — dev has run its deploy for 1 h/)
          .waitFor({ timeout: 30_000 });
        expect(await step.textContent()).toContain(
          '3 h required before staging',
        );
        await screenshot(page, 'promotion-blocked');

        await step
          .getByRole('button', { name: 'Promote payments-api to staging' })
          .click();
        const dialog = page.getByRole('dialog', {
          name: 'Promote payments-api to staging',
        });
        await dialog
          .getByLabel('Diff of overlays/staging/kustomization.yaml')
          .waitFor({ timeout: 30_000 });
        const act = dialog.getByRole('button', {
          name: 'Promote despite shut gates',
        });
        await dialog
          .getByRole('checkbox', { name: 'Override shut gates' })
          .check();
        expect(await act.isDisabled()).toBe(true);
        const reason = 'Load test of 1.9.0 in staging today (PLAT-42)';
        await dialog
          .getByRole('textbox', { name: 'Reason for the override' })
          .fill(reason);
        await act.click();
        const result = dialog.getByRole('region', { name: 'Promotion result' });
        await result
          .getByText(/Committed [0-9a-f]{7}/)
          .waitFor({ timeout: 30_000 });
        expect(await result.textContent()).toMatch(/Soak time|soak/);
        await screenshot(page, 'promotion-override-result');

        const overridden = auditEvents('promotion').filter(
          e => e.includes('status="succeeded"') && e.includes(reason),
        );
        expect(overridden).toHaveLength(1);
        expect(overridden[0]).toContain('"overridden":{"gates":["soak"');
        expect(overridden[0]).toContain('"actor":"user:default/guest"');
      },
    );
  });

  it("notifies a service's owners of a rollback someone else reported, once, on the notifications page", async () => {
    await screenshotOnFailure(
      page,
      'notifies-a-services-owners-of-a-rollback',
      async () => {
        // CI (the sandbox's token, granted delivery.events.report on payments-api) reports a
        // rollback it made outside the portal; the owners (the guests group) are notified.
        const id = `e2e-rollback-${Date.now()}`;
        const report = () =>
          fetch(
            `${portal.baseUrl}/api/delivery/entities/component/default/payments-api/events`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${SANDBOX_COVERAGE_TOKEN}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({
                events: [
                  {
                    id,
                    kind: 'rollback',
                    environment: 'prod',
                    at: new Date().toISOString(),
                    summary: 'CI rolled payments-api back to 1.7.1 (e2e)',
                  },
                ],
              }),
            },
          );
        expect((await report()).status).toBe(201);
        // The same report again (a retry): recorded once, notified once.
        const again = await report();
        expect(await again.json()).toMatchObject({
          recorded: 0,
          duplicates: 1,
        });

        await page.goto(`${portal.baseUrl}/notifications`);
        const title = page.getByText('payments-api rolled back in prod');
        await title.first().waitFor({ timeout: 60_000 });
        expect(await title.count()).toBe(1);
        await page
          .getByText('CI rolled payments-api back to 1.7.1 (e2e)')
          .first()
          .waitFor();
        await screenshot(page, 'notifications');
      },
    );
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
