import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overwriteTreeFile } from './overwriteTreeFile';

describe('overwriteTreeFile', () => {
  let tmp: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'delivery-tree-'));
    root = join(tmp, 'work');
    outside = join(tmp, 'outside');
    mkdirSync(join(root, 'overlays', 'prod'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(
      join(root, 'overlays', 'prod', 'kustomization.yaml'),
      'old\n',
    );
    writeFileSync(join(outside, 'kustomization.yaml'), 'outside\n');
    symlinkSync(outside, join(root, 'overlays', 'linked'));
    symlinkSync(
      join(outside, 'kustomization.yaml'),
      join(root, 'overlays', 'prod', 'link.yaml'),
    );
  });

  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  const write = (path: string) =>
    overwriteTreeFile({ root, path, content: 'new\n' });

  it('overwrites a regular file of the tree', async () => {
    await write('overlays/prod/kustomization.yaml');
    expect(
      readFileSync(join(root, 'overlays/prod/kustomization.yaml'), 'utf8'),
    ).toBe('new\n');
  });

  it.each([
    ['overlays/prod/link.yaml', 'is a symbolic link or lies under one'],
    [
      'overlays/linked/kustomization.yaml',
      'is a symbolic link or lies under one',
    ],
    ['overlays/prod', 'is not a regular file'],
  ])('refuses %s, which %s', async (path, why) => {
    await expect(write(path)).rejects.toMatchObject({
      reason: 'refused',
      message: `'${path}' ${why}; it is not changed`,
    });
    expect(readFileSync(join(outside, 'kustomization.yaml'), 'utf8')).toBe(
      'outside\n',
    );
  });

  it('takes a root reached through a link (a temporary folder often is)', async () => {
    const viaLink = join(tmp, 'work-link');
    symlinkSync(root, viaLink);
    await overwriteTreeFile({
      root: viaLink,
      path: 'overlays/prod/kustomization.yaml',
      content: 'via link\n',
    });
    expect(
      readFileSync(join(root, 'overlays/prod/kustomization.yaml'), 'utf8'),
    ).toBe('via link\n');
  });
});
