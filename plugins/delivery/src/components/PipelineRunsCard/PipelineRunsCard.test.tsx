import green from '@material-ui/core/colors/green';
import red from '@material-ui/core/colors/red';
import {
  PipelineRunView,
  PipelineRunsResponse,
  pipelineRunCancelPermission,
  pipelineRunRerunPermission,
} from '@go-delivery/plugin-delivery-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  failedRun,
  pipelineRunsResponse,
  runningRun,
  succeededRun,
} from '../../testing/viewModels';
import {
  renderWithEntity,
  serviceEntity,
} from '../../__testUtils__/renderWithEntity';
import { announceEntityChange } from '../../hooks/entityChanges';
import { PipelineRunsCard } from './PipelineRunsCard';
import { deferred } from '../../__testUtils__/deferred';
import { errorResponse } from '../../__testUtils__/errorResponse';

const TEKTON = {
  'tekton.dev/cicd': 'true',
  'backstage.io/kubernetes-id': 'payments-api',
};
const BOTH = [
  pipelineRunRerunPermission.name,
  pipelineRunCancelPermission.name,
];

function compoundRef(name: string) {
  return { kind: 'Component', namespace: 'default', name };
}

function renderCard(
  name: string,
  api: Parameters<typeof renderWithEntity>[1]['api'],
  allow: string[] = [],
) {
  return renderWithEntity(<PipelineRunsCard pollIntervalMs={0} />, {
    entity: serviceEntity(name, TEKTON),
    api,
    allow,
  });
}

