#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release that accepts Node 20) into a cache folder
# (default: tools/code-server, ignored by git) without any GitHub download, so the e2e suite can run a real
# VS Code workbench on machines that cannot download VS Code itself. It is kept out of the project's own
# dependencies on purpose: it is a 300 MB test tool, not something the extension ships or links against.
# A marker file makes the script a no-op once an install has completed, so CI can cache the folder.
# Needs the apt packages libkrb5-dev ripgrep chromium (installed by .ci/run, or by this script when root).
set -euo pipefail
DIR=${1:-${PASSK_CODE_SERVER_DIR:-tools/code-server}}
VERSION=4.100.3
if [ -f "$DIR/.installed-$VERSION" ]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi
if ! command -v rg >/dev/null || ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y libkrb5-dev ripgrep chromium >/dev/null
  else
    echo "setup-code-server: install libkrb5-dev ripgrep chromium first (apt-get)" >&2
    exit 1
  fi
fi
mkdir -p "$DIR" && cd "$DIR"
[ -f package.json ] || echo '{"private":true}' > package.json
npm i -E --ignore-scripts --no-audit --no-fund "code-server@$VERSION"
npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
# @vscode/ripgrep's postinstall downloads rg from GitHub; the Debian binary is the same program.
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Builds the native modules (node-pty, @parcel/watcher, spdlog, kerberos, …); npx node-gyp needs yes=true.
npm_config_yes=true npm rebuild
cd ../..
npm_config_unsafe_perm=true npm_config_yes=true npm run postinstall
node out/node/entry.js --config "$(mktemp -d)/config.yaml" --version   # --config keeps it from writing into ~/.config
cd ../../
touch ".installed-$VERSION"
