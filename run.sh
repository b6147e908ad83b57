#!/usr/bin/env bash
# Set up and start Kapacitetssimulatoren on its embedded defaults.
#
# Without an identity provider it listens only on this computer (127.0.0.1): a one-person
# tool, no login. KAPACITET_LISTEN_ADDRESS (or listen_address in kapacitet.toml), e.g.
# 0.0.0.0, opens it to the network, and is refused unless login is configured in
# .streamlit/secrets.toml (see .streamlit/secrets.example.toml and README "Login and roles").
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
address=$(.venv/bin/python -m ui.auth address)
exec .venv/bin/python -m streamlit run serve.py --server.address "$address" "$@"
