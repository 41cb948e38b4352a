/* Starts the sandbox upstreams for the local portal: `yarn workspace @go-delivery/sandbox start`. */
import { startSandbox } from '../src';

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
    const stop = () => sandbox.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
