#!/usr/bin/env bash
# Starts the action server, the Rasa server, the demo web page and the staff
# page on 127.0.0.1 and stays in the foreground; Ctrl-C stops them all. `make run`
# calls this after installing and training. Settings come from the environment:
#   RASA_PORT (5005)  ACTION_PORT (5055)  MODEL (models/current.tar.gz)
#   ENDPOINTS (endpoints.yml)  CREDENTIALS (credentials.yml)  WEB_PORT (8080)
#   STAFF_PORT (8090)  CHAT_ALLOWED_ORIGINS (the demo page's origins)
#   CLINIC_FILE (clinic.yml: the clinic's facts)  CLINIC_NOW (a fixed clock, for demos)
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT="${RASA_PORT:-5005}"
ACTION_PORT="${ACTION_PORT:-5055}"
MODEL="${MODEL:-models/current.tar.gz}"
ENDPOINTS="${ENDPOINTS:-endpoints.yml}"
CREDENTIALS="${CREDENTIALS:-credentials.yml}"
WEB_PORT="${WEB_PORT:-8080}"
export STAFF_PORT="${STAFF_PORT:-8090}"
# the staff e-mail links each request to its page here
export STAFF_BASE_URL="${STAFF_BASE_URL:-http://127.0.0.1:$STAFF_PORT}"
# The web page's origin is the only one the chat channels accept (CORS and socket.io).
export CHAT_ALLOWED_ORIGINS="${CHAT_ALLOWED_ORIGINS:-http://127.0.0.1:$WEB_PORT,http://localhost:$WEB_PORT}"
BIN=.venv/bin
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
# The shared secret between the Rasa server and the action server.
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(32))')}"
mkdir -p var
# One process brings the callback database's schema up to date before the
# servers open it (they would too, one at a time).
# A database that cannot be reached does not stop the demo: the assistant tells
# patients it could not save, and the staff page says so until it is back.
"$BIN/msrehab-staff" migrate >/dev/null 2>&1 ||
    echo "The callback database cannot be reached now; the servers start anyway."

# The clinic's facts: a mistake in clinic.yml stops here, with a line naming the key,
# before any server starts (each server checks it again when it starts).
"$BIN/python" -m msrehab.clinic --check >/dev/null || exit 2

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

# The action server listens on loopback only (rasa-sdk reads SANIC_HOST).
SANIC_HOST=127.0.0.1 "$BIN/rasa" run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)

IFS=',' read -ra origins <<< "$CHAT_ALLOWED_ORIGINS"
"$BIN/rasa" run --model "$MODEL" --interface 127.0.0.1 --port "$RASA_PORT" \
    --endpoints "$ENDPOINTS" --credentials "$CREDENTIALS" --cors "${origins[@]}" &
pids+=($!)

# The stand-in clinic page with the chat widget, served by us.
"$BIN/python" scripts/serve_web.py --port "$WEB_PORT" \
    --chat-server "http://127.0.0.1:$RASA_PORT" &
pids+=($!)

# The staff page: the callback queue, unanswered questions, data requests.
STAFF_HOST=127.0.0.1 "$BIN/python" -m staff.web &
pids+=($!)

echo "Waiting for the assistant to load its model..."
for _ in $(seq 1 180); do
    if curl -fsS --max-time 5 "http://127.0.0.1:$RASA_PORT/" >/dev/null 2>&1; then
        break
    fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "A server stopped; see its log above."; exit 1; }; done
    sleep 1
done

cat <<INFO

  MS Rehab assistant is running.
  Web page with the chat widget:  http://127.0.0.1:$WEB_PORT/
  Talk to it over HTTP:
    curl -s -X POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
         -H 'Content-Type: application/json' \\
         -d '{"sender": "demo", "message": "does dry needling hurt?"}'
  Or in a terminal, while this runs (another port, the same action server):
    ACTION_SERVER_TOKEN=$ACTION_SERVER_TOKEN .venv/bin/rasa shell --port $((RASA_PORT + 1))
  Staff page (callback queue, unanswered questions, data requests):
    $STAFF_BASE_URL/
  The first admin account, in another terminal:
    .venv/bin/msrehab-staff add-user YOUR-NAME --admin
  Press Ctrl-C to stop.

INFO
wait -n "${pids[@]}"
