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
