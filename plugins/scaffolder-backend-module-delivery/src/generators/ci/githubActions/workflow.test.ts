import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { SERVICE_CONTRACT } from '../../contract';
import { autoDeployedEnvironments, gitopsRoot } from '../../gitops';
import { scriptInputs } from '../../gitops/__testUtils__/scripts';
import { SPEC_VARIANTS } from '../../gitops/__testUtils__/specs';
import {
  runTool,
  toolPath,
  writeToTempDir,
} from '../../gitops/__testUtils__/tools';
import { generateCi } from '..';
import { GITOPS_BUMP_SCRIPT } from '../scripts/gitopsBump';
import { CI_TOOLS } from '../tools';

// Parsed YAML: any shape, asserted field by field.
type Yaml = any;

/** Variables GitHub sets in every step. */
const RUNNER_ENV = ['GITHUB_OUTPUT', 'GITHUB_PATH', 'RUNNER_TEMP'];

const githubVariants = SPEC_VARIANTS.filter(
  ([, s]) => s.ci === 'github-actions',
);

describe.each(githubVariants)('the GitHub Actions CI (%s)', (_label, spec) => {
  const files = generateCi(spec);
  const [file] = files;
  const document = parseDocument(file.content);
  const workflow: Yaml = document.toJS();
  const { verify, image, deploy } = workflow.jobs;
  const step = (job: Yaml, name: string) =>
    job.steps.find((s: Yaml) => s.name === name || s.uses?.startsWith(name));
  const deploys = autoDeployedEnvironments(spec).length > 0;

  it('is one workflow file that parses', () => {
    expect(files.map(f => f.path)).toEqual(['.github/workflows/ci.yaml']);
    expect(document.errors).toEqual([]);
    expect(Object.keys(workflow.jobs)).toEqual(
      deploys ? ['verify', 'image', 'deploy'] : ['verify', 'image'],
    );
  });

  it('passes actionlint (with shellcheck on every run script)', () => {
    const dir = writeToTempDir(files, 'workflow-');
    try {
      const shellcheckDir = dirname(toolPath('shellcheck'));
      const result = runTool('actionlint', [join(dir, file.path)], {
        env: { ...process.env, PATH: `${shellcheckDir}:${process.env.PATH}` },
      });
      expect(result).toEqual({ status: 0, output: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs with least privilege', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(verify.permissions).toBeUndefined();
    expect(image.permissions).toEqual(
      spec.imageRepository.startsWith('ghcr.io/')
        ? { contents: 'read', packages: 'write' }
        : { contents: 'read' },
    );
    expect(deploy?.permissions).toBeUndefined();
  });

  it('lints, tests with the race detector, uploads and gates coverage, scans', () => {
    expect(step(verify, 'actions/setup-go').with).toEqual({
      'go-version-file': 'go.mod',
    });
    expect(step(verify, 'golangci/golangci-lint-action').with.version).toBe(
      CI_TOOLS.golangciLint,
    );
    expect(step(verify, 'Modules and formatting').run).toContain(
      'go mod tidy -diff',
    );
    expect(step(verify, 'Test (race detector, coverage)').run).toContain(
      `go test -race -covermode=atomic -coverprofile=${SERVICE_CONTRACT.coverageProfile} ./...`,
    );
    const upload = step(verify, 'Upload coverage to the portal');
    expect(upload['continue-on-error']).toBe(true);
    expect(upload.env).toMatchObject({
      PORTAL_URL: spec.backstageBaseUrl,
      PORTAL_TOKEN: '${{ secrets.PORTAL_TOKEN }}',
      ENTITY_REF: `component:default/${spec.name}`,
    });
    const gate = step(verify, `Coverage gate (${spec.coverageThreshold} %)`);
    expect(gate.env).toEqual({
      COVERAGE_THRESHOLD: String(spec.coverageThreshold),
    });
    expect(step(verify, 'govulncheck').run).toContain(
      `govulncheck@${CI_TOOLS.govulncheck}`,
    );
    const names = verify.steps.map((s: Yaml) => s.name ?? s.uses);
    expect(names.indexOf(upload.name)).toBeLessThan(names.indexOf(gate.name));
  });

  it('builds for two platforms on pushes, signs by digest, attests an SBOM', () => {
    expect(image.needs).toBe('verify');
    expect(image.if).toBe("github.event_name == 'push'");
    const build = step(image, 'Build and push');
    expect(build.uses).toMatch(/^docker\/build-push-action@v\d+$/);
    expect(build.with.platforms).toBe('linux/amd64,linux/arm64');
    expect(build.with.tags).toBe(`${spec.imageRepository}:\${{ github.sha }}`);
    for (const arg of Object.values(SERVICE_CONTRACT.dockerBuildArgs)) {
      expect(build.with['build-args']).toMatch(new RegExp(`^${arg}=`, 'm'));
    }
    expect(step(image, 'docker/setup-buildx-action')).toBeDefined();
    const sign = step(image, 'Sign the image');
    expect(sign.run).toBe(
      'cosign sign --yes --recursive --key env://COSIGN_PRIVATE_KEY "$IMAGE@$DIGEST"',
    );
    expect(sign.env).toMatchObject({
      IMAGE: spec.imageRepository,
      DIGEST: '${{ steps.build.outputs.digest }}',
    });
    expect(step(image, 'Generate the SBOM').with.image).toBe(
      `${spec.imageRepository}@\${{ steps.build.outputs.digest }}`,
    );
    expect(step(image, 'Attest the SBOM').run).toContain(
      '--type spdxjson --predicate sbom.spdx.json',
    );
  });

  it('gives every run script the variables it reads', () => {
    for (const job of Object.values<Yaml>(workflow.jobs)) {
      for (const s of job.steps.filter((x: Yaml) => x.run)) {
        const provided = [...Object.keys(s.env ?? {}), ...RUNNER_ENV];
        for (const variable of scriptInputs(s.run)) {
          expect([s.name, provided]).toEqual([
            s.name,
            expect.arrayContaining([variable]),
          ]);
        }
      }
    }
  });

  if (deploys) {
    it('deploys main-branch images to the auto-synced overlays, one at a time', () => {
      expect(deploy.needs).toBe('image');
      expect(deploy.if).toBe(
        "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      );
      expect(deploy.concurrency['cancel-in-progress']).toBe(false);
      const bump = step(deploy, 'Set the image in the overlays');
      expect(bump.run).toBe(GITOPS_BUMP_SCRIPT);
      expect(bump.env).toMatchObject({
        GITOPS_REPO_URL: spec.gitopsRepoUrl,
        GITOPS_PATH: gitopsRoot(spec),
        OVERLAYS: autoDeployedEnvironments(spec).join(' '),
        IMAGE: spec.imageRepository,
        DIGEST: '${{ needs.image.outputs.digest }}',
      });
      expect(bump.env.OVERLAYS).not.toContain('prod');
      expect(step(deploy, 'Install kustomize').run).toContain(
        `kustomize/v5@${CI_TOOLS.kustomize}`,
      );
    });
  }

  it('documents the secrets it reads', () => {
    const secrets = [...file.content.matchAll(/secrets\.([A-Z_]+)/g)]
      .map(m => m[1])
      .filter(name => name !== 'GITHUB_TOKEN');
    const header = file.content.slice(0, file.content.indexOf('\nname:'));
    for (const name of new Set(secrets)) {
      expect(header).toContain(name);
    }
  });
});
