#!/usr/bin/env bash
# `npm run test:lts`: the whole suite again on the current Node.js LTS (24), while the machines run 20.
# Node 24 comes from the npm registry: the official build for this platform is published there as
# `node-<platform>-<arch>` (the `node` package's own binary), headers included, so native addons
# (better-sqlite3) are built for Node 24's ABI without downloading anything else. The checkout is copied
# to a scratch directory beside a link to ../shared (the test data), and the README's own commands run
# there: npm ci, npm test. ./node_modules is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
LTS_MAJOR=${LTS_MAJOR:-24}
checkout=$(pwd)

fail() { echo "test:lts: $*" >&2; exit 1; }
version=$(npm view "node@${LTS_MAJOR}" version --json 2>/dev/null | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const n=(v)=>v.split(".").map(Number);
   const newest=[].concat(JSON.parse(s)).sort((a,b)=>{const x=n(a),y=n(b);return x[0]-y[0]||x[1]-y[1]||x[2]-y[2]}).at(-1);
   console.log(newest)})') ||
  fail "could not ask the npm registry for node@${LTS_MAJOR}; check 'npm ping'"
platform=$(node -p 'process.platform + "-" + process.arch')
runtime=${XDG_CACHE_HOME:-$HOME/.cache}/phishdesk/node-v${version}-${platform}
if [ ! -x "$runtime/bin/node" ]; then
  mkdir -p "$runtime.tmp"
  (cd "$runtime.tmp" && npm pack --silent "node-${platform}@${version}" >/dev/null) ||
    fail "could not fetch node-${platform}@${version} from the npm registry"
  tar -xzf "$runtime.tmp"/node-"${platform}"-"${version}".tgz -C "$runtime.tmp" --strip-components=1
  rm -f "$runtime.tmp"/*.tgz
  rm -rf "$runtime" && mv "$runtime.tmp" "$runtime"
fi

if [ -n "${TEST_LTS_DIR:-}" ]; then
  scratch=$TEST_LTS_DIR
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d "/tmp/phishdesk-node${LTS_MAJOR}-XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
fi
# Tests read ../shared/data relative to the checkout: the copy gets the same neighbour.
[ -e "$checkout/../shared" ] && ln -sfn "$(cd "$checkout/../shared" && pwd)" "$scratch/shared"
mkdir -p "$scratch/phishdesk"
# What git would check out, plus uncommitted changes: everything but installed and generated files.
tar --exclude=./node_modules --exclude=./web/node_modules --exclude=./web/dist --exclude=./data \
  --exclude=./.git -cf - . | tar -xf - -C "$scratch/phishdesk"
cd "$scratch/phishdesk"
export PATH="$runtime/bin:$PATH" npm_config_nodedir="$runtime"
echo "test:lts: $(node --version) in $scratch/phishdesk" >&2
npm ci --no-audit --no-fund
npm test
