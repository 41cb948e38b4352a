import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ClaimConflicts } from './ClaimConflicts';

describe('ClaimConflicts', () => {
  it('says which objects another entity claims too', async () => {
    const message =
      "Rollout 'orders-api' in prod/orders: claimed by component:default/orders-api and component:default/orders-copy; writes through any of them are refused until only one entity selects it";
    await renderInTestApp(
      <ClaimConflicts
        conflicts={[
          {
            kind: 'kubernetes',
            entities: [
              'component:default/orders-api',
              'component:default/orders-copy',
            ],
            objects: ["Rollout 'orders-api' in prod/orders"],
            message,
          },
        ]}
      />,
    );
    expect(
      screen.getByText(
        /Shared with another entity: actions on these objects are refused/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('shows nothing without conflicts', async () => {
    const { container } = await renderInTestApp(<ClaimConflicts />);
    expect(container.textContent).toBe('');
  });
});
