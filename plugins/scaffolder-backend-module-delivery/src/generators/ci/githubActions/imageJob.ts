import { SERVICE_CONTRACT } from '../../contract';
import type { GoServiceSpec } from '../../types';
import {
  GIT_COMMIT_TIME_COMMAND,
  GIT_VERSION_COMMAND,
} from '../scripts/gitMetadata';
import {
  cosignAttestSbomArgs,
  cosignSignArgs,
  IMAGE_BY_DIGEST_FROM_ENV,
  shellCommand,
} from '../scripts/signing';
import { CI_TOOLS, GITHUB_ACTIONS, IMAGE_PLATFORMS } from '../tools';
import {
  expr,
  registryHost,
  secret,
  usesGithubRegistry,
  WORKFLOW_SECRETS,
} from './expressions';

const SBOM_FILE = 'sbom.spdx.json';
const IMAGE_BY_DIGEST = IMAGE_BY_DIGEST_FROM_ENV;

function registryLogin(spec: GoServiceSpec) {
  const github = usesGithubRegistry(spec.imageRepository);
  return {
    uses: GITHUB_ACTIONS.login,
    with: {
      registry: registryHost(spec.imageRepository),
      username: github
        ? expr('github.actor')
        : secret(WORKFLOW_SECRETS.registryUsername),
      password: github
        ? secret('GITHUB_TOKEN')
        : secret(WORKFLOW_SECRETS.registryPassword),
    },
  };
}

/**
 * The build stage, on pushes to main: multi-arch image tagged with the commit, signed by
 * digest with cosign, with a syft SBOM attested to it.
 */
export function imageJob(spec: GoServiceSpec) {
  const { dockerBuildArgs } = SERVICE_CONTRACT;
  const cosignEnv = {
    IMAGE: spec.imageRepository,
    COSIGN_PRIVATE_KEY: secret(WORKFLOW_SECRETS.cosignPrivateKey),
    COSIGN_PASSWORD: secret(WORKFLOW_SECRETS.cosignPassword),
    DIGEST: expr('steps.build.outputs.digest'),
  };
  return {
    name: 'Build, sign, SBOM',
    needs: 'verify',
    if: "github.event_name == 'push'",
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 45,
    permissions: {
      contents: 'read',
      ...(usesGithubRegistry(spec.imageRepository)
        ? { packages: 'write' }
        : {}),
    },
    outputs: { digest: expr('steps.build.outputs.digest') },
    steps: [
      // The whole history and the tags, so that git describe finds the version.
      { uses: GITHUB_ACTIONS.checkout, with: { 'fetch-depth': 0 } },
      {
        name: 'Describe the commit',
        id: 'describe',
        run: [
          `echo "version=$(${GIT_VERSION_COMMAND})" >> "$GITHUB_OUTPUT"`,
          `echo "build-time=$(${GIT_COMMIT_TIME_COMMAND})" >> "$GITHUB_OUTPUT"`,
        ].join('\n'),
      },
      { uses: GITHUB_ACTIONS.setupQemu },
      { uses: GITHUB_ACTIONS.setupBuildx },
      registryLogin(spec),
      {
        name: 'Build and push',
        id: 'build',
        uses: GITHUB_ACTIONS.buildPush,
        with: {
          context: '.',
          platforms: IMAGE_PLATFORMS.join(','),
          push: true,
          tags: `${spec.imageRepository}:${expr('github.sha')}`,
          'build-args': [
            `${dockerBuildArgs.version}=${expr(
              'steps.describe.outputs.version',
            )}`,
            `${dockerBuildArgs.commit}=${expr('github.sha')}`,
            `${dockerBuildArgs.buildTime}=${expr(
              'steps.describe.outputs.build-time',
            )}`,
          ].join('\n'),
        },
      },
      {
        uses: GITHUB_ACTIONS.cosignInstaller,
        with: { 'cosign-release': CI_TOOLS.cosign },
      },
      {
        name: 'Sign the image',
        env: cosignEnv,
        run: shellCommand('cosign', cosignSignArgs(IMAGE_BY_DIGEST)),
      },
      {
        name: 'Generate the SBOM',
        uses: GITHUB_ACTIONS.sbom,
        with: {
          image: `${spec.imageRepository}@${expr(
            'steps.build.outputs.digest',
          )}`,
          format: 'spdx-json',
          'output-file': SBOM_FILE,
          'syft-version': CI_TOOLS.syft,
        },
      },
      {
        name: 'Attest the SBOM',
        env: cosignEnv,
        run: shellCommand(
          'cosign',
          cosignAttestSbomArgs({
            sbomFile: SBOM_FILE,
            imageByDigest: IMAGE_BY_DIGEST,
          }),
        ),
      },
    ],
  };
}
