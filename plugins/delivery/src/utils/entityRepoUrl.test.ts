import { entityRepoUrl } from './entityRepoUrl';

const withLocation = (location?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'x',
    annotations: location
      ? { 'backstage.io/source-location': location }
      : undefined,
  },
});

describe('entityRepoUrl', () => {
  it('reads the repository from the source location', () => {
    expect(
      entityRepoUrl(
        withLocation(
          'url:https://github.com/example-org/payments-api/tree/main/',
        ),
      ),
    ).toBe('https://github.com/example-org/payments-api');
    expect(
      entityRepoUrl(
        withLocation('url:https://gitlab.example.com/g/svc/-/tree/main/sub'),
      ),
    ).toBe('https://gitlab.example.com/g/svc');
    expect(
      entityRepoUrl(withLocation('url:https://github.com/example-org/svc')),
    ).toBe('https://github.com/example-org/svc');
  });

  it('gives nothing for other locations', () => {
    expect(entityRepoUrl(withLocation())).toBeUndefined();
    expect(entityRepoUrl(withLocation('dir:/src/svc'))).toBeUndefined();
    expect(
      entityRepoUrl(withLocation('url:javascript:alert(1)')),
    ).toBeUndefined();
    expect(entityRepoUrl(withLocation('url:not a url'))).toBeUndefined();
  });
});
