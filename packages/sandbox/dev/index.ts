/* Starts the sandbox upstreams for the local portal: `yarn workspace @go-delivery/sandbox start`. */
import { seedCoverage, startSandbox } from '../src';

const BACKEND_URL = process.env.BACKEND_URL ?? 'http://localhost:7007';

startSandbox({ recent: true })
  .then(sandbox => {
    const log = (line: string) => process.stdout.write(`sandbox: ${line}\n`);
    for (const [name, fake] of Object.entries(sandbox.argocd)) {
      log(`Argo CD '${name}' at ${fake.url}`);
    }
    for (const [name, fake] of Object.entries(sandbox.kubernetes)) {
      log(`Kubernetes '${name}' at ${fake.url}`);
    }
    if (sandbox.prometheus) log(`Prometheus at ${sandbox.prometheus.url}`);
    // The local backend keeps coverage in memory: seed it whenever it (re)starts without any.
    const seed = () =>
      seedCoverage({ baseUrl: BACKEND_URL, log }).catch(error =>
        log(`coverage seeding: ${error}`),
      );
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
