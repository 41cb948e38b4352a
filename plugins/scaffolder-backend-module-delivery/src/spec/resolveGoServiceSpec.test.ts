import { InputError } from '@backstage/errors';
import { testSettings } from '../__testUtils__/settings';
import { resolveGoServiceSpec } from './resolveGoServiceSpec';

const settings = testSettings();

describe('resolveGoServiceSpec', () => {
  it('applies the defaults and the configuration to the two required values', () => {
    expect(
      resolveGoServiceSpec(
        { name: 'payments-api', owner: 'team-payments' },
        settings,
      ),
    ).toEqual({
      name: 'payments-api',
      description: 'The payments-api service',
      owner: 'group:default/team-payments',
      modulePath: 'localhost/payments-api',
      goVersion: '1.24',
      port: 8080,
      ci: 'tekton',
      environments: ['dev', 'staging', 'prod'],
      canary: true,
      coverageThreshold: 80,
      availabilityObjective: 99.9,
      imageRepository: 'localhost:5000/payments-api',
      serviceRepoUrl: 'file:///srv/repos/payments-api',
      gitopsRepoUrl: 'file:///srv/repos/gitops',
      gitopsPath: 'apps/payments-api',
      argocd: {
        instance: 'prod',
        project: 'default',
        namespace: 'argocd',
        destinationServer: 'https://kubernetes.default.svc',
      },
      backstageBaseUrl: 'http://portal.example.com:7007',
      secretStore: 'vault',
    });
  });

  it('takes every value the form sets, and the hosted repositories', () => {
    const spec = resolveGoServiceSpec(
      {
        name: 'ledger',
        owner: 'user:default/jane',
        system: 'shop',
        description: '  Books\n  payments ',
        goVersion: '1.25',
        port: 9090,
        ci: 'github-actions',
        environments: ['prod', 'dev'],
        canary: false,
        coverageThreshold: 72.5,
        imageRepository: 'ghcr.io/acme/ledger',
        publish: {
          target: 'github',
          repoUrl: 'github.com?owner=Acme&repo=ledger',
          gitopsRepoUrl: 'github.com?owner=Acme&repo=gitops',
        },
      },
      testSettings({
        scaffolder: {
          argocd: { instance: 'staging', project: 'payments' },
          imageRegistry: 'registry.example.com/',
        },
      }),
    );
    expect(spec).toMatchObject({
      owner: 'user:default/jane',
      system: 'system:default/shop',
      description: 'Books payments',
      modulePath: 'github.com/Acme/ledger',
      goVersion: '1.25',
      port: 9090,
      ci: 'github-actions',
      // Promotion order, whatever the form's order.
      environments: ['dev', 'prod'],
      canary: false,
      coverageThreshold: 72.5,
      imageRepository: 'ghcr.io/acme/ledger',
      serviceRepoUrl: 'https://github.com/Acme/ledger.git',
      gitopsRepoUrl: 'https://github.com/Acme/gitops.git',
      argocd: { instance: 'staging', project: 'payments' },
    });
  });

  it('derives the GitLab clone URLs of nested groups', () => {
    const spec = resolveGoServiceSpec(
      {
        name: 'ledger',
        owner: 'team',
        publish: {
          target: 'gitlab',
          repoUrl: 'gitlab.example.com?owner=fin%2Fcore&repo=ledger',
          gitopsRepoUrl: 'gitlab.example.com?owner=platform&repo=gitops',
        },
      },
      settings,
    );
    expect(spec.serviceRepoUrl).toBe(
      'https://gitlab.example.com/fin/core/ledger.git',
    );
    expect(spec.modulePath).toBe('gitlab.example.com/fin/core/ledger');
    expect(spec.gitopsRepoUrl).toBe(
      'https://gitlab.example.com/platform/gitops.git',
    );
  });

  it('names every problem of the form in one InputError', () => {
    const error = (() => {
      try {
        resolveGoServiceSpec(
          {
            name: 'Payments_API',
            owner: '',
            modulePath: 'Not A Module',
            goVersion: '1.21',
            port: 70000,
            ci: 'jenkins',
            environments: ['dev', 'qa'],
            coverageThreshold: 120,
            canary: 'yes' as any,
          },
          settings,
        );
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The Go service cannot be created: /);
    for (const problem of [
      `name "Payments_API" must be lowercase letters, digits and '-'`,
      'owner is required',
      'modulePath "Not A Module" is not a Go module path',
      'goVersion "1.21" must be Go 1.24 or later',
      'port 70000 must be an integer between 1 and 65535',
      'ci "jenkins" must be one of tekton, github-actions',
      'coverageThreshold 120 must be a number between 0 and 100',
      'environments qa unknown (choose from dev, staging, prod)',
      'canary "yes" must be true or false',
    ]) {
      expect(message).toContain(problem);
    }
  });

  it('refuses unknown, repeated or no environments', () => {
    expect(() =>
      resolveGoServiceSpec(
        { name: 'a', owner: 'team', environments: ['dev', 'qa', 'dev'] },
        settings,
      ),
    ).toThrow(
      'The Go service cannot be created: environments qa unknown (choose from dev, staging, prod); environments must not repeat',
    );
    expect(() =>
      resolveGoServiceSpec(
        { name: 'a', owner: 'team', environments: [] },
        settings,
      ),
    ).toThrow('choose at least one environment');
  });

  it('refuses a name whose derived Kubernetes names would exceed 63 characters', () => {
    const name = 'a'.repeat(60);
    expect(() =>
      resolveGoServiceSpec({ name, owner: 'team' }, settings),
    ).toThrow(
      `"${name}-staging" (derived from the name) is longer than 63 characters: shorten the name by 5`,
    );
    // Without staging, prod is the longest suffix: 58 characters fit.
    expect(
      resolveGoServiceSpec(
        {
          name: 'b'.repeat(58),
          owner: 'team',
          environments: ['dev', 'prod'],
          canary: false,
          ci: 'github-actions',
        },
        settings,
      ).name,
    ).toHaveLength(58);
  });

  it('refuses hosted publishing without the repositories, and the GitOps repository name locally', () => {
    expect(() =>
      resolveGoServiceSpec(
        {
          name: 'ledger',
          owner: 'team',
          publish: { target: 'github', repoUrl: 'github.com?owner=acme' },
        },
        settings,
      ),
    ).toThrow(
      'publish.repoUrl must name the repository on github (host?owner=…&repo=…), got "github.com?owner=acme"; publish.gitopsRepoUrl must name the repository on github',
    );
    expect(() =>
      resolveGoServiceSpec(
        {
          name: 'ledger',
          owner: 'team',
          publish: {
            target: 'github',
            repoUrl: 'github.com?owner=..&repo=x',
            gitopsRepoUrl: 'github.com?owner=acme&repo=gitops',
          },
        },
        settings,
      ),
    ).toThrow('publish.repoUrl must name the repository');
    expect(() =>
      resolveGoServiceSpec({ name: 'gitops', owner: 'team' }, settings),
    ).toThrow('name "gitops" is the name of the local GitOps repository');
  });

  it('refuses an image repository the manifests cannot use', () => {
    expect(() =>
      resolveGoServiceSpec(
        { name: 'ledger', owner: 'team', imageRepository: 'GHCR.io/x:latest' },
        settings,
      ),
    ).toThrow(
      'The Go service cannot be created: imageRepository "GHCR.io/x:latest" must be a lowercase image repository without tag or digest',
    );
  });

  it('refuses an availability objective outside 90–99.999 %', () => {
    expect(() =>
      resolveGoServiceSpec(
        { name: 'ledger', owner: 'team', availabilityObjective: 100 },
        settings,
      ),
    ).toThrow(
      'The Go service cannot be created: availabilityObjective 100 must be a number between 90 and 99.999',
    );
  });

  it('needs a configured Argo CD instance', () => {
    expect(() =>
      resolveGoServiceSpec(
        { name: 'ledger', owner: 'team' },
        testSettings({ instances: [] }),
      ),
    ).toThrow(
      'no Argo CD instance is configured (delivery.argocd.instances) to register the service in',
    );
  });
});
