#!/usr/bin/env bash
# Production start of the Rasa server (one replica). Unlike the demo start it
# enables Rasa's HTTP API, and therefore refuses to start without a token:
#   RASA_AUTH_TOKEN       token for the HTTP API (--auth-token), required
#   ACTION_SERVER_TOKEN   shared secret with the action server, required
#   RASA_INTERFACE (127.0.0.1)  RASA_PORT (5005)  MODEL  ENDPOINTS  CREDENTIALS
#   CHAT_ALLOWED_ORIGINS  the website's origin(s), comma-separated, required
# Put it behind the reverse proxy (deploy/nginx.conf), which exposes only the
# chat channel routes, never the HTTP API.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "run_production: $*" >&2; exit 2; }
[ -n "${RASA_AUTH_TOKEN:-}" ] || fail "RASA_AUTH_TOKEN is not set: refusing to enable the HTTP API without a token"
[ ${#RASA_AUTH_TOKEN} -ge 24 ] || fail "RASA_AUTH_TOKEN is too short (24 characters at least)"
[ -n "${ACTION_SERVER_TOKEN:-}" ] || fail "ACTION_SERVER_TOKEN is not set"
[ -n "${CHAT_ALLOWED_ORIGINS:-}" ] || fail "CHAT_ALLOWED_ORIGINS is not set (the website's origin)"

export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
# clinic.yml (or CLINIC_FILE): a mistake stops the start with a line naming the key
.venv/bin/python -m msrehab.clinic --check >/dev/null || exit 2
IFS=',' read -ra origins <<< "$CHAT_ALLOWED_ORIGINS"
exec .venv/bin/rasa run --enable-api --auth-token "$RASA_AUTH_TOKEN" \
    --model "${MODEL:-models/current.tar.gz}" \
    --interface "${RASA_INTERFACE:-127.0.0.1}" --port "${RASA_PORT:-5005}" \
    --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials "${CREDENTIALS:-credentials.yml}" \
    --cors "${origins[@]}"
