#!/usr/bin/env bash
# Builds our FerretDB launcher (tools/ferretdb) with the machine's Go, once per machine: the binary is cached
# outside the repository under a name derived from its sources, so a fresh clone on the same machine reuses it.
# Prints the binary's path on stdout; the build's own output goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/ferretdb"
hash=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)
cache="${CHATPAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chatpay}"
bin="$cache/ferretdb-launcher-$hash"
if [ ! -x "$bin" ]; then
  if ! command -v go >/dev/null 2>&1; then PATH="$PATH:/usr/local/go/bin"; fi
  command -v go >/dev/null 2>&1 || { echo "ferretdb-build: Go is needed to build the local database (https://go.dev/dl)" >&2; exit 1; }
  mkdir -p "$cache"
  echo "ferretdb-build: building FerretDB v1.24.2 launcher (first time on this machine, about a minute)" >&2
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$bin.tmp.$$" .) >&2
  mv "$bin.tmp.$$" "$bin"
fi
echo "$bin"
