#!/usr/bin/env bash
# Type-checks and lints the Bicep templates offline with a pinned Bicep CLI, and fails on ANY diagnostic at level
# Warning or Error: BCP type problems (unknown property, wrong type, unknown API version) are only warnings with
# exit code 0 in Bicep, so the gate reads the output instead of trusting the exit code.
#
#   infra/lint.sh              lint infra/main.bicep and infra/main.bicepparam
#   infra/lint.sh --self-test  prove the gate rejects broken templates (and accepts a good one)
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

lint_repo() {
  local failed=0
  check_template "$here/main.bicep" || failed=1
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
  cat > "$dir/old-api-version.bicep" <<'EOF'
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
  for name in good wrong-type unknown-api-version unused-param old-api-version syntax-error; do
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
  if [ $failed -ne 0 ]; then echo "lint.sh self-test: FAILED"; return 1; fi
  echo "lint.sh self-test: all cases behaved as expected"
}

ensure_bicep || exit 2
case "${1:-}" in
  "") lint_repo ;;
  --self-test) self_test ;;
  *) echo "usage: infra/lint.sh [--self-test]" >&2; exit 2 ;;
esac
