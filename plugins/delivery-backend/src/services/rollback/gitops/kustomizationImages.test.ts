import {
  imageReference,
  pinImage,
  readKustomizeImages,
  serviceImage,
} from './kustomizationImages';
import { unifiedDiff } from './unifiedDiff';
import { overlayKustomization } from '@go-delivery/sandbox';

const IMAGE = 'ghcr.io/example-org/payments-api';
const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

describe('kustomization images', () => {
  const current = overlayKustomization({
    image: IMAGE,
    namespace: 'payments',
    deploy: { tag: '1.7.2', digest: DIGEST_B },
  });

  it('reads the images entries with tag and digest as strings', () => {
    expect(readKustomizeImages(current)).toEqual([
      { name: IMAGE, newTag: '1.7.2', digest: DIGEST_B },
    ]);
    expect(imageReference(readKustomizeImages(current)[0])).toBe(
      `${IMAGE}:1.7.2@${DIGEST_B}`,
    );
    // kustomize's own style: no sequence indentation, unquoted tag.
    expect(
      readKustomizeImages(
        'images:\n- name: x/y\n  newName: r/x/y\n  newTag: v2\n',
      ),
    ).toEqual([{ name: 'x/y', newName: 'r/x/y', newTag: 'v2' }]);
  });

  it('changes only the tag and digest lines, keeping comments, order and quoting safe', () => {
    const pinned = pinImage(current, {
      name: IMAGE,
      newTag: '1.7',
      digest: DIGEST_A,
    });
    expect(
      unifiedDiff('overlays/prod/kustomization.yaml', current, pinned),
    ).toBe(
      [
        '--- a/overlays/prod/kustomization.yaml',
        '+++ b/overlays/prod/kustomization.yaml',
        '@@ -9,8 +9,8 @@',
        '       environment: prod',
        ' images:',
        `   - name: ${IMAGE}`,
        '-    newTag: "1.7.2"',
        `-    digest: ${DIGEST_B}`,
        '+    newTag: "1.7"',
        `+    digest: ${DIGEST_A}`,
        ' patches:',
        '   - target:',
        '       group: argoproj.io',
        '',
      ].join('\n'),
    );
    // "1.7" stays a string, not the number 1.7.
    expect(readKustomizeImages(pinned)[0].newTag).toBe('1.7');
  });

  it('removes a digest the earlier deploy did not have and adds one it had', () => {
    const withoutDigest = pinImage(current, { name: IMAGE, newTag: '1.6.0' });
    expect(readKustomizeImages(withoutDigest)).toEqual([
      { name: IMAGE, newTag: '1.6.0' },
    ]);
    expect(withoutDigest).not.toMatch(/^\s*digest:/m);
    expect(withoutDigest).toContain('    newTag: "1.6.0"\n');
    const back = pinImage(withoutDigest, {
      name: IMAGE,
      newTag: '1.7.2',
      digest: DIGEST_B,
    });
    expect(back).toBe(current);
    const kustomizeStyle = 'images:\n- name: x/y\n  newTag: v1\n';
    expect(
      pinImage(kustomizeStyle, { name: 'x/y', newTag: 'v0', digest: DIGEST_A }),
    ).toBe(`images:\n- name: x/y\n  newTag: v0\n  digest: ${DIGEST_A}\n`);
  });

  it('refuses values that would be something else in YAML', () => {
    expect(() =>
      pinImage(current, { name: IMAGE, newTag: '1.0\n  evil: true' }),
    ).toThrow('is not a valid tag');
    expect(() =>
      pinImage(current, { name: IMAGE, digest: 'sha256:xyz' }),
    ).toThrow('is not a valid digest');
    expect(() =>
      pinImage(current, { name: 'other/image', newTag: '1' }),
    ).toThrow("the kustomization has no images entry for 'other/image'");
    expect(() => readKustomizeImages('images: [oops')).toThrow(
      'not valid YAML',
    );
  });

  it('picks the service image among several', () => {
    const images = [
      { name: 'ghcr.io/org/payments-api', newTag: '1' },
      { name: 'ghcr.io/org/envoy', newTag: '2' },
    ];
    expect(serviceImage(images, 'payments-api')?.newTag).toBe('1');
    expect(serviceImage(images, 'orders-api')).toBeUndefined();
    expect(serviceImage([images[1]], 'payments-api')?.newTag).toBe('2');
  });
});
