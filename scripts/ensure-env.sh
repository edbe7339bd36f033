#!/usr/bin/env bash
# What phishdesk needs from the machine and npm cannot install: Debian's Chromium (captures, PDFs, browser
# tests), a CJK font (Japanese pages and PDFs are tofu without it) and, for the tests, strace and a running
# PostgreSQL with the database `test`. Installs or starts what it can (as root on Debian), otherwise stops at once with
# one line naming what is missing and the command that fixes it.
#
#   scripts/ensure-env.sh test    # npm's pretest: everything, a failure stops the tests
#   scripts/ensure-env.sh start   # npm's prestart: Chromium and the font; only a warning if they cannot be
#                                 # installed, since phishdesk runs without them (captures and PDFs then
#                                 # answer browser.not_installed)
set -euo pipefail
mode=${1:-test}
case "$mode" in test | start) ;; *) echo "usage: $0 test|start" >&2; exit 2 ;; esac

# Tests run this script against a fake machine under ENSURE_ENV_ROOT (with stub commands on PATH).
root=${ENSURE_ENV_ROOT:-}

say() { echo "ensure-env: $*" >&2; }
# test: stop; start: warn and go on.
missing() {
  if [ "$mode" = test ]; then say "$*"; exit 1; fi
  say "warning: $*"
}
is_root() { [ "$(id -u)" = 0 ]; }

# --- Chromium and the CJK font ------------------------------------------------------------------------
chromium=${CHROMIUM_PATH:-$root/usr/bin/chromium}
packages=()
if [ ! -x "$chromium" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ] && [ "$CHROMIUM_PATH" != /usr/bin/chromium ]; then
    missing "no Chromium at CHROMIUM_PATH=$CHROMIUM_PATH; fix: point CHROMIUM_PATH at Chromium, or unset it and run: apt-get install chromium"
  else
    packages+=(chromium)
  fi
fi
# (grep reads the whole list: with -q it would stop early and pipefail would see fc-list's SIGPIPE)
if ! { command -v fc-list >/dev/null && fc-list : family 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null; }; then
  packages+=(fonts-noto-cjk)
fi
# The browser-isolation test watches the packets Chromium sends with strace (tests only).
if [ "$mode" = test ] && [ ! -x "$root/usr/bin/strace" ]; then
  packages+=(strace)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  if is_root && command -v apt-get >/dev/null; then
    say "installing Debian's ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null && [ -x "$chromium" ]; }; then
      missing "could not install ${packages[*]}; fix: apt-get update && apt-get install -y ${packages[*]}"
    fi
  else
    missing "${packages[*]} not installed; fix: sudo apt-get install -y ${packages[*]}"
  fi
fi

[ "$mode" = test ] || exit 0

# --- PostgreSQL for the tests ---------------------------------------------------------------------------
# TEST_DATABASE_URL points the tests at another server: then it is only checked, never started.
if ! command -v pg_isready >/dev/null; then
  missing "PostgreSQL is not installed; fix: sudo apt-get install -y postgresql"
fi
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  pg_isready -q -d "$TEST_DATABASE_URL" ||
    missing "no PostgreSQL answers at TEST_DATABASE_URL; fix: start that server, or unset TEST_DATABASE_URL"
  exit 0
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  cluster=$(ls "$root/etc/postgresql" 2>/dev/null | sort -V | tail -1 || true)
  fix="pg_ctlcluster --skip-systemctl-redirect ${cluster:-VERSION} main start"
  if [ -z "$cluster" ]; then
    missing "PostgreSQL is not installed; fix: sudo apt-get install -y postgresql"
  elif ! is_root; then
    missing "PostgreSQL does not answer at 127.0.0.1:5432; fix: sudo $fix"
  fi
  say "starting PostgreSQL $cluster"
  $fix >/dev/null 2>&1 || missing "PostgreSQL did not start; fix: $fix (and read its error)"
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 0.5
  done
  pg_isready -q -h 127.0.0.1 -p 5432 || missing "PostgreSQL started but does not answer at 127.0.0.1:5432; fix: $fix"
fi
# The tests' database (trust authentication for the local postgres user, as on these machines).
if command -v psql >/dev/null; then
  if ! psql -h 127.0.0.1 -U postgres -d test -Atqc 'select 1' >/dev/null 2>&1; then
    createdb -h 127.0.0.1 -U postgres test >/dev/null 2>&1 ||
      missing "cannot reach the database test as postgres at 127.0.0.1:5432; fix: createdb -h 127.0.0.1 -U postgres test (with trust for 127.0.0.1 in pg_hba.conf)"
  fi
fi
