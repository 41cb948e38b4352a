import { CI_IMAGES } from '../../tools';

/**
 * The pipeline's supply-chain results: written by the scan, SBOM and signing tasks and mapped to
 * pipeline results, where the delivery plugin (and the community Tekton plugin, for
 * `SCAN_OUTPUT`) reads them.
 */
export const SUPPLY_CHAIN_RESULTS = {
  scanOutput: 'SCAN_OUTPUT',
  sbomUri: 'SBOM_URI',
  sbomPredicateType: 'SBOM_PREDICATE_TYPE',
  signatureVerified: 'SIGNATURE_VERIFIED',
} as const;

/**
 * cosign's and syft's images are distroless: a step that writes a result from a script runs in
 * the small Alpine image the pipeline already pulls for the GitOps bump.
 */
export const RESULT_WRITER_IMAGE = CI_IMAGES.kustomize;
