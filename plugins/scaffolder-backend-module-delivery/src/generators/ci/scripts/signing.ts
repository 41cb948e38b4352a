/** The pushed image by digest, from the step's `$IMAGE` and `$DIGEST`, quoted for the shell. */
export const IMAGE_BY_DIGEST_FROM_ENV = '"$IMAGE@$DIGEST"';

/** A command line of a program and the arguments below (already quoted where they need it). */
export function shellCommand(program: string, args: string[]): string {
  return [program, ...args].join(' ');
}

/** cosign's arguments, shared by both CI variants: the key comes from the environment. */
export function cosignSignArgs(imageByDigest: string): string[] {
  return [
    'sign',
    '--yes',
    '--recursive',
    '--key',
    'env://COSIGN_PRIVATE_KEY',
    imageByDigest,
  ];
}

export function cosignAttestSbomArgs(options: {
  sbomFile: string;
  imageByDigest: string;
}): string[] {
  return [
    'attest',
    '--yes',
    '--key',
    'env://COSIGN_PRIVATE_KEY',
    '--type',
    'spdxjson',
    '--predicate',
    options.sbomFile,
    options.imageByDigest,
  ];
}

/** syft's arguments: an SPDX JSON SBOM of the pushed image. */
export function syftArgs(options: {
  imageByDigest: string;
  sbomFile: string;
}): string[] {
  return [
    'scan',
    `registry:${options.imageByDigest}`,
    '--output',
    `spdx-json=${options.sbomFile}`,
  ];
}

/** The public half of the signing key, for `cosign verify` (the password comes from the environment). */
export function cosignPublicKeyArgs(publicKeyFile: string): string[] {
  return [
    'public-key',
    '--key',
    'env://COSIGN_PRIVATE_KEY',
    '--outfile',
    publicKeyFile,
  ];
}

/** Verifies the image's signature with the public key: what was signed is what was pushed. */
export function cosignVerifyArgs(options: {
  publicKeyFile: string;
  imageByDigest: string;
}): string[] {
  return [
    'verify',
    '--key',
    options.publicKeyFile,
    '--output',
    'json',
    options.imageByDigest,
  ];
}

/** The predicate type cosign gives an attestation made with `--type spdxjson`. */
export const SPDX_PREDICATE_TYPE = 'https://spdx.dev/Document';

/** Where the SBOM is: the attestation on the image by digest, and its predicate type. */
export const SBOM_RESULT_SCRIPT = `#!/bin/sh
set -eu
printf '%s' "$IMAGE_BY_DIGEST" >"$RESULT_SBOM_URI"
printf '%s' "$PREDICATE_TYPE" >"$RESULT_SBOM_PREDICATE_TYPE"
`;

/**
 * `true` or `false` in `$RESULT_SIGNATURE_VERIFIED` from the exit code `cosign verify` left in
 * `$VERIFY_EXIT_CODE_FILE`; a signature that does not verify fails the step after writing `false`.
 */
export const SIGNATURE_RESULT_SCRIPT = `#!/bin/sh
set -eu
code=$(cat "$VERIFY_EXIT_CODE_FILE" 2>/dev/null || echo missing)
if [ "$code" = 0 ]; then
  printf 'true' >"$RESULT_SIGNATURE_VERIFIED"
else
  printf 'false' >"$RESULT_SIGNATURE_VERIFIED"
  echo "cosign verify failed (exit code $code): the signature of the image does not verify" >&2
  exit 1
fi
`;
