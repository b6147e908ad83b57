#!/usr/bin/env bash
# Set up and run the whole test suite (lint, format, tests).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
