#!/usr/bin/env bash
# Builds CrmSaaS and runs every test project, end-to-end tests in Chromium included; the HTTP and
# integration tests run twice, on SQLite and on PostgreSQL (a throw-away cluster on a free loopback
# port, see .ci/postgres.sh). On a fresh machine it first installs what the tests need (Debian's
# Chromium, Java and Saxon, PostgreSQL, Caddy).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# What the tests need from Debian: Chromium for the end-to-end tests, and Java, Saxon and xmllint
# for the offline e-invoice validator (tools/einvoice).
missing_packages() {
  command -v chromium >/dev/null 2>&1 || echo chromium fonts-dejavu-core
  command -v xmllint >/dev/null 2>&1 || echo libxml2-utils
  command -v java >/dev/null 2>&1 || echo default-jre-headless
  [ -f /usr/share/java/Saxon-HE.jar ] || echo libsaxonhe-java
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql
  command -v caddy >/dev/null 2>&1 || echo caddy
}

install_packages() {
  local packages
  packages=$(missing_packages | xargs)
  [ -n "$packages" ] || return 0
  echo "== Installing $packages (apt-get)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || return 1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $packages >/dev/null || return 1
}

if ! install_packages; then
  echo "The packages the tests need could not be installed (Chromium, Java, Saxon, xmllint, PostgreSQL, Caddy)." >&2
  exit 1
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

echo "== Checking deploy/Caddyfile"
if ! caddy validate --config deploy/Caddyfile --adapter caddyfile >/dev/null 2>&1; then
  caddy validate --config deploy/Caddyfile --adapter caddyfile >&2
  echo "deploy/Caddyfile is not valid." >&2
  exit 1
fi

echo "== Building"
if ! dotnet build CrmSaaS.sln -c Debug -nologo -v quiet; then
  echo "Build failed." >&2
  exit 1
fi

# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh
if ! postgres_start; then
  echo "PostgreSQL could not be started for the tests." >&2
  exit 1
fi
trap postgres_stop EXIT
pg_server="$CRMSAAS_TEST_POSTGRES"
unset CRMSAAS_TEST_POSTGRES

passed=0
failed=0
status=0
for run in "tests/CrmSaaS.Tests sqlite" "tests/CrmSaaS.Tests postgres" "e2e/CrmSaaS.E2E sqlite"; do
  read -r project database <<<"$run"
  echo "== Testing $project on $database"
  log=$(mktemp)
  if [ "$database" = postgres ]; then export CRMSAAS_TEST_POSTGRES="$pg_server"; else unset CRMSAAS_TEST_POSTGRES; fi
  dotnet test "$project" --no-build -nologo 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "No test summary from $project on $database." >&2
    status=1
  else
    f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
    p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
    passed=$((passed + p))
    failed=$((failed + f))
  fi
  rm -f "$log"
done

echo "$passed passed, $failed failed"
exit $status
