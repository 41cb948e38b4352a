#!/usr/bin/env bash
# Installs the JavaScript dependencies from yarn.lock (Node 22 and yarn come from scripts/env.sh).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
if [ -f node_modules/.yarn-state.yml ] && [ node_modules/.yarn-state.yml -nt yarn.lock ] && [ "${FORCE_INSTALL:-}" = "" ]; then
  echo "» dependencies are up to date"
else
  echo "» yarn install (node $(node -v))"
  yarn install ${YARN_INSTALL_FLAGS:-}
fi
