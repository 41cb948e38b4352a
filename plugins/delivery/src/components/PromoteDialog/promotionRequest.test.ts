import { GitOpsChangePreview } from '@go-delivery/plugin-delivery-common';
import {
  OVERRIDE_REASON,
  prodPreview,
  prodPreviewShut,
  toProd,
} from '../EnvironmentsCard/__fixtures__/promotionResponses';
import {
  blockingGates,
  overrideReasonProblem,
  promoteLabel,
  promotionRequest,
  promotionTarget,
} from './promotionRequest';

const target = promotionTarget(toProd);
const confirmed = { confirmation: ' payments-api-prod ' };

describe('promotion requests', () => {
  it('names the two applications only', () => {
    expect(target).toEqual({
      from: {
        instance: 'staging',
        application: 'payments-api-staging',
        appNamespace: 'argocd',
      },
      to: {
        instance: 'prod',
        application: 'payments-api-prod',
        appNamespace: 'argocd',
      },
    });
  });

  it('says what the button does: a commit, a pull request, a merge request, an override', () => {
    const withGitops = (
      provider: GitOpsChangePreview['provider'],
      mode: GitOpsChangePreview['mode'],
    ) => ({
      ...prodPreview,
      gitops: { ...prodPreview.gitops, provider, mode },
    });
    expect(promoteLabel(withGitops('local', 'commit'), false)).toBe(
      'Commit promotion',
    );
    expect(promoteLabel(withGitops('github', 'pull-request'), false)).toBe(
      'Open pull request',
    );
    expect(promoteLabel(withGitops('gitlab', 'pull-request'), false)).toBe(
      'Open merge request',
    );
    expect(promoteLabel(prodPreviewShut, true)).toBe(
      'Promote despite shut gates',
    );
  });

  it('counts shut and unknown gates as blocking', () => {
    expect(blockingGates(prodPreviewShut.gates).map(g => g.id)).toEqual([
      'verdict',
      'error-budget',
    ]);
    expect(blockingGates(prodPreview.gates)).toEqual([]);
  });

  it('keeps the override reason within the bounds the backend checks', () => {
    expect(overrideReasonProblem('  too short ')).toBe(
      'At least 10 characters (9 so far)',
    );
    expect(overrideReasonProblem('x'.repeat(10))).toBeUndefined();
    expect(overrideReasonProblem('x'.repeat(500))).toBeUndefined();
    expect(overrideReasonProblem('x'.repeat(501))).toBe(
      'At most 500 characters (501)',
    );
  });

  it('makes a request only when the name is typed and shut gates are overridden with a reason', () => {
    expect(
      promotionRequest(target, prodPreview, { confirmation: 'prod' }, true),
    ).toBeUndefined();
    expect(promotionRequest(target, prodPreview, confirmed, false)).toEqual({
      ...target,
      confirmation: 'payments-api-prod',
    });
    expect(
      promotionRequest(target, prodPreviewShut, confirmed, true),
    ).toBeUndefined();
    const overridden = { ...confirmed, override: ` ${OVERRIDE_REASON} ` };
    expect(
      promotionRequest(target, prodPreviewShut, overridden, false),
    ).toBeUndefined();
    expect(promotionRequest(target, prodPreviewShut, overridden, true)).toEqual(
      {
        ...target,
        confirmation: 'payments-api-prod',
        override: { reason: OVERRIDE_REASON },
      },
    );
    // An override left over from an earlier preview is not sent once the gates are open.
    expect(promotionRequest(target, prodPreview, overridden, true)).toEqual({
      ...target,
      confirmation: 'payments-api-prod',
    });
  });
});
