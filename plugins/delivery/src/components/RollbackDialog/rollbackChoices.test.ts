import {
  ordersOptions,
  paymentsOptions,
  prodOption,
  stagingOption,
} from '../../testing/rollbackViewModels';
import {
  applicationKey,
  initialChoice,
  kindOptions,
  targetOf,
  withApplication,
  withKind,
} from './rollbackChoices';

const ALL = { canAbort: true, canRollback: true };
/** The staging deploy before the one running now. */
const STAGING_PREVIOUS = stagingOption.history[1].id;

describe('rollback choices', () => {
  it('offers the ways the policy allows, and says why one does not apply', () => {
    expect(
      kindOptions(paymentsOptions, ALL).map(k => [
        k.kind,
        k.available,
        k.reason,
      ]),
    ).toEqual([
      ['abort-canary', false, 'No canary is running'],
      ['argocd', true, undefined],
      ['gitops', true, undefined],
    ]);
    expect(
      kindOptions(ordersOptions, ALL).map(k => [k.kind, k.available, k.reason]),
    ).toEqual([
      ['abort-canary', true, undefined],
      [
        'argocd',
        false,
        'Another operation (a sync) is running; wait for it to finish',
      ],
      [
        'gitops',
        false,
        'The GitHub integration for github.com has no token or app to write with',
      ],
    ]);
    expect(
      kindOptions(ordersOptions, { canAbort: true, canRollback: false }).map(
        k => k.kind,
      ),
    ).toEqual(['abort-canary']);
    // The backend's answer for the caller counts as much as the frontend's permission check.
    expect(
      kindOptions(
        { ...ordersOptions, allowed: { abortCanary: false, rollback: true } },
        ALL,
      ).map(k => k.kind),
    ).toEqual(['argocd', 'gitops']);
  });

  it('starts on the first way that applies, with the deploy before the current one', () => {
    const kinds = kindOptions(paymentsOptions, ALL);
    expect(initialChoice(paymentsOptions, kinds)).toEqual({
      kind: 'argocd',
      application: applicationKey(prodOption),
      historyId: 4,
      disableAutoSync: false,
    });
    const orders = kindOptions(ordersOptions, ALL);
    expect(initialChoice(ordersOptions, orders)).toEqual({
      kind: 'abort-canary',
      canary: 'prod/orders/orders-api',
      disableAutoSync: false,
    });
  });

  it('starts on a preselected deploy, through GitOps where that applies', () => {
    const kinds = kindOptions(paymentsOptions, ALL);
    expect(
      initialChoice(paymentsOptions, kinds, {
        instance: 'prod',
        application: 'payments-api-prod',
        appNamespace: 'argocd',
        historyId: 2,
      }),
    ).toMatchObject({ kind: 'gitops', historyId: 2 });
    expect(
      initialChoice(paymentsOptions, kinds, {
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
        historyId: STAGING_PREVIOUS,
      }),
    ).toMatchObject({
      kind: 'argocd',
      application: applicationKey(stagingOption),
      historyId: STAGING_PREVIOUS,
    });
    // The current deploy cannot be returned to: the one before it is chosen instead.
    expect(
      initialChoice(paymentsOptions, kinds, {
        instance: 'prod',
        application: 'payments-api-prod',
        appNamespace: 'argocd',
        historyId: 5,
      }),
    ).toMatchObject({ historyId: 4 });
  });

  it('needs the explicit choice to turn auto-sync off before an Argo CD rollback', () => {
    const choice = withApplication(
      paymentsOptions,
      { kind: 'argocd', disableAutoSync: false },
      applicationKey(stagingOption),
    );
    expect(targetOf(paymentsOptions, choice)).toEqual({
      blocker:
        "Auto-sync is on: choose 'Disable auto-sync, then roll back', or roll back through GitOps",
    });
    expect(
      targetOf(paymentsOptions, { ...choice, disableAutoSync: true }),
    ).toEqual({
      target: {
        kind: 'argocd',
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
        historyId: STAGING_PREVIOUS,
        disableAutoSync: true,
      },
    });
  });

  it('names exactly the target of each way', () => {
    const kinds = kindOptions(paymentsOptions, ALL);
    const argocd = initialChoice(paymentsOptions, kinds);
    expect(targetOf(paymentsOptions, argocd).target).toEqual({
      kind: 'argocd',
      instance: 'prod',
      application: 'payments-api-prod',
      appNamespace: 'argocd',
      historyId: 4,
    });
    const gitops = withKind(paymentsOptions, argocd, 'gitops');
    expect(targetOf(paymentsOptions, gitops).target).toEqual({
      kind: 'gitops',
      instance: 'prod',
      application: 'payments-api-prod',
      appNamespace: 'argocd',
      historyId: 4,
    });
    const abort = initialChoice(ordersOptions, kindOptions(ordersOptions, ALL));
    expect(targetOf(ordersOptions, abort).target).toEqual({
      kind: 'abort-canary',
      rollout: { cluster: 'prod', namespace: 'orders', name: 'orders-api' },
    });
  });

  it('moves to an application the chosen way applies to', () => {
    const staging = withApplication(
      paymentsOptions,
      { kind: 'argocd', disableAutoSync: false },
      applicationKey(stagingOption),
    );
    // Staging has no GitOps repository: GitOps picks prod and its previous deploy.
    expect(withKind(paymentsOptions, staging, 'gitops')).toMatchObject({
      kind: 'gitops',
      application: applicationKey(prodOption),
      historyId: 4,
    });
    expect(
      targetOf(paymentsOptions, { ...staging, kind: 'gitops' }).blocker,
    ).toBe(stagingOption.gitops.reason);
  });
});
