import { InputError } from '@backstage/errors';
import { testSettings } from '../__testUtils__/settings';
import { SERVICE_NAME_MAX_LENGTH } from './nameLimits';
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
      manifests: 'kustomize',
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

  it('refuses a name longer than the longest every choice of options can derive names from', () => {
    const name = 'a'.repeat(SERVICE_NAME_MAX_LENGTH + 1);
    expect(() =>
      resolveGoServiceSpec(
        { name, owner: 'team', ci: 'github-actions', canary: false },
        settings,
      ),
    ).toThrow(
      `name "${name}" has 49 characters, at most 48 are allowed: the names derived from it (e.g. "${name}-github-webhook") must stay within 63`,
    );
    expect(
      resolveGoServiceSpec({ name: name.slice(1), owner: 'team' }, settings)
        .name,
    ).toHaveLength(SERVICE_NAME_MAX_LENGTH);
  });

  it('takes the manifests, the CI and the production clusters of an ApplicationSet', () => {
    const spec = resolveGoServiceSpec(
      {
        name: 'ledger',
        owner: 'team',
        ci: 'gitlab-ci',
        manifests: 'helm',
        argocdLayout: 'applicationset',
        prodClusters: [
          { name: 'eu-west-1', server: 'https://eu.example.com:6443' },
          { name: 'us-east-1', server: 'https://us.example.com/k8s' },
        ],
      },
      settings,
    );
    expect(spec).toMatchObject({
      ci: 'gitlab-ci',
      manifests: 'helm',
      argocd: {
        prodClusters: [
          { name: 'eu-west-1', server: 'https://eu.example.com:6443' },
          { name: 'us-east-1', server: 'https://us.example.com/k8s' },
        ],
      },
    });
    // One Application per environment: clusters the form kept from another choice do not count.
    const applications = resolveGoServiceSpec(
      {
        name: 'ledger',
        owner: 'team',
        argocdLayout: 'applications',
        prodClusters: [{ name: 'eu', server: 'https://eu.example.com' }],
      },
      settings,
    );
    expect(applications.argocd).not.toHaveProperty('prodClusters');
  });

  it('refuses production clusters that are too few, badly named, repeated or not https', () => {
    const resolve =
      (
        prodClusters: Array<{ name: string; server: string }>,
        environments = ['dev', 'prod'],
      ) =>
      () =>
        resolveGoServiceSpec(
          {
            name: 'ledger',
            owner: 'team',
            environments,
            argocdLayout: 'applicationset',
            prodClusters,
          },
          settings,
        );
    expect(resolve([{ name: 'eu', server: 'https://eu.example.com' }])).toThrow(
      'The Go service cannot be created: argocdLayout "applicationset" needs at least 2 prodClusters',
    );
    expect(
      resolve([
        { name: 'EU_1', server: 'http://eu.example.com' },
        { name: 'us', server: 'https://us.example.com' },
        { name: 'us', server: 'not a url' },
        { name: 'eu-west-10', server: 'https://eu.example.com' },
      ]),
    ).toThrow(
      [
        `prodClusters[0].name "EU_1" must be lowercase letters, digits and '-', starting and ending with a letter or digit`,
        'prodClusters[0].server "http://eu.example.com" must be an https URL',
        'prodClusters[2].server "not a url" must be an https URL',
        'prodClusters[3].name "eu-west-10" has 10 characters, at most 9 are allowed (<name>-prod-<cluster> names an Application)',
        'prodClusters names must be unique: us repeated',
      ].join('; '),
    );
    expect(
      resolve(
        [
          { name: 'eu', server: 'https://eu.example.com' },
          { name: 'us', server: 'https://us.example.com' },
        ],
        ['dev', 'staging'],
      ),
    ).toThrow('argocdLayout "applicationset" needs the prod environment');
    expect(() =>
      resolveGoServiceSpec(
        {
          name: 'ledger',
          owner: 'team',
          manifests: 'jsonnet',
          argocdLayout: 'x',
        },
        settings,
      ),
    ).toThrow(
      'manifests "jsonnet" must be one of kustomize, helm; argocdLayout "x" must be one of applications, applicationset',
    );
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
