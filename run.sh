#!/usr/bin/env bash
# Set up and start Kapacitetssimulatoren on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
exec .venv/bin/python -m streamlit run app.py "$@"
