#!/usr/bin/env bash
# Fires a burst of similar complaints at the local intake API, enough to open a reputation crisis (docs/crises.md,
# "Seeing a crisis locally"). Uses the Development intake key of src/TeamsEscalationBot/appsettings.Development.json.
#
#   bash scripts/crisis-burst.sh                 # 8 complaints (the default threshold) to http://127.0.0.1:3978
#   COUNT=12 TEXT="La app se cierra al pagar" bash scripts/crisis-burst.sh
#
# Settings (environment): BASE_URL, KEY, COUNT, TEXT, NETWORK. Each complaint gets a new externalId, so running it
# again sends a new burst; the complaints join the open crisis, whose alert cards are updated instead of posted again.
set -euo pipefail

BASE_URL="${BASE_URL:-http://127.0.0.1:3978}"
KEY="${KEY:-local-development-intake-key-0001}"
COUNT="${COUNT:-8}"
TEXT="${TEXT:-The app crashes at login since this morning and I cannot pay my invoice}"
NETWORK="${NETWORK:-x}"
RUN="$(date +%s)"

json_escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

for i in $(seq 1 "$COUNT"); do
  body=$(printf '{"source":"crisis-burst","externalId":"burst-%s-%s","network":"%s","authorHandle":"@customer_%s","text":"%s (%s)"}' \
    "$RUN" "$i" "$NETWORK" "$i" "$(json_escape "$TEXT")" "$i")
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$BASE_URL/api/complaints" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d "$body")
  echo "complaint $i/$COUNT: HTTP $status"
  if [ "$status" != "201" ]; then
    echo "The intake API did not accept the complaint (is the service running on $BASE_URL?)" >&2
    exit 1
  fi
done

echo "Sent $COUNT similar complaints. The crisis alert goes to Executives:UserIds and the department's leads; the banner to its channel."
