import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderWithEntity,
  serviceEntity,
} from '../__testUtils__/renderWithEntity';
import { DeliveryApi } from '../api';
import { announceEntityChange } from '../hooks/entityChanges';
import { runningRun, succeededRun } from '../testing/viewModels';
import { DeliveryDataOptions, useDeliveryData } from './useDeliveryData';

type Runs = Awaited<ReturnType<DeliveryApi['getPipelineRuns']>>;

const idle: Runs = { runs: [succeededRun], failures: [], clusters: ['dev'] };
const busy: Runs = { ...idle, runs: [runningRun, succeededRun] };

/** Shows what the hook read: the names of the runs, or its state. */
function Probe(props: { options?: DeliveryDataOptions<Runs> }) {
  const data = useDeliveryData(
    (api, ref) => api.getPipelineRuns(ref),
    [],
    props.options,
  );
  let text = 'nothing';
  if (data.error) text = `error: ${data.error.message}`;
  else if (data.value) text = data.value.runs.map(r => r.name).join(', ');
  else if (data.loading) text = 'loading';
  return (
    <>
      <p>{text}</p>
      <button onClick={data.retry}>Retry</button>
    </>
  );
}

function renderProbe(
  name: string,
  api: Partial<DeliveryApi>,
  options?: DeliveryDataOptions<Runs>,
) {
  return renderWithEntity(<Probe options={options} />, {
    entity: serviceEntity(name, {}),
    api,
  });
}

const isActive = (value: Runs) => value.runs.some(r => r.status === 'running');

describe('useDeliveryData', () => {
  it('reads for the current entity, and again on retry', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(idle);
    await renderProbe('reads', { getPipelineRuns });
    expect(await screen.findByText(succeededRun.name)).toBeInTheDocument();
    expect(getPipelineRuns).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'reads',
    });
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
  });

  it('shows the error of a failed read', async () => {
    await renderProbe('fails', {
      getPipelineRuns: jest.fn().mockRejectedValue(new Error('no cluster')),
    });
    expect(await screen.findByText('error: no cluster')).toBeInTheDocument();
  });

  it('reads again after every announced change of its entity, and only of its entity', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(idle);
    await renderProbe('announced', { getPipelineRuns });
    await screen.findByText(succeededRun.name);
    expect(getPipelineRuns).toHaveBeenCalledTimes(1);

    act(() => announceEntityChange('component:default/someone-else'));
    act(() => announceEntityChange('component:default/announced'));
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
    act(() => announceEntityChange('component:default/announced'));
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(3));
  });

  it('reads nothing while disabled', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(idle);
    await renderProbe('disabled', { getPipelineRuns }, { enabled: false });
    expect(await screen.findByText('nothing')).toBeInTheDocument();
    expect(getPipelineRuns).not.toHaveBeenCalled();
  });

  describe('polling', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('polls while something runs, and stops when it ends', async () => {
      const getPipelineRuns = jest
        .fn()
        .mockResolvedValueOnce(busy)
        .mockResolvedValueOnce(busy)
        .mockResolvedValue(idle);
      await renderProbe(
        'polling',
        { getPipelineRuns },
        { isActive, pollIntervalMs: 5_000 },
      );
      await screen.findByText(`${runningRun.name}, ${succeededRun.name}`);
      await act(async () => {
        jest.advanceTimersByTime(5_000);
      });
      await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
      await act(async () => {
        jest.advanceTimersByTime(5_000);
      });
      await waitFor(() =>
        expect(screen.getByText(succeededRun.name)).toBeInTheDocument(),
      );
      // Nothing runs any more: no more reads.
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(getPipelineRuns).toHaveBeenCalledTimes(3);
    });

    it('does not poll while nothing runs', async () => {
      const idleRead = jest.fn().mockResolvedValue(idle);
      await renderProbe(
        'idle',
        { getPipelineRuns: idleRead },
        { isActive, pollIntervalMs: 5_000 },
      );
      await screen.findByText(succeededRun.name);
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(idleRead).toHaveBeenCalledTimes(1);
    });

    it('does not poll without an interval, even while something runs', async () => {
      const busyRead = jest.fn().mockResolvedValue(busy);
      await renderProbe(
        'no-interval',
        { getPipelineRuns: busyRead },
        { isActive, pollIntervalMs: 0 },
      );
      await screen.findByText(`${runningRun.name}, ${succeededRun.name}`);
      await act(async () => {
        jest.advanceTimersByTime(60_000);
      });
      expect(busyRead).toHaveBeenCalledTimes(1);
    });
  });
});
