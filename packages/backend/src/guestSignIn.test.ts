import { ConfigReader } from '@backstage/config';
import { freePort, startBackendProcess } from './__testUtils__/backendProcess';
import { wantsGuestSignIn } from './guestSignIn';

const guest = {
  auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
};
const REFUSAL =
  'Guest sign-in (auth.providers.guest) is configured in production';

describe('wantsGuestSignIn', () => {
  it('is off unless auth.providers.guest is configured', () => {
    expect(
      wantsGuestSignIn(new ConfigReader({}), { NODE_ENV: 'development' }),
    ).toBe(false);
    expect(
      wantsGuestSignIn(new ConfigReader({ auth: { providers: {} } }), {
        NODE_ENV: 'production',
      }),
    ).toBe(false);
  });

  it('is on when configured outside production', () => {
    expect(
      wantsGuestSignIn(new ConfigReader(guest), { NODE_ENV: 'development' }),
    ).toBe(true);
    expect(wantsGuestSignIn(new ConfigReader(guest), {})).toBe(true);
  });

  it('refuses guest sign-in with NODE_ENV=production', () => {
    expect(() =>
      wantsGuestSignIn(new ConfigReader(guest), { NODE_ENV: 'production' }),
    ).toThrow(REFUSAL);
  });

  it('refuses guest sign-in with auth.environment: production', () => {
    const config = new ConfigReader({
      auth: { ...guest.auth, environment: 'production' },
    });
    expect(() => wantsGuestSignIn(config, { NODE_ENV: 'development' })).toThrow(
      REFUSAL,
    );
  });
});

describe('the backend with the sandbox config and NODE_ENV=production', () => {
  it('refuses to start, saying why', async () => {
    const backend = startBackendProcess({
      configs: ['app-config.yaml', 'app-config.sandbox.yaml'],
      port: await freePort(),
      env: { NODE_ENV: 'production' },
    });
    try {
      expect(await backend.exited).toBe(1);
      expect(backend.output()).toContain(`Backend failed to start`);
      expect(backend.output()).toContain(REFUSAL);
    } finally {
      await backend.stop();
    }
  }, 60_000);
});
