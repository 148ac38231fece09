#!/usr/bin/env bash
# Local run of the bot in the Microsoft 365 Agents Playground (Microsoft's local Teams emulator), both on 127.0.0.1.
#
#   bash scripts/playground.sh             build, start the bot and the playground, print the URL; Ctrl+C stops both
#   bash scripts/playground.sh --check     start both on a fresh data folder, check a round trip, stop (CI smoke)
#
# Options: --browser   let the playground open your default browser
#          --no-build  use the last build (src/TeamsEscalationBot/bin/Release)
#          --reset     delete playground/.data first (complaints, installations, logs)
# Ports:   BOT_PORT (default 3978) and PLAYGROUND_PORT (default 56150) in the environment.
#
# The bot runs in Development with Bot:AllowUnauthenticated=true (the playground sends no token; the host refuses that
# setting outside Development) and trusts only loopback service URLs for its outbound calls; people and departments come
# from the static directory in appsettings.Development.json. See docs/playground.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bot_port="${BOT_PORT:-3978}"
playground_port="${PLAYGROUND_PORT:-56150}"
check=false browser=false build=true reset=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --browser) browser=true ;;
    --no-build) build=false ;;
    --reset) reset=true ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "playground.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

readonly ready_seconds=60 stop_seconds=10
bin="$root/src/TeamsEscalationBot/bin/Release/net10.0"
cli="$root/node_modules/@microsoft/m365agentsplayground/cli.js"
config="$root/playground/.m365agentsplayground.yml"
shim="$root/playground/force-loopback.cjs"
connector_url="http://localhost:$playground_port/_connector"   # what the playground puts in activities (localhost)

say() { printf '[playground] %s\n' "$*"; }
die() { printf '[playground] ERROR: %s\n' "$*" >&2; exit 1; }

# An HTTP GET with node (no curl needed): prints the body, fails on a non-2xx answer or after 3 s.
http_get() {
  node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) })
    .then(async r => { const t = await r.text(); if (!r.ok) process.exit(1); process.stdout.write(t); })
    .catch(() => process.exit(1));' "$1"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is not on PATH"
command -v node >/dev/null || die "node 20+ is not on PATH"
[ -f "$cli" ] || die "the Agents Playground is not installed: run 'npm ci' in $root"
for port in "$bot_port" "$playground_port"; do
  if port_in_use "$port"; then
    die "127.0.0.1:$port is already in use (an earlier run still going? 'ss -ltnp | grep :$port' shows who; stop that process or set BOT_PORT / PLAYGROUND_PORT)"
  fi
done

if $check; then
  data="$(mktemp -d "${TMPDIR:-/tmp}/teb-playground-check.XXXXXX")"
else
  data="$root/playground/.data"
  if $reset; then rm -rf "$data"; fi
fi
mkdir -p "$data"

if $build; then
  say "building the bot (Release)..."
  dotnet build "$root/src/TeamsEscalationBot/TeamsEscalationBot.csproj" -c Release -nologo -v quiet || die "the build failed"
fi
[ -f "$bin/TeamsEscalationBot.dll" ] || die "$bin/TeamsEscalationBot.dll is missing: run without --no-build"

bot_pid="" playground_pid=""
stop() {
  local pid
  for pid in $playground_pid $bot_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $playground_pid $bot_pid; do
    for _ in $(seq $((stop_seconds * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  stop
  if $check; then rm -rf "$data"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bot_log="/dev/stdout"
if $check; then bot_log="$data/bot.log"; fi
say "starting the bot on http://127.0.0.1:$bot_port (Development, data in $data)"
(
  cd "$data"
  export ASPNETCORE_ENVIRONMENT=Development
  export Bot__AllowUnauthenticated=true
  export Teams__DefaultServiceUrl="$connector_url"
  export Storage__SqlitePath="$data/escalations.db"
  export Logging__LogLevel__Polly=Warning
  exec dotnet "$bin/TeamsEscalationBot.dll" --urls "http://127.0.0.1:$bot_port"
) >>"$bot_log" 2>&1 &
bot_pid=$!

say "starting the Agents Playground on http://127.0.0.1:$playground_port"
(
  cd "$data"
  export BOT_ENDPOINT="http://127.0.0.1:$bot_port/api/messages"
  export M365_AGENTS_PLAYGROUND_CONFIG_PATH="$config"
  export M365_AGENTS_PLAYGROUND_LOGFILE="$data/devTools/m365agentsplayground.log"
  export NODE_OPTIONS="--require \"$shim\""
  if ! $browser; then export TEAMSAPPTESTER_BROWSER=none; fi
  exec node "$cli" --port "$playground_port" --disable-telemetry
) >"$data/playground.out" 2>&1 &
playground_pid=$!

# Both answer, bounded; a process that dies on the way is reported with its output.
bot_ready=false playground_ready=false
for _ in $(seq $((ready_seconds * 2))); do
  kill -0 "$bot_pid" 2>/dev/null || { [ "$bot_log" = /dev/stdout ] || tail -n 40 "$bot_log" >&2; die "the bot exited during start-up (see its output above)"; }
  kill -0 "$playground_pid" 2>/dev/null || { cat "$data/playground.out" >&2; die "the playground exited during start-up"; }
  $bot_ready || { http_get "http://127.0.0.1:$bot_port/health/ready" >/dev/null && bot_ready=true; } || true
  $playground_ready || { [ "$(http_get "http://127.0.0.1:$playground_port/_debug/ping" || true)" = pong ] && playground_ready=true; } || true
  if $bot_ready && $playground_ready; then break; fi
  sleep 0.5
done
$bot_ready || die "the bot did not answer /health/ready within $ready_seconds s"
$playground_ready || die "the playground did not answer on 127.0.0.1:$playground_port within $ready_seconds s (its log: $data/devTools/m365agentsplayground.log)"
grep -q "Listening on $playground_port" "$data/playground.out" ||
  die "the playground is not listening on $playground_port ($(cat "$data/playground.out")); the bot expects its connector there"

if $check; then
  say "both are up; checking a round trip (install → welcome card, \"new\" → intake card)"
  # node 20 has WebSocket behind a flag; 22+ has it on by default.
  websocket_flag=""
  if [ "$(node -p 'Number(process.versions.node.split(".")[0]) < 22')" = true ]; then websocket_flag="--experimental-websocket"; fi
  if ! node $websocket_flag --no-warnings "$root/playground/smoke.mjs" "http://127.0.0.1:$playground_port"; then
    echo "--- bot log ---" >&2; tail -n 60 "$data/bot.log" >&2
    echo "--- playground log ---" >&2; tail -n 20 "$data/devTools/m365agentsplayground.log" >&2
    die "the round trip through the playground failed"
  fi
  say "check passed; stopping both"
  exit 0
fi

cat <<EOF

  Agents Playground:  http://127.0.0.1:$playground_port   <- open this in a browser
  Bot:                http://127.0.0.1:$bot_port  (its log follows here; the playground's is in $data/devTools/)

  You are Ana Ruiz, community manager and member of Customer Care and Billing. In "Personal Chat" type  new ,
  fill the card and press Escalate; the complaint card appears in the channel of its department ("General" =
  Customer Care, "Billing escalations" = Billing). Walk-through: docs/playground.md.   Ctrl+C stops both.

EOF
set +e
wait -n "$bot_pid" "$playground_pid"
code=$?
kill -0 "$bot_pid" 2>/dev/null || say "the bot stopped (exit code $code)"
kill -0 "$playground_pid" 2>/dev/null || say "the playground stopped (exit code $code; see $data/playground.out)"
exit "$code"
