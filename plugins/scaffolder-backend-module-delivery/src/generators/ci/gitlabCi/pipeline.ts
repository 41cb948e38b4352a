import { SERVICE_CONTRACT } from '../../contract';
import { GITOPS_BRANCH } from '../../gitops/argoCdApplication';
import {
  autoDeployedEnvironments,
  gitopsRoot,
} from '../../gitops/environments';
import { toYaml } from '../../gitops/manifest';
import type { GeneratedFile, GoServiceSpec } from '../../types';
import { WORKFLOW_SECRETS } from '../githubActions/expressions';
import { componentRef } from '../names';
import { BUILD_IMAGE_SCRIPT } from '../scripts/buildImage';
import {
  COVERAGE_GATE_SCRIPT,
  COVERAGE_UPLOAD_SCRIPT,
} from '../scripts/coverage';
import {
  GIT_COMMIT_TIME_COMMAND,
  GIT_VERSION_COMMAND,
} from '../scripts/gitMetadata';
import { GITOPS_AUTH_SCRIPT } from '../scripts/gitopsAuth';
import { GITOPS_BUMP_SCRIPT } from '../scripts/gitopsBump';
import {
  GO_LINT_SCRIPT,
  GO_MODULE_CHECKS_SCRIPT,
  GO_TEST_SCRIPT,
  GO_VULNCHECK_SCRIPT,
} from '../scripts/goChecks';
import {
  dockerConfigRegistry,
  registryHost,
  REGISTRY_AUTH_SCRIPT,
} from '../scripts/registryAuth';
import {
  cosignAttestSbomArgs,
  cosignPublicKeyArgs,
  cosignSignArgs,
  cosignVerifyArgs,
  IMAGE_BY_DIGEST_FROM_ENV,
  shellCommand,
  syftArgs,
} from '../scripts/signing';
import { CI_GO_PACKAGES, CI_IMAGES, IMAGE_PLATFORMS } from '../tools';

export const GITLAB_CI_PATH = '.gitlab-ci.yml';

/** CI/CD variables the pipeline reads: the names the GitHub Actions secrets have. */
export const GITLAB_CI_VARIABLES = WORKFLOW_SECRETS;

/** The stages, in order; `needs` lets a job start as soon as the jobs it needs are done. */
export const GITLAB_STAGES = ['verify', 'build', 'sign', 'deploy'] as const;

/** Pipelines run for merge requests and for the default branch; only the latter ship. */
const ON_DEFAULT_BRANCH = [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }];

/** Files passed from job to job as dotenv reports (their variables reach the jobs that need them). */
const DOTENV = { build: 'build.env', image: 'image.env' } as const;

const SBOM_FILE = 'sbom.spdx.json';
const PUBLIC_KEY_FILE = 'cosign.pub';
/** Outside the checkout, so no credentials ever reach an artifact, a cache or the build context. */
const DOCKER_CONFIG = '/tmp/docker-config';

