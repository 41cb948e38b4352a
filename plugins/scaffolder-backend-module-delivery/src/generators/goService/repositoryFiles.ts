import { SERVICE_CONTRACT } from '../contract';
import type { GeneratedFile } from '../types';

/** `.gitignore` and the pre-commit hooks (local: gofmt, go vet, golangci-lint, tidy; tests on push). */
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

  const preCommit = `# Git hooks of pre-commit (https://pre-commit.com), all local: they run the Makefile's checks with
# the tools installed on your machine and need no network. Install them once per clone:
#   pre-commit install --hook-type pre-commit --hook-type pre-push
# Before each commit: gofmt, go vet, golangci-lint and go mod tidy; before each push: the race
# tests and the coverage gate, as CI runs them.
repos:
  - repo: local
    hooks:
      - id: gofmt
        name: gofmt
        entry: make fmt-check
        language: system
        pass_filenames: false
        types: [go]
      - id: go-vet
        name: go vet
        entry: make vet
        language: system
        pass_filenames: false
        types: [go]
      - id: golangci-lint
        name: golangci-lint
        entry: make ${t.lint}
        language: system
        pass_filenames: false
        types: [go]
      - id: go-mod-tidy
        name: go mod tidy
        entry: make tidy-check
        language: system
        pass_filenames: false
        files: (\\.go|go\\.mod|go\\.sum)$
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
