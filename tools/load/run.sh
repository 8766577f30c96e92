#!/usr/bin/env bash
# Loopback load test: the app (Release) with one team of 100,000 contacts and 1,000,000 time entries,
# signed in, driven by wrk page by page. Prints requests/s, p50 and p99 latency and non-2xx answers per
# page, and each page's throughput against the landing page (a Razor page without data, same app, same
# run). Target: no errors, no non-2xx, every page at least 25 % of the landing page.
#
#   tools/load/run.sh [--contacts N] [--entries N] [--seconds N] [--connections N] [--keep DIR] [--writes N]
#                     [--provider postgres]   (with CRMSAAS_BENCH_POSTGRES naming the server; no --keep)
#
# --keep DIR keeps the seeded database in DIR: the next run with the same DIR (after a rebuild; new
# migrations are applied) starts serving at once instead of seeding again.
# --writes N changes the team's data N times a second while serving (a contact is touched), so pages the
# app keeps in memory (PageCache) are read and rendered again as in a team at work. PageCache__Enabled=false
# in the environment measures every page rendered each time.
set -euo pipefail
cd "$(dirname "$0")/../.."

CONTACTS=100000 ENTRIES=1000000 SECONDS_PER_PAGE=15 CONNECTIONS=16 KEEP=() WRITES=0 PROVIDER=()
while [ $# -gt 0 ]; do
  case "$1" in
    --contacts) CONTACTS=$2; shift 2 ;;
    --entries) ENTRIES=$2; shift 2 ;;
    --seconds) SECONDS_PER_PAGE=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --keep) KEEP=(--keep "$2"); shift 2 ;;
    --writes) WRITES=$2; shift 2 ;;
    --provider) PROVIDER=(--provider "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian) …"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

dotnet build -c Release tests/CrmSaaS.Benchmarks -v q -nologo >/dev/null
SESSION=$(mktemp)
rm -f "$SESSION"
LOG=$(mktemp)
PORT=${LOAD_PORT:-5080}
# The app runs with the server garbage collector, as CrmSaaS.Web does (the Web SDK's default); the
# benchmark host is a console project, whose default is the workstation collector.
DOTNET_gcServer=1 dotnet tests/CrmSaaS.Benchmarks/bin/Release/net10.0/CrmSaaS.Benchmarks.dll serve-load --contacts "$CONTACTS" --entries "$ENTRIES" --port "$PORT" --session "$SESSION" --writes "$WRITES" "${KEEP[@]}" "${PROVIDER[@]}" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -f "$SESSION" "$LOG"' EXIT
echo "Seeding $CONTACTS contacts and $ENTRIES time entries (several minutes) …"
while [ ! -s "$SESSION" ]; do
  if ! kill -0 $SERVER 2>/dev/null; then cat "$LOG" >&2; echo "The app stopped while seeding." >&2; exit 1; fi
  sleep 2
done
# shellcheck disable=SC1090
source "$SESSION"
grep -E "^seeded" "$LOG" || true
echo "wrk: $CONNECTIONS connections, 2 threads, ${SECONDS_PER_PAGE}s per page; $WRITES writes/s in the team; page cache ${PageCache__Enabled:-default}; $MACHINE"

PAGES=(
  "landing|$ROOT_HOST||/"
  "dashboard|$TEAM_HOST|$MANAGER_COOKIE|/"
  "clients|$TEAM_HOST|$MANAGER_COOKIE|/crm/clients"
  "contacts|$TEAM_HOST|$MANAGER_COOKIE|/crm/contacts"
  "board|$TEAM_HOST|$MANAGER_COOKIE|$BOARD_PATH"
  "time-report|$TEAM_HOST|$MANAGER_COOKIE|/time/reports"
  "portal|$TEAM_HOST|$CONTACT_COOKIE|/portal"
)

wrk_args() { # host cookie seconds
  WRK_ARGS=(-t2 -c"$CONNECTIONS" -d"$3s" --latency -s tools/load/count.lua -H "Host: $1")
  [ -z "$2" ] || WRK_ARGS+=(-H "Cookie: $2")
}

# Every page is measured warm: a first pass over all of them lets the JIT (tiered, with profile-guided
# optimisation) settle, so the landing page, measured first, is not measured colder than the others.
echo "Warming up (5 s per page) …"
for page in "${PAGES[@]}"; do
  IFS='|' read -r _ host cookie path <<<"$page"
  wrk_args "$host" "$cookie" 5
  wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$PORT$path" >/dev/null
done

declare -A RPS
run() { # name host cookie path
  local name=$1 host=$2 cookie=$3 path=$4 out
  wrk_args "$host" "$cookie" "$SECONDS_PER_PAGE"
  out=$(wrk "${WRK_ARGS[@]}" "http://127.0.0.1:$PORT$path")
  local rps p50 p99 non2xx errors
  rps=$(awk '/^RPS/ {print $2}' <<<"$out"); p50=$(awk '/^P50_MS/ {print $2}' <<<"$out"); p99=$(awk '/^P99_MS/ {print $2}' <<<"$out")
  non2xx=$(awk '/^NON2XX/ {print $2}' <<<"$out"); errors=$(awk '/^ERRORS/ {print $2}' <<<"$out")
  RPS[$name]=$rps
  local share="100.0"
  [ -z "${RPS[landing]:-}" ] || share=$(awk -v a="$rps" -v b="${RPS[landing]}" 'BEGIN { printf "%.1f", 100 * a / b }')
  printf "| %-16s | %-28s | %10s | %8s | %8s | %6s | %6s | %6s %% |\n" "$name" "$path" "$rps" "$p50" "$p99" "$non2xx" "$errors" "$share"
}

printf "| %-16s | %-28s | %10s | %8s | %8s | %6s | %6s | %8s |\n" page path "req/s" "p50 ms" "p99 ms" non2xx errors "vs landing"
printf "|%s|\n" "------------------|------------------------------|------------|----------|----------|--------|--------|----------"
for page in "${PAGES[@]}"; do
  IFS='|' read -r name host cookie path <<<"$page"
  run "$name" "$host" "$cookie" "$path"
done