/** A shared script as a job's script entry: its commands, without the `#!` line. */
function commands(script: string): string {
  return script.replace(/^#!.*\n/, '').replace(/\n$/, '');
}

/**
 * GitLab's cache of Go's module and build caches, by `go.sum` and by what fills it (jobs that
 * build the same things share one). GitLab caches only paths in the checkout, so they live under
 * `.cache/`, which `./...` skips (a dot folder).
 */
function goCache(name: string, policy: 'pull' | 'pull-push') {
  const dir = '$CI_PROJECT_DIR/.cache';
  return {
    variables: {
      GOMODCACHE: `${dir}/go-mod`,
      GOCACHE: `${dir}/go-build`,
      GOLANGCI_LINT_CACHE: `${dir}/golangci-lint`,
    },
    cache: {
      key: { files: ['go.sum'], prefix: `go-${name}` },
      paths: ['.cache/'],
      policy,
    },
  };
}

/** GitLab's own registry takes the job's credentials; any other needs CI/CD variables. */
export function usesGitlabRegistry(imageRepository: string): boolean {
  return registryHost(imageRepository) === 'registry.gitlab.com';
}

/** Registry credentials for BuildKit, cosign and syft, in a Docker config outside the checkout. */
function registryAccess(spec: GoServiceSpec) {
  return {
    variables: {
      DOCKER_CONFIG,
      REGISTRY: dockerConfigRegistry(spec.imageRepository),
      ...(usesGitlabRegistry(spec.imageRepository)
        ? {
            [GITLAB_CI_VARIABLES.registryUsername]: '$CI_REGISTRY_USER',
            [GITLAB_CI_VARIABLES.registryPassword]: '$CI_REGISTRY_PASSWORD',
          }
        : {}),
    },
    before_script: [commands(REGISTRY_AUTH_SCRIPT)],
  };
}

function verifyJobs(spec: GoServiceSpec) {
  const image = CI_IMAGES.go(spec.goVersion);
  const { coverageProfile } = SERVICE_CONTRACT;
  // The gate reads the packages the tests built (go tool cover -func lists them).
  const gateCache = goCache('test', 'pull');
  return {
    // No cache here: gofmt -l . would read it.
    'go-modules': {
      stage: 'verify',
      image,
      needs: [],
      script: [commands(GO_MODULE_CHECKS_SCRIPT)],
    },
    lint: {
      stage: 'verify',
      image: CI_IMAGES.golangciLint,
      needs: [],
      ...goCache('lint', 'pull-push'),
      script: [commands(GO_LINT_SCRIPT)],
    },
    test: {
      stage: 'verify',
      image,
      needs: [],
      ...goCache('test', 'pull-push'),
      script: [commands(GO_TEST_SCRIPT)],
      artifacts: { paths: [coverageProfile], expire_in: '30 days' },
    },
    // Before the gate's verdict matters, so the portal also records a run below the threshold;
    // the portal being down, or a merge request without the token, must not fail the pipeline.
    'coverage-upload': {
      stage: 'verify',
      image,
      needs: [{ job: 'test', artifacts: true }],
      allow_failure: true,
      variables: {
        PORTAL_URL: spec.backstageBaseUrl,
        ENTITY_REF: componentRef(spec.name),
      },
      script: [
        // The merge request's source branch and head, else the pushed branch and commit.
        'export BRANCH="${CI_MERGE_REQUEST_SOURCE_BRANCH_NAME:-$CI_COMMIT_REF_NAME}"',
        'export COMMIT_SHA="${CI_MERGE_REQUEST_SOURCE_BRANCH_SHA:-$CI_COMMIT_SHA}"',
        commands(COVERAGE_UPLOAD_SCRIPT),
      ],
    },
    'coverage-gate': {
      stage: 'verify',
      image,
      needs: [{ job: 'test', artifacts: true }],
      ...gateCache,
      variables: {
        ...gateCache.variables,
        COVERAGE_THRESHOLD: String(spec.coverageThreshold),
      },
      // GitLab reads the total from the gate's log for the merge request and the job list.
      coverage:
        '/^coverage (\\d+(?:\\.\\d+)?)% (?:meets|is below) the threshold/',
      script: [commands(COVERAGE_GATE_SCRIPT)],
    },
    vulncheck: {
      stage: 'verify',
      image,
      needs: [],
      ...goCache('vulncheck', 'pull-push'),
      script: [commands(GO_VULNCHECK_SCRIPT)],
    },
    // The version and build time stamped into the binary, for the image job (which has no git).
    describe: {
      stage: 'verify',
      image,
      needs: [],
      rules: ON_DEFAULT_BRANCH,
      // The whole history and the tags, so that git describe finds the version.
      variables: { GIT_DEPTH: '0' },
      script: [
        `printf 'VERSION=%s\\nBUILD_TIME=%s\\n' "$(${GIT_VERSION_COMMAND})" "$(${GIT_COMMIT_TIME_COMMAND})" >${DOTENV.build}`,
      ],
      artifacts: { reports: { dotenv: DOTENV.build } },
    },
  };
}

/** Every gate of the verify stage: an image is built only when all of them pass. */
const GATES = ['go-modules', 'lint', 'coverage-gate', 'vulncheck'].map(job => ({
  job,
  artifacts: false,
}));

function imageJob(spec: GoServiceSpec) {
  const access = registryAccess(spec);
  return {
    stage: 'build',
    // Rootless BuildKit; the entrypoint is cleared so that GitLab runs the script in its shell.
    image: { name: CI_IMAGES.buildkit, entrypoint: [''] },
    needs: [{ job: 'describe', artifacts: true }, ...GATES],
    rules: ON_DEFAULT_BRANCH,
    variables: {
      ...access.variables,
      BUILDKITD_FLAGS: '--oci-worker-no-process-sandbox',
      IMAGE: spec.imageRepository,
      TAG: '$CI_COMMIT_SHA',
      COMMIT_SHA: '$CI_COMMIT_SHA',
      PLATFORMS: IMAGE_PLATFORMS.join(','),
      RESULT_IMAGE_DIGEST: 'image-digest',
      RESULT_IMAGE_URL: 'image-url',
    },
    before_script: access.before_script,
    script: [
      commands(BUILD_IMAGE_SCRIPT),
      `printf 'DIGEST=%s\\n' "$(cat "$RESULT_IMAGE_DIGEST")" >${DOTENV.image}`,
    ],
    artifacts: { reports: { dotenv: DOTENV.image } },
  };
}

/** Signs the image by digest, verifies the signature, and attests an SPDX SBOM to it. */
function signJob(spec: GoServiceSpec) {
  const access = registryAccess(spec);
  const imageByDigest = IMAGE_BY_DIGEST_FROM_ENV;
  // The tools need a newer Go than the service may use: GOTOOLCHAIN=auto fetches it.
  const install = (pkg: string) =>
    `GOTOOLCHAIN=auto GOBIN=/usr/local/bin go install ${pkg}`;
  return {
    stage: 'sign',
    image: CI_IMAGES.go(spec.goVersion),
    needs: [{ job: 'build-image', artifacts: true }],
    rules: ON_DEFAULT_BRANCH,
    variables: { ...access.variables, IMAGE: spec.imageRepository },
    before_script: [
      ...access.before_script,
      install(CI_GO_PACKAGES.cosign),
      install(CI_GO_PACKAGES.syft),
    ],
    script: [
      shellCommand('cosign', cosignSignArgs(imageByDigest)),
      shellCommand('cosign', cosignPublicKeyArgs(PUBLIC_KEY_FILE)),
      shellCommand(
        'cosign',
        cosignVerifyArgs({ publicKeyFile: PUBLIC_KEY_FILE, imageByDigest }),
      ),
      shellCommand('syft', syftArgs({ imageByDigest, sbomFile: SBOM_FILE })),
      shellCommand(
        'cosign',
        cosignAttestSbomArgs({ sbomFile: SBOM_FILE, imageByDigest }),
      ),
    ],
    artifacts: { paths: [SBOM_FILE, PUBLIC_KEY_FILE], expire_in: '30 days' },
  };
}

/** The signed image into the automatically synced overlays, one bump at a time. */
function deployJob(spec: GoServiceSpec) {
  const overlays = autoDeployedEnvironments(spec);
  return {
    stage: 'deploy',
    // Alpine with git and kustomize; the entrypoint is cleared for GitLab's shell.
    image: { name: CI_IMAGES.kustomize, entrypoint: [''] },
    needs: [
      { job: 'build-image', artifacts: true },
      { job: 'sign', artifacts: false },
    ],
    rules: ON_DEFAULT_BRANCH,
    // A queued bump still runs after the one before it, never beside it, and is never cancelled.
    resource_group: `gitops-${spec.name}`,
    interruptible: false,
    variables: {
      GITOPS_REPO_URL: spec.gitopsRepoUrl,
      GITOPS_BRANCH,
      GITOPS_PATH: gitopsRoot(spec),
      OVERLAYS: overlays.join(' '),
      IMAGE: spec.imageRepository,
      TAG: '$CI_COMMIT_SHA',
      SERVICE_NAME: spec.name,
    },
    before_script: [GITOPS_AUTH_SCRIPT],
    script: [commands(GITOPS_BUMP_SCRIPT)],
  };
}

/** The GitLab CI variant: the stages of the Tekton pipeline and the GitHub Actions workflow. */
export function gitlabCiPipeline(spec: GoServiceSpec) {
  const deploys = autoDeployedEnvironments(spec).length > 0;
  return {
    workflow: {
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
      ],
      // A new commit cancels the interruptible jobs of the branch's older pipeline.
      auto_cancel: { on_new_commit: 'interruptible' },
    },
    stages: [...GITLAB_STAGES],
    default: { interruptible: true },
    ...verifyJobs(spec),
    // Not `image`: that top-level key is GitLab's (deprecated) global image.
    'build-image': imageJob(spec),
    sign: signJob(spec),
    ...(deploys ? { deploy: deployJob(spec) } : {}),
  };
}

