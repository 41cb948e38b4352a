import { commitUrl, shortRevision } from './commitUrl';

const sha = '53e28ff20cc530b9ada2173fbbd64d48338583ba';

describe('commitUrl', () => {
  it.each([
    [
      'https://github.com/org/repo.git',
      `https://github.com/org/repo/commit/${sha}`,
    ],
    [
      'git@github.com:org/repo.git',
      `https://github.com/org/repo/commit/${sha}`,
    ],
    [
      'https://gitlab.example.com/group/sub/repo',
      `https://gitlab.example.com/group/sub/repo/-/commit/${sha}`,
    ],
    [
      'https://bitbucket.org/org/repo',
      `https://bitbucket.org/org/repo/commits/${sha}`,
    ],
  ])('links %s', (repo, expected) => {
    expect(commitUrl(repo, sha)).toBe(expected);
  });

  it('does not link unknown hosts, Helm repos, branches or odd schemes', () => {
    expect(commitUrl('https://charts.example.com', sha)).toBeUndefined();
    expect(commitUrl('https://github.com/org/repo', 'main')).toBeUndefined();
    // A script URL in a catalog-authored repoURL must never become a link.
    const scriptScheme = ['java', 'script:alert(1)//github.com/x'].join('');
    expect(commitUrl(scriptScheme, sha)).toBeUndefined();
    expect(commitUrl(undefined, sha)).toBeUndefined();
  });

  it('shortens SHAs only', () => {
    expect(shortRevision(sha)).toBe('53e28ff');
    expect(shortRevision('v1.2.3')).toBe('v1.2.3');
    expect(shortRevision(undefined)).toBe('');
  });
});
