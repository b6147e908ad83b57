#!/usr/bin/env bash
# Set up and start Kapacitetssimulatoren on its embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
if [ -f app.py ]; then
  exec .venv/bin/python -m streamlit run app.py "$@"
fi
# Until the app exists: run the default scenario from the command line.
exec .venv/bin/python -m sim run scenarios/baseline.yaml "$@"
