#!/usr/bin/env bash
# Type-checks and lints the Bicep templates offline with a pinned Bicep CLI, and fails on ANY diagnostic at level
# Warning or Error: BCP type problems (unknown property, wrong type, unknown API version) are only warnings with
# exit code 0 in Bicep, so the gate reads the output instead of trusting the exit code.
#
#   infra/lint.sh              lint infra/main.bicep and infra/main.bicepparam, and compare its API versions with
#                              the pinned list infra/api-versions.txt
#   infra/lint.sh --self-test  prove the gate rejects broken templates (and accepts a good one)
#   infra/lint.sh --newest     advice, never a failure: the newer API versions that the pinned Bicep CLI knows
#
# The verdict depends on the commit alone: the date-relative rule use-recent-api-versions is only printed (level Info
# in bicepconfig.json), and the versions in use are checked against the committed list instead.
#
# The CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 and is downloaded into tools/bicep/
# (git-ignored) on first use. Set BICEP=/path/to/bicep to use another binary.
set -uo pipefail

BICEP_VERSION=0.49.2
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
BICEP="${BICEP:-$root/tools/bicep/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep}"
# A diagnostic line looks like: /path/main.bicep(12,5) : Warning BCP037: ...   or   ... : Error no-unused-params: ...
DIAGNOSTIC=' : (Error|Warning) [A-Za-z0-9-]+:'

ensure_bicep() {
  if [ -x "$BICEP" ]; then return 0; fi
  echo "Downloading Bicep CLI $BICEP_VERSION (NuGet Azure.Bicep.CommandLine.linux-x64) into tools/bicep/ ..."
  if ! dotnet package download "Azure.Bicep.CommandLine.linux-x64@$BICEP_VERSION" -o "$root/tools/bicep" >/dev/null; then
    echo "lint.sh: could not download the Bicep CLI" >&2
    return 1
  fi
  [ -x "$BICEP" ] || chmod +x "$BICEP"
}

# Runs one bicep command, prints its diagnostics, returns 1 on a non-zero exit or any Warning/Error diagnostic.
# The command's stdout (compiled JSON; for build-params it would include secure parameter values) is discarded.
run_checked() {
  local label="$1"; shift
  local out rc
  out=$("$BICEP" "$@" 2>&1 >/dev/null); rc=$?
  if [ -n "$out" ]; then echo "$out"; fi
  if [ $rc -ne 0 ] || grep -qE "$DIAGNOSTIC" <<<"$out"; then
    echo "FAIL  $label (exit $rc)"
    return 1
  fi
  echo "ok    $label"
}

# lint prints its diagnostics on stdout, so it is captured whole (it never prints parameter values).
lint_checked() {
  local label="$1"; shift
  local out rc
  out=$("$BICEP" lint "$@" 2>&1); rc=$?
  if [ -n "$out" ]; then echo "$out"; fi
  if [ $rc -ne 0 ] || grep -qE "$DIAGNOSTIC" <<<"$out"; then
    echo "FAIL  $label (exit $rc)"
    return 1
  fi
  echo "ok    $label"
}

check_template() {
  local file="$1" failed=0
  run_checked "bicep build $(basename "$file")" build "$file" --stdout || failed=1
  lint_checked "bicep lint $(basename "$file")" "$file" || failed=1
  return $failed
}

check_params() {
  local file="$1" failed=0
  run_checked "bicep build-params $(basename "$file")" build-params "$file" --stdout || failed=1
  lint_checked "bicep lint $(basename "$file")" "$file" || failed=1
  return $failed
}

# The `type@version` of every resource a template declares, sorted.
api_versions_of() {
  grep -oE "^\s*resource [A-Za-z0-9_]+ '[^']+'" "$1" | grep -oE "'[^']+'" | tr -d "'" | sort -u
}

# Every version the template uses must be in the list, and every line of the list must still be in use.
check_api_versions() {
  local template="$1" list="$2" used pinned unlisted unused
  used=$(api_versions_of "$template")
  pinned=$(grep -vE '^\s*(#|$)' "$list" | sort -u)
  unlisted=$(comm -23 <(echo "$used") <(echo "$pinned"))
  unused=$(comm -13 <(echo "$used") <(echo "$pinned"))
  if [ -n "$unlisted" ]; then echo "$unlisted" | sed "s|^|$(basename "$template"): API version not in $(basename "$list"): |"; fi
  if [ -n "$unused" ]; then echo "$unused" | sed "s|^|$(basename "$list"): pinned but no longer used: |"; fi
  if [ -n "$unlisted$unused" ]; then echo "FAIL  API versions of $(basename "$template") vs $(basename "$list")"; return 1; fi
  echo "ok    API versions of $(basename "$template") match $(basename "$list") ($(echo "$used" | wc -l) resources)"
}

# Advice for a maintainer: lint a copy of the template with a configuration that reports any version older than the newest.
newest() {
  local dir
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  cp "$here/main.bicep" "$dir/"
  sed 's/"use-recent-api-versions": { "level": "info" }/"use-recent-api-versions": { "level": "warning", "maxAgeInDays": 0 }/' \
    "$here/bicepconfig.json" > "$dir/bicepconfig.json"
  "$BICEP" lint "$dir/main.bicep" 2>&1 | grep -F 'use-recent-api-versions' | sed -E 's/^.*main\.bicep//' || true
  echo "(advice only: each line above names a resource with a newer API version in Bicep CLI $BICEP_VERSION; none means all are the newest)"
}

