import {
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
} from '@go-delivery/plugin-delivery-common';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import {
  renderWithEntity,
  serviceEntity,
} from '../__testUtils__/renderWithEntity';
import { useEntityPermissions } from './useEntityPermissions';

const PERMISSIONS = {
  canRerun: pipelineRunRerunPermission,
  canCancel: pipelineRunCancelPermission,
};

function Probe() {
  const { canRerun, canCancel } = useEntityPermissions(PERMISSIONS);
  return (
    <p>
      rerun {String(canRerun)}, cancel {String(canCancel)}
    </p>
  );
}

describe('useEntityPermissions', () => {
  it('asks the policy about each permission on the current entity', async () => {
    const { authorize } = await renderWithEntity(<Probe />, {
      entity: serviceEntity('asked', {}),
      api: {},
      allow: [pipelineRunRerunPermission.name],
    });
    expect(
      await screen.findByText('rerun true, cancel false'),
    ).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledTimes(2);
    for (const permission of [
      pipelineRunRerunPermission,
      pipelineRunCancelPermission,
    ]) {
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission,
          resourceRef: 'component:default/asked',
        }),
      );
    }
  });

  it.each<[string, () => Promise<never>]>([
    ['until the answer is there', () => new Promise<never>(() => {})],
    [
      'when the policy cannot be asked',
      () => Promise.reject(new Error('down')),
    ],
  ])('allows nothing %s', async (_, answer) => {
    const authorize = jest.fn(answer);
    await renderInTestApp(
      <TestApiProvider apis={[[permissionApiRef, { authorize }]]}>
        <EntityProvider entity={serviceEntity('unanswered', {})}>
          <Probe />
        </EntityProvider>
      </TestApiProvider>,
    );
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(2));
    expect(screen.getByText('rerun false, cancel false')).toBeInTheDocument();
  });
});
