#!/usr/bin/env bash
# Set up and run the whole test suite: lint, format check, and every test (the browser
# test drives Debian's Chromium, installed here when it is missing).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements-dev.txt
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
# The store tests start their own throwaway PostgreSQL server (in a temporary folder, on
# its own socket) from Debian's binaries; a cluster the package may start does not matter.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Two test processes (this machine's cores); a module's tests stay in one process, so its
# served app and browser start once. Pass -n 0 to run in one process.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
