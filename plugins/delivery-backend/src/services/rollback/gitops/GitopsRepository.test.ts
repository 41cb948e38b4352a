import { isRepositoryPath } from './GitopsRepository';

describe('isRepositoryPath', () => {
  it.each([
    'kustomization.yaml',
    'overlays/prod/kustomization.yaml',
    'apps/.github-like/x.yaml',
  ])('takes %j', path => {
    expect(isRepositoryPath(path)).toBe(true);
  });

  it.each([
    '',
    '/etc/passwd',
    '../etc/passwd',
    'overlays/../../etc/passwd',
    'overlays/./prod/kustomization.yaml',
    'overlays//prod',
    'overlays/prod/',
    '.git/config',
    'overlays/.GIT/hooks/pre-commit',
    '--output=x',
    'overlays\\..\\..\\etc\\passwd',
    'overlays/a\u0000b.yaml',
    'overlays/a\nb.yaml',
    'overlays/a\u001bb.yaml',
    'x'.repeat(1025),
  ])('refuses %j', path => {
    expect(isRepositoryPath(path)).toBe(false);
  });
});
