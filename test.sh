#!/usr/bin/env bash
# Builds CrmSaaS and runs every test project, end-to-end tests in Chromium included.
# On a fresh machine it first installs what the tests need (Debian's Chromium, Java and Saxon).
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
  echo "The packages the tests need could not be installed (Chromium, Java, Saxon, xmllint)." >&2
  exit 1
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"

echo "== Building"
if ! dotnet build CrmSaaS.sln -c Debug -nologo -v quiet; then
  echo "Build failed." >&2
  exit 1
fi

passed=0
failed=0
status=0
for project in tests/CrmSaaS.Tests e2e/CrmSaaS.E2E; do
  echo "== Testing $project"
  log=$(mktemp)
  dotnet test "$project" --no-build -nologo 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  summary=$(grep -E "(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "No test summary from $project." >&2
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
