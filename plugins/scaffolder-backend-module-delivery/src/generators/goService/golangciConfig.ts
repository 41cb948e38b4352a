import type { GeneratedFile } from '../types';
import type { ServiceValues } from './serviceValues';

/** `.golangci.yml` in the golangci-lint v2 format: linters plus gofmt/gofumpt/goimports. */
export function golangciConfigFiles(values: ServiceValues): GeneratedFile[] {
  const content = `# golangci-lint v2 configuration: https://golangci-lint.run/docs/configuration/file/
version: "2"

run:
  timeout: 5m

linters:
  # errcheck, govet, ineffassign, staticcheck and unused.
  default: standard
  enable:
    - bodyclose
    - contextcheck
    - copyloopvar
    - errorlint
    - gocritic
    - gosec
    - misspell
    - nilerr
    - noctx
    - revive
    - sloglint
    - unconvert
    - usestdlibvars
  settings:
    errcheck:
      check-type-assertions: true
    govet:
      enable-all: true
      disable:
        # Field order is chosen for readability, not for padding.
        - fieldalignment
        # Shadowing err in if-statements is idiomatic.
        - shadow
    revive:
      rules:
        - name: exported
        - name: package-comments
        - name: var-naming
        - name: indent-error-flow
        - name: error-strings
        - name: error-return
        - name: context-as-argument
        - name: unused-parameter
    sloglint:
      # One style per call: key-value pairs, never mixed with slog.Attr.
      no-mixed-args: true
  exclusions:
    generated: lax
    presets:
      - std-error-handling
    rules:
      # Tests build requests and listeners without a caller's context and may use fixed addresses.
      - path: _test\\.go
        linters:
          - gosec
          - noctx

formatters:
  enable:
    - gofmt
    - gofumpt
    - goimports
  settings:
    gofmt:
      simplify: true
    goimports:
      local-prefixes:
        - ${values.modulePath}
`;
  return [{ path: '.golangci.yml', content }];
}