lint_repo() {
  local failed=0
  check_template "$here/main.bicep" || failed=1
  check_api_versions "$here/main.bicep" "$here/api-versions.txt" || failed=1
  # No secret is needed to type-check the parameters file; make sure none is read from this shell.
  ( unset INTAKE_API_KEY INTAKE_API_KEY_SECRET_URI; check_params "$here/main.bicepparam" ) || failed=1
  if [ $failed -ne 0 ]; then echo "Bicep: FAILED (see the diagnostics above)"; return 1; fi
  echo "Bicep: clean (0 errors, 0 warnings) with Bicep CLI $BICEP_VERSION"
}

# Each broken template must be rejected by the same gate, with the repository's bicepconfig.json in effect;
# a good one must pass, so that the gate cannot be failing (or passing) everything.
self_test() {
  local dir failed=0
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' RETURN
  cp "$here/bicepconfig.json" "$dir/"

  cat > "$dir/good.bicep" <<'EOF'
param location string = resourceGroup().location
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-selftest'
  location: location
}
output principalId string = identity.properties.principalId
EOF
  cat > "$dir/unknown-property.bicep" <<'EOF'
param location string = resourceGroup().location
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-selftest'
  location: location
  properties: {
    notAProperty: true
  }
}
EOF
  cat > "$dir/wrong-type.bicep" <<'EOF'
param location string = resourceGroup().location
resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'asp-selftest'
  location: location
  properties: {
    reserved: 'yes'
  }
}
EOF
  cat > "$dir/unknown-api-version.bicep" <<'EOF'
param location string = resourceGroup().location
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@1999-01-01' = {
  name: 'id-selftest'
  location: location
}
EOF
  cat > "$dir/unused-param.bicep" <<'EOF'
param location string = resourceGroup().location
param unused string = 'x'
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-selftest'
  location: location
}
EOF
  echo 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' > "$dir/api-versions.txt"
  cat > "$dir/unpinned-api-version.bicep" <<'EOF'
param location string = resourceGroup().location
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-selftest'
  location: location
}
EOF
  cat > "$dir/syntax-error.bicep" <<'EOF'
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-selftest'
  location: 
}
EOF

  local name expected result diagnostics
  # The real gate (build + lint, exit code and output) on the good file and on the case Bicep itself lets pass
  # with exit code 0 (an unknown property is only a warning).
  for name in good unknown-property; do
    if [ "$name" = good ]; then expected=pass; else expected=fail; fi
    if check_template "$dir/$name.bicep" >"$dir/$name.log" 2>&1; then result=pass; else result=fail; fi
    if [ "$result" = "$expected" ]; then
      echo "PASS  gate $([ "$expected" = pass ] && echo accepts || echo rejects) $name.bicep: $(grep -m1 -oE "(Error|Warning) [A-Za-z0-9-]+:.{0,80}" "$dir/$name.log" || echo 'no diagnostics')"
    else
      echo "FAIL  gate should ${expected} $name.bicep but ${result}ed:"; sed 's/^/      /' "$dir/$name.log"
      failed=1
    fi
  done
  # The other cases in one CLI run (each run costs seconds): every file must get its own Warning/Error diagnostic.
  local batch
  batch=$("$BICEP" lint --pattern "$dir/*.bicep" 2>&1)
  for name in good wrong-type unknown-api-version unused-param syntax-error; do
    diagnostics=$(grep -F "$dir/$name.bicep(" <<<"$batch" | grep -E "$DIAGNOSTIC")
    if [ "$name" = good ]; then
      if [ -z "$diagnostics" ]; then echo "PASS  lint reports nothing for good.bicep"; else echo "FAIL  good.bicep has diagnostics:"; echo "$diagnostics"; failed=1; fi
    elif [ -n "$diagnostics" ]; then
      echo "PASS  lint rejects $name.bicep: $(head -n1 <<<"$diagnostics" | grep -oE "(Error|Warning) [A-Za-z0-9-]+:.{0,80}")"
    else
      echo "FAIL  $name.bicep got no Warning/Error diagnostic:"; echo "$batch" | sed 's/^/      /'
      failed=1
    fi
  done
  # The pinned list: a version it does not hold fails even though Bicep knows it; the good file passes.
  if check_api_versions "$dir/good.bicep" "$dir/api-versions.txt" >/dev/null; then echo "PASS  pinned list accepts good.bicep"; else echo "FAIL  pinned list rejects good.bicep"; failed=1; fi
  if check_api_versions "$dir/unpinned-api-version.bicep" "$dir/api-versions.txt" >/dev/null; then
    echo "FAIL  pinned list accepts unpinned-api-version.bicep"; failed=1
  else echo "PASS  pinned list rejects unpinned-api-version.bicep (a version Bicep knows but the list does not hold)"; fi
  # A date-relative rule may be printed, never fail the gate.
  if grep -qE '"use-recent-api-versions": \{ "level": "(warning|error)"' "$here/bicepconfig.json"; then
    echo "FAIL  bicepconfig.json lets the date-relative rule use-recent-api-versions fail the gate"; failed=1
  else echo "PASS  use-recent-api-versions is advice only (Info)"; fi
  if [ $failed -ne 0 ]; then echo "lint.sh self-test: FAILED"; return 1; fi
  echo "lint.sh self-test: all cases behaved as expected"
}

ensure_bicep || exit 2
case "${1:-}" in
  "") lint_repo ;;
  --self-test) self_test ;;
  --newest) newest ;;
  *) echo "usage: infra/lint.sh [--self-test | --newest]" >&2; exit 2 ;;
esac