describe('PipelineRunsCard', () => {
  it('shows progress while loading', async () => {
    await renderCard('loading', {
      getPipelineRuns: () => new Promise(() => {}),
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows the backend error, e.g. a missing kubernetes-id', async () => {
    const error = await errorResponse(
      400,
      "Annotation 'tekton.dev/cicd' is invalid: pipeline runs are found by 'backstage.io/kubernetes-id'",
    );
    await renderCard('broken', {
      getPipelineRuns: jest.fn().mockRejectedValue(error),
    });
    expect(
      await screen.findByText(/Annotation 'tekton.dev\/cicd' is invalid/),
    ).toBeInTheDocument();
  });

  it('shows an empty state naming the clusters that were searched', async () => {
    await renderCard('empty', {
      getPipelineRuns: jest
        .fn()
        .mockResolvedValue({ runs: [], failures: [], clusters: ['dev', 'ci'] }),
    });
    expect(
      await screen.findByText('No pipeline runs found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Searched dev, ci for PipelineRuns/),
    ).toBeInTheDocument();
  });

  it('names a cluster that failed and still lists the runs of the others', async () => {
    const response: PipelineRunsResponse = {
      runs: [succeededRun],
      clusters: ['dev', 'ci'],
      failures: [
        {
          kind: 'kubernetes',
          instance: 'ci',
          reason: 'timeout',
          message: "Kubernetes cluster 'ci': no answer within 5000 ms",
        },
      ],
    };
    await renderCard('degraded', {
      getPipelineRuns: jest.fn().mockResolvedValue(response),
    });
    expect(await screen.findByText(/ci could not be read/)).toBeInTheDocument();
    expect(
      screen.getByText("Kubernetes cluster 'ci': no answer within 5000 ms"),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('row', { name: `Pipeline run ${succeededRun.name}` }),
    ).toBeInTheDocument();
  });

  it('lists runs with status, commit link, branch, duration and a bar of their tasks', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    await renderCard('listing', { getPipelineRuns });
    expect(getPipelineRuns).toHaveBeenCalledWith(compoundRef('listing'));

    const row = await screen.findByRole('row', {
      name: `Pipeline run ${succeededRun.name}`,
    });
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    expect(within(row).getByText('go-service-ci')).toBeInTheDocument();
    expect(within(row).getByText('main')).toBeInTheDocument();
    expect(within(row).getByText('push')).toBeInTheDocument();
    expect(within(row).getByText('6m 34s')).toBeInTheDocument();
    expect(
      within(row).getByText(succeededRun.commit!.slice(0, 7)).closest('a'),
    ).toHaveAttribute(
      'href',
      `https://github.com/example-org/payments-api/commit/${succeededRun.commit}`,
    );
    const bar = within(row).getByRole('group', {
      name: `Task durations of ${succeededRun.name}`,
    });
    const segments = within(bar).getAllByRole('img');
    expect(segments.map(s => s.getAttribute('aria-label'))).toEqual([
      'fetch-source: Succeeded, 17s',
      'lint: Succeeded, 1m 33s',
      'test: Succeeded, 2m 16s',
      'vuln-scan: Succeeded, 47s',
      'build-push: Succeeded, 3m 16s',
      'sign: Succeeded, 20s',
      'update-gitops: Succeeded, 17s',
    ]);
    // 17 s, 93 s, 136 s, 47 s, 196 s, 20 s and 17 s of 526 s, the shortest held at 4 %.
    expect(
      segments.map(s => Number.parseFloat(s.style.width).toFixed(1)),
    ).toEqual(['4.0', '17.3', '25.4', '8.8', '36.5', '4.0', '4.0']);

    const running = screen.getByRole('row', {
      name: `Pipeline run ${runningRun.name}`,
    });
    expect(within(running).getByText('Running')).toBeInTheDocument();
    expect(within(running).getByText(runningRun.branch!)).toBeInTheDocument();
    const failed = screen.getByRole('row', {
      name: `Pipeline run ${failedRun.name}`,
    });
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
  });

  it('breaks a long branch at its slashes, and names a run once when its pipeline is named after it', async () => {
    // Pipelines as Code names the pipeline after the run (Konflux's tekton.dev/pipeline label).
    const run: PipelineRunView = {
      ...succeededRun,
      pipelineName: succeededRun.name,
      branch: 'rhtap/references/main',
    };
    await renderCard('pac', {
      getPipelineRuns: jest
        .fn()
        .mockResolvedValue({ ...pipelineRunsResponse, runs: [run] }),
    });
    const row = await screen.findByRole('row', {
      name: `Pipeline run ${run.name}`,
    });
    const branch = within(row).getByText('references/').closest('td')!;
    expect(branch.textContent).toBe('rhtap/references/mainpush');
    expect(branch.querySelectorAll('wbr')).toHaveLength(2);
    expect(within(row).getAllByText(run.name)).toHaveLength(1);
    expect(within(row).getByText(run.cluster)).toBeInTheDocument();
  });

  it('shows the supply-chain facts of each run as badges named in words', async () => {
    const digest = succeededRun.image!.digest!;
    const withFacts: PipelineRunView = {
      ...succeededRun,
      supplyChain: {
        sbom: {
          uri: `registry.example.com/payments-api@${digest}`,
          predicateType: 'https://spdx.dev/Document',
          source: 'SBOM_URI',
        },
        vulnerabilities: {
          critical: 0,
          high: 1,
          medium: 2,
          low: 0,
          total: 3,
          source: 'ACS_IMAGE_SCAN_OUTPUT',
        },
        signature: { verified: true },
      },
    };
    const clean: PipelineRunView = {
      ...failedRun,
      image: undefined,
      supplyChain: {
        vulnerabilities: {
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          unknown: 0,
          total: 0,
          source: 'SCAN_OUTPUT',
        },
        signature: { verified: false },
      },
    };
    await renderCard('supply-chain', {
      getPipelineRuns: jest.fn().mockResolvedValue({
        ...pipelineRunsResponse,
        runs: [withFacts, clean, runningRun],
      }),
    });
    expect(
      await screen.findByRole('columnheader', { name: 'Supply chain' }),
    ).toBeInTheDocument();

    const facts = within(
      screen.getByRole('list', {
        name: `Supply chain of ${succeededRun.name}`,
      }),
    );
    const badges = facts.getAllByRole('img');
    expect(badges.map(b => b.getAttribute('aria-label'))).toEqual([
      `Image digest ${digest.slice(0, 19)}`,
      'SBOM attached',
      'Vulnerabilities: 0 critical, 1 high, 2 medium, 0 low',
      'Signature verified',
    ]);
    expect(badges.map(b => b.textContent)).toEqual([
      digest.slice(0, 19),
      'SBOM',
      '1 high · 2 medium',
      'Signed ✓',
    ]);
    // Readable red and green (WCAG AA on the light theme), not the palette's main shades.
    expect(badges[2]).toHaveStyle({ color: red[700] });
    expect(badges[3]).toHaveStyle({ color: green[800] });
    expect(badges[0]).toHaveAttribute(
      'title',
      `${succeededRun.image!.url}@${digest}`,
    );
    expect(badges[1]).toHaveAttribute(
      'title',
      `registry.example.com/payments-api@${digest} (https://spdx.dev/Document)`,
    );

    const cleanFacts = within(
      screen.getByRole('list', { name: `Supply chain of ${failedRun.name}` }),
    );
    const vulnerabilities = cleanFacts.getByRole('img', {
      name: 'Vulnerabilities: 0 critical, 0 high, 0 medium, 0 low, 0 unknown',
    });
    expect(vulnerabilities).toHaveTextContent('No vulnerabilities');
    expect(vulnerabilities).toHaveStyle({ color: green[800] });
    expect(
      cleanFacts.getByRole('img', { name: 'Signature not verified' }),
    ).toHaveStyle({ color: red[700] });
    expect(cleanFacts.queryByRole('img', { name: /Image digest/ })).toBeNull();
  });

  it('tells Tekton Chains signing apart from a verified signature, and names the TaskRun of a scan', async () => {
    // What the backend makes of Konflux's capture (reference/examples/tekton/konflux-*).
    const konflux: PipelineRunView = {
      ...succeededRun,
      supplyChain: {
        vulnerabilities: {
          critical: 0,
          high: 2,
          medium: 7,
          low: 3,
          total: 12,
          source: 'CLAIR_SCAN_RESULT',
          taskRun: 'human-resources-on-push-z79cl-clair-scan',
        },
        chains: { signed: true },
      },
    };
    const gaveUp: PipelineRunView = {
      ...failedRun,
      image: undefined,
      supplyChain: {
        signature: { verified: true },
        chains: { signed: false },
      },
    };
    await renderCard('chains', {
      getPipelineRuns: jest.fn().mockResolvedValue({
        ...pipelineRunsResponse,
        runs: [konflux, gaveUp],
      }),
    });
    const facts = within(
      await screen.findByRole('list', {
        name: `Supply chain of ${succeededRun.name}`,
      }),
    );
    expect(
      facts.getAllByRole('img').map(b => b.getAttribute('aria-label')),
    ).toEqual([
      `Image digest ${succeededRun.image!.digest!.slice(0, 19)}`,
      'Vulnerabilities: 0 critical, 2 high, 7 medium, 3 low',
      'Signed by Tekton Chains',
    ]);
    expect(
      facts.getByRole('img', { name: /^Vulnerabilities/ }),
    ).toHaveAttribute(
      'title',
      'From CLAIR_SCAN_RESULT of TaskRun human-resources-on-push-z79cl-clair-scan',
    );
    const signed = facts.getByRole('img', { name: 'Signed by Tekton Chains' });
    expect(signed).toHaveTextContent('Chains ✓');
    // Signed is not verified: not in the colour of a verified signature.
    expect(signed).not.toHaveStyle({ color: green[800] });

    const other = within(
      screen.getByRole('list', { name: `Supply chain of ${failedRun.name}` }),
    );
    expect(
      other
        .getAllByRole('img')
        .map(b => [b.getAttribute('aria-label'), b.textContent]),
    ).toEqual([
      ['Signature verified', 'Signed ✓'],
      ['Tekton Chains failed to sign', 'Chains ✗'],
    ]);
    expect(
      other.getByRole('img', { name: 'Tekton Chains failed to sign' }),
    ).toHaveStyle({ color: red[700] });
  });

  it('counts findings without a severity, as govulncheck reports them', async () => {
    await renderCard('govulncheck', {
      getPipelineRuns: jest.fn().mockResolvedValue({
        ...pipelineRunsResponse,
        runs: [
          {
            ...succeededRun,
            image: undefined,
            supplyChain: {
              vulnerabilities: {
                critical: 0,
                high: 0,
                medium: 0,
                low: 0,
                unknown: 2,
                total: 2,
                source: 'SCAN_OUTPUT',
              },
            },
          },
          { ...runningRun, image: undefined, supplyChain: undefined },
        ],
      }),
    });
    expect(
      await screen.findByRole('img', {
        name: 'Vulnerabilities: 0 critical, 0 high, 0 medium, 0 low, 2 unknown',
      }),
    ).toHaveTextContent('2 unknown');
    // A run that reports nothing shows a dash, not an empty list.
    expect(
      screen.queryByRole('list', {
        name: `Supply chain of ${runningRun.name}`,
      }),
    ).toBeNull();
  });

  it('expands a run to its task runs, steps with durations, and skipped tasks', async () => {
    await renderCard('expanding', {
      getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
    });
    const toggle = await screen.findByRole('button', {
      name: `Show tasks of ${succeededRun.name}`,
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    const details = screen.getByRole('region', {
      name: `Tasks of ${succeededRun.name}`,
    });
    const steps = within(details).getByRole('table', { name: 'Steps of test' });
    const rows = within(steps).getAllByRole('row').slice(1);
    expect(
      rows.map(r =>
        within(r)
          .getAllByRole('cell')
          .slice(0, 3)
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['unit-test', 'Succeeded', '2m 02s'],
      ['coverage-gate', 'Succeeded', '7s'],
      ['upload-coverage', 'Succeeded', '1s'],
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: `Show tasks of ${failedRun.name}` }),
    );
    const failedDetails = screen.getByRole('region', {
      name: `Tasks of ${failedRun.name}`,
    });
    expect(
      within(failedDetails).getByText(failedRun.taskRunsFailure!.message),
    ).toBeInTheDocument();
    expect(
      within(failedDetails).getByText(
        '"step-coverage-gate" exited with code 1',
      ),
    ).toBeInTheDocument();
    expect(
      within(failedDetails).getByText(
        'Skipped: build-push (PipelineRun was stopping), sign (PipelineRun was stopping), update-gitops (PipelineRun was stopping)',
      ),
    ).toBeInTheDocument();
    // The failed coverage gate, and the upload it kept from running.
    expect(within(failedDetails).getAllByText(/exit code 1/)).toHaveLength(2);
  });

  it('reads a step log on demand and shows it in a dialog, with the truncation', async () => {
    const getPipelineStepLog = jest.fn().mockResolvedValue({
      cluster: succeededRun.cluster,
      namespace: 'payments',
      name: succeededRun.name,
      taskRun: 'payments-api-ci-7xk2p-test',
      step: 'unit-test',
      pod: 'payments-api-ci-7xk2p-test-pod',
      container: 'step-unit-test',
      text: '\u001b[32mok\u001b[0m  \tgithub.com/example-org/payments-api/internal/ledger\t0.412s\n',
      truncated: true,
      limitBytes: 1048576,
    });
    await renderCard('logs', {
      getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
      getPipelineStepLog,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: `Show tasks of ${succeededRun.name}`,
      }),
    );
    expect(getPipelineStepLog).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Log of step unit-test in test' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Log of test / unit-test',
    });
    const log = await within(dialog).findByLabelText('Step log');
    expect(log.tagName).toBe('PRE');
    expect(log.textContent).toBe(
      'ok  \tgithub.com/example-org/payments-api/internal/ledger\t0.412s\n',
    );
    expect(
      within(dialog).getByText(/The log is longer than 1 MiB/),
    ).toBeInTheDocument();
    expect(getPipelineStepLog).toHaveBeenCalledWith(compoundRef('logs'), {
      cluster: succeededRun.cluster,
      namespace: 'payments',
      name: succeededRun.name,
      taskRun: 'payments-api-ci-7xk2p-test',
      step: 'unit-test',
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() => expect(getPipelineStepLog).toHaveBeenCalledTimes(2));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows why a log could not be read', async () => {
    const error = await errorResponse(404, "Pod 'x' of TaskRun 'y' is gone");
    await renderCard('log-error', {
      getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
      getPipelineStepLog: jest.fn().mockRejectedValue(error),
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: `Show tasks of ${succeededRun.name}`,
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Log of step clone in fetch-source' }),
    );
    expect(
      await screen.findByText(/Pod 'x' of TaskRun 'y' is gone/),
    ).toBeInTheDocument();
  });

  it('hides rerun and cancel when the permission policy denies them', async () => {
    const { authorize } = await renderCard('denied', {
      getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
    });
    await screen.findByRole('row', { name: `Pipeline run ${runningRun.name}` });
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(2));
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: pipelineRunRerunPermission,
        resourceRef: 'component:default/denied',
      }),
    );
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: pipelineRunCancelPermission,
        resourceRef: 'component:default/denied',
      }),
    );
    expect(screen.queryByRole('button', { name: /^Rerun / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Cancel / })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).toBeNull();
  });

  it('shows rerun on every run and cancel only on the running one when allowed', async () => {
    await renderCard(
      'allowed',
      { getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse) },
      BOTH,
    );
    expect(
      await screen.findByRole('button', { name: `Rerun ${succeededRun.name}` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: `Rerun ${runningRun.name}` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: `Rerun ${failedRun.name}` }),
    ).toBeInTheDocument();
    expect(
      screen
        .getAllByRole('button', { name: /^Cancel / })
        .map(b => b.getAttribute('aria-label')),
    ).toEqual([`Cancel ${runningRun.name}`]);
  });

  it('offers only what is allowed: rerun without cancel', async () => {
    await renderCard(
      'rerun-only',
      { getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse) },
      [pipelineRunRerunPermission.name],
    );
    await screen.findByRole('button', { name: `Rerun ${runningRun.name}` });
    expect(screen.queryByRole('button', { name: /^Cancel / })).toBeNull();
  });

  it('reruns a run by its exact identity, confirms it and refreshes the list', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    const rerunPipelineRun = jest.fn().mockResolvedValue({
      action: 'rerun',
      target: {
        cluster: failedRun.cluster,
        namespace: 'payments',
        name: failedRun.name,
      },
      run: {
        cluster: failedRun.cluster,
        namespace: 'payments',
        name: 'payments-api-ci-n3w1',
      },
    });
    const { alertApi } = await renderCard(
      'rerun',
      { getPipelineRuns, rerunPipelineRun },
      BOTH,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: `Rerun ${failedRun.name}` }),
    );
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
    expect(rerunPipelineRun).toHaveBeenCalledTimes(1);
    expect(rerunPipelineRun).toHaveBeenCalledWith(
      compoundRef('rerun'),
      {
        cluster: failedRun.cluster,
        namespace: 'payments',
        name: failedRun.name,
      },
      // One key per click: the backend acts once on it, across replicas.
      expect.stringMatching(/^[A-Za-z0-9_-]{8,128}$/),
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({
        message: `Started payments-api-ci-n3w1, a rerun of ${failedRun.name}`,
        severity: 'success',
      }),
    );
  });

  it('acts once on a double click: the buttons wait for the first action', async () => {
    const answer = deferred<any>();
    const rerunPipelineRun = jest.fn().mockReturnValue(answer.promise);
    await renderCard(
      'double',
      {
        getPipelineRuns: jest.fn().mockResolvedValue(pipelineRunsResponse),
        rerunPipelineRun,
      },
      BOTH,
    );
    const button = await screen.findByRole('button', {
      name: `Rerun ${failedRun.name}`,
    });
    await userEvent.dblClick(button);
    expect(button).toBeDisabled();
    expect(
      screen.getByRole('button', { name: `Rerun ${succeededRun.name}` }),
    ).toBeDisabled();
    answer.resolve({
      action: 'rerun',
      target: failedRun,
      run: { ...failedRun, name: 'payments-api-ci-n3w1' },
    });
    await waitFor(() => expect(button).toBeEnabled());
    expect(rerunPipelineRun).toHaveBeenCalledTimes(1);
  });

  it('asks before cancelling, cancels the exact run and refreshes', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    const cancelPipelineRun = jest.fn().mockResolvedValue({
      action: 'cancel',
      target: runningRun,
      run: runningRun,
    });
    const { alertApi } = await renderCard(
      'cancel',
      { getPipelineRuns, cancelPipelineRun },
      BOTH,
    );
    const cancel = await screen.findByRole('button', {
      name: `Cancel ${runningRun.name}`,
    });

    await userEvent.click(cancel);
    let dialog = await screen.findByRole('dialog', {
      name: 'Cancel pipeline run?',
    });
    expect(
      within(dialog).getByText(
        /payments-api-ci-r2d9w \(cluster ci, namespace payments\)/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Keep running' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(cancelPipelineRun).not.toHaveBeenCalled();

    await userEvent.click(cancel);
    dialog = await screen.findByRole('dialog', {
      name: 'Cancel pipeline run?',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel run' }),
    );
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
    expect(cancelPipelineRun).toHaveBeenCalledTimes(1);
    expect(cancelPipelineRun).toHaveBeenCalledWith(
      compoundRef('cancel'),
      {
        cluster: runningRun.cluster,
        namespace: 'payments',
        name: runningRun.name,
      },
      expect.stringMatching(/^[A-Za-z0-9_-]{8,128}$/),
    );
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: `Cancelling ${runningRun.name}` }),
    );
  });

  it('shows why an action was refused and does not refresh', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    const error = await errorResponse(
      409,
      `PipelineRun '${runningRun.name}' has already finished`,
    );
    const { alertApi } = await renderCard(
      'refused',
      {
        getPipelineRuns,
        cancelPipelineRun: jest.fn().mockRejectedValue(error),
      },
      BOTH,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: `Cancel ${runningRun.name}` }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel run' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      `Could not cancel ${runningRun.name}: PipelineRun '${runningRun.name}' has already finished`,
    );
    expect(getPipelineRuns).toHaveBeenCalledTimes(1);
    expect(alertApi.post).not.toHaveBeenCalled();
    await userEvent.click(within(alert).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reloads on refresh', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    await renderCard('refresh', { getPipelineRuns });
    await screen.findByRole('table', { name: 'Pipeline runs' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Refresh pipeline runs' }),
    );
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
  });

  it('reads again when an action on another card changed the entity', async () => {
    const getPipelineRuns = jest.fn().mockResolvedValue(pipelineRunsResponse);
    await renderCard('announced', { getPipelineRuns });
    await screen.findByRole('table', { name: 'Pipeline runs' });
    act(() => announceEntityChange('component:default/announced'));
    await waitFor(() => expect(getPipelineRuns).toHaveBeenCalledTimes(2));
  });

  it('guides the setup without calling the backend when Tekton is not enabled', async () => {
    const getPipelineRuns = jest.fn();
    await renderWithEntity(<PipelineRunsCard />, {
      entity: serviceEntity('bare', {}),
      api: { getPipelineRuns },
    });
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/tekton.dev\/cicd/).length).toBeGreaterThan(0);
    expect(getPipelineRuns).not.toHaveBeenCalled();
  });
});
