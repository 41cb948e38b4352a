import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';

/** `.gitignore` and an optional pre-commit configuration that calls the Makefile's checks. */
export function repositoryFiles(): GeneratedFile[] {
  const { makeTargets: t, coverageProfile } = SERVICE_CONTRACT;
  const gitignore = `# Build and test output
/bin/
${coverageProfile}
*.test
*.prof

# Editors
.idea/
.vscode/
*.swp
.DS_Store
`;

  const preCommit = `# Optional: \`pre-commit install --hook-type pre-commit --hook-type pre-push\`.
# The hooks run the same make targets as CI, with the tools installed on your machine.
repos:
  - repo: local
    hooks:
      - id: gofmt
        name: gofmt
        entry: make fmt-check
        language: system
        pass_filenames: false
        types: [go]
      - id: go-mod-tidy
        name: go mod tidy
        entry: make tidy-check
        language: system
        pass_filenames: false
        files: (\\.go|go\\.mod|go\\.sum)$
      - id: golangci-lint
        name: golangci-lint
        entry: make ${t.lint}
        language: system
        pass_filenames: false
        types: [go]
      - id: go-test
        name: go test -race with the coverage gate
        entry: sh -c 'make ${t.test} && make ${t.coverageGate}'
        language: system
        pass_filenames: false
        types: [go]
        stages: [pre-push]
`;
  return [
    { path: '.gitignore', content: gitignore },
    { path: '.pre-commit-config.yaml', content: preCommit },
  ];
}