function variablesComment(spec: GoServiceSpec): string {
  const v = GITLAB_CI_VARIABLES;
  const lines = [
    `${v.portalToken} (masked): portal token allowed to upload coverage; leave it unprotected if merge requests should upload too`,
    `${v.cosignPrivateKey}, ${v.cosignPassword} (protected): cosign key pair, e.g. cosign generate-key-pair gitlab://<project>`,
    ...(usesGitlabRegistry(spec.imageRepository)
      ? []
      : [
          `${v.registryUsername}, ${v.registryPassword} (protected, masked): push access to ${spec.imageRepository}`,
        ]),
    ...(autoDeployedEnvironments(spec).length > 0
      ? [
          `${v.gitopsToken} (protected, masked): access token that can push to ${spec.gitopsRepoUrl}`,
        ]
      : []),
  ];
  return [
    `# CI of ${spec.name}: lint, test with coverage, scan, build, sign and deploy.`,
    '# CI/CD variables it reads (Settings > CI/CD > Variables):',
    ...lines.map(line => `#   ${line}`),
    '# The image job runs rootless BuildKit: its runner must let containers create user',
    '# namespaces (seccomp and AppArmor unconfined), as for any rootless BuildKit.',
    '',
  ].join('\n');
}

export function gitlabCiFiles(spec: GoServiceSpec): GeneratedFile[] {
  return [
    {
      path: GITLAB_CI_PATH,
      content: variablesComment(spec) + toYaml(gitlabCiPipeline(spec)),
    },
  ];
}
