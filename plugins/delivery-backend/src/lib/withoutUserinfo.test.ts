import { withoutUserinfo } from './withoutUserinfo';

describe('withoutUserinfo', () => {
  it.each([
    ['https://user:token@github.com/org/repo', 'https://github.com/org/repo'],
    [
      'https://token@github.com/org/repo.git',
      'https://github.com/org/repo.git',
    ],
    // An unencoded `@` in the password: the host starts after the last one.
    [
      'https://u:p@ss@gitlab.example.com:8443/g/p',
      'https://gitlab.example.com:8443/g/p',
    ],
    ['HTTP://u:p@host/x?y=a@b#c@d', 'HTTP://host/x?y=a@b#c@d'],
    ['ssh://git@github.com/org/repo', 'ssh://github.com/org/repo'],
    ['https://github.com/org/repo', 'https://github.com/org/repo'],
    [
      'https://github.com/org/repo?ref=a@b',
      'https://github.com/org/repo?ref=a@b',
    ],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['file:///srv/git/gitops', 'file:///srv/git/gitops'],
    ['', ''],
  ])('%s → %s', (url, shown) => {
    expect(withoutUserinfo(url)).toBe(shown);
  });
});
