/* Starts the sandbox upstreams for the local portal: `yarn workspace @go-delivery/sandbox start`. */
import {
  prepareArgoCdWrites,
  seedCoverage,
  seedDeliveryHistory,
  startSandbox,
} from '../src';

const BACKEND_URL = process.env.BACKEND_URL ?? 'http://localhost:7007';

startSandbox({ recent: true })
  .then(sandbox => {
    const log = (line: string) => process.stdout.write(`sandbox: ${line}\n`);
    for (const [name, fake] of Object.entries(sandbox.argocd)) {
      log(`Argo CD '${name}' at ${fake.url}`);
    }
    for (const [name, cluster] of Object.entries(sandbox.kubernetes)) {
      log(`Kubernetes '${name}' at ${cluster.server.url}`);
    }
    if (sandbox.prometheus) log(`Prometheus at ${sandbox.prometheus.url}`);
    // While the backend starts: the template's first Argo CD writes must not wait for it.
    prepareArgoCdWrites();
    // The local backend keeps its data in memory: seed it whenever it (re)starts without any.
    // Coverage missing means a fresh backend, so the delivery history is reported again then
    // (each event is recorded once by its id, so a repeat would be harmless, only noisy).
    const seed = () =>
      seedCoverage({ baseUrl: BACKEND_URL, log })
        .then(seeded =>
          seeded > 0
            ? seedDeliveryHistory({
                baseUrl: BACKEND_URL,
                until: sandbox.historyStartsAt,
                log,
              })
            : undefined,
        )
        .catch(error => log(`seeding: ${error}`));
    seed();
    const seeding = setInterval(seed, 60_000);
    const stop = () => {
      clearInterval(seeding);
      return sandbox.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
