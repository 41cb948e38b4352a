/* Starts the sandbox upstreams for the local portal: `yarn workspace @go-delivery/sandbox start`. */
import { startSandbox } from '../src';

startSandbox({ recent: true })
  .then(sandbox => {
    for (const [name, fake] of Object.entries(sandbox.argocd)) {
      // eslint-disable-next-line no-console
      console.log(`sandbox: Argo CD '${name}' at ${fake.url}`);
    }
    const stop = () => sandbox.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch(error => {
    // eslint-disable-next-line no-console
    console.error(error);
    process.exit(1);
  });
