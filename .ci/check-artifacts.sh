#!/usr/bin/env bash
# Checks that template.yaml, the Makefile, events/ and the built Lambda artifacts agree.
#
#   .ci/check-artifacts.sh              static checks, then build one function per module and check its layout
#   .ci/check-artifacts.sh --no-build   static checks only
#
# (a) Static: every AWS::Serverless::Function in template.yaml has `BuildMethod: makefile`, a
#     `build-<LogicalId>` target in the Makefile and exactly one events/<context>/<LogicalId>.json
#     (valid JSON; an HTTP API event's routeKey/rawPath/method match the function's route); the
#     Makefile's function table names no function the template lacks; every events/**/*.json names
#     a function (events/env.json aside, which must be in `sam local --env-vars` format).
# (b) Artifacts: for each module, `make build-<function> ARTIFACTS_DIR=<tmp>` (the function named
#     in CHECK_FUNCTIONS, default "GetTenantFunction GetMeFunction", else the module's first), then the
#     Lambda Java layout: every handler class of that module's functions at the root, jars only in
#     lib/, lib/ holding aws-lambda-java-core, micronaut and tenantry-shared jars, no test or
#     emulator jars, no two versions of one jar, under Lambda's 250 MB unzipped limit. Prints each
#     artifact's size. KEEP_ARTIFACTS=1 keeps the temporary directories.
#
# Needs bash, make, python3 with PyYAML (or cfn-lint), and a JDK 21+ (see the Makefile).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD=1
case "${1:-}" in
  --no-build) BUILD=0 ;;
  "") ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac

MAKE=${MAKE:-make}
TEMPLATE=template.yaml
failures=0
warnings=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok:   $*"; }

[ -f "$TEMPLATE" ] || { echo "FAIL: $TEMPLATE not found" >&2; exit 1; }
[ -f Makefile ] || { echo "FAIL: Makefile not found" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------
# The functions of the template, one per line: LogicalId|Handler|BuildMethod|routes (routes:
# "METHOD PATH", comma-separated; empty for a function without an HttpApi event).

functions_tsv=$(python3 - "$TEMPLATE" <<'PY'
import sys

path = sys.argv[1]
try:
    import yaml

    class CfnLoader(yaml.SafeLoader):
        """Reads CloudFormation short-form tags (!Ref, !GetAtt, !Sub, ...) as plain values."""

    def _any_tag(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            return {suffix: loader.construct_scalar(node)}
        if isinstance(node, yaml.SequenceNode):
            return {suffix: loader.construct_sequence(node, deep=True)}
        return {suffix: loader.construct_mapping(node, deep=True)}

    CfnLoader.add_multi_constructor("!", _any_tag)
    with open(path) as f:
        template = yaml.load(f, Loader=CfnLoader)
except ImportError:
    from cfnlint.decode import decode

    template, matches = decode(path)
    if matches:
        sys.exit("cannot parse %s: %s" % (path, matches))

globals_fn = ((template.get("Globals") or {}).get("Function") or {})
for logical_id, resource in (template.get("Resources") or {}).items():
    if not isinstance(resource, dict) or resource.get("Type") != "AWS::Serverless::Function":
        continue
    props = resource.get("Properties") or {}
    metadata = resource.get("Metadata") or {}
    handler = props.get("Handler", globals_fn.get("Handler", ""))
    routes = []
    for event in (props.get("Events") or {}).values():
        if isinstance(event, dict) and event.get("Type") == "HttpApi":
            ep = event.get("Properties") or {}
            routes.append("%s %s" % (str(ep.get("Method", "ANY")).upper(), ep.get("Path", "/")))
    print("|".join([logical_id, str(handler), str(metadata.get("BuildMethod", "")), ",".join(routes)]))
PY
) || { echo "FAIL: could not read the functions of $TEMPLATE" >&2; exit 1; }

if [ -z "$functions_tsv" ]; then
  echo "FAIL: $TEMPLATE declares no AWS::Serverless::Function" >&2
  exit 1
fi
function_ids=$(cut -d'|' -f1 <<<"$functions_tsv" | sort)
echo "Template functions: $(tr '\n' ' ' <<<"$function_ids")"

# The Makefile's table: LogicalId <space> module.
makefile_table=$($MAKE --no-print-directory -s functions) || { echo "FAIL: 'make functions' failed" >&2; exit 1; }
module_of() { awk -v id="$1" '$1 == id { print $2 }' <<<"$makefile_table"; }

# ------------------------------------------------------------------------------------------------
echo "== (a) template <-> Makefile <-> events"

while IFS='|' read -r id handler build_method routes; do
  if [ "$build_method" != "makefile" ]; then
    fail "$id: Metadata.BuildMethod is '${build_method:-<none>}', not 'makefile' (sam build would not run make build-$id)"
  fi
  if [ -z "$handler" ]; then
    fail "$id: no Handler in $TEMPLATE"
  fi
  if ! dry_run=$($MAKE --no-print-directory -n "build-$id" ARTIFACTS_DIR=/nonexistent/check 2>&1); then
    if grep -q "No rule to make target .build-$id'" <<<"$dry_run"; then
      fail "$id: the Makefile has no target build-$id (add MODULE_$id := functions/<context> to its table)"
    else
      fail "$id: make -n build-$id fails: $(grep -m1 -E '\*\*\*|error' <<<"$dry_run" || tail -n1 <<<"$dry_run")"
    fi
    continue
  fi
  module=$(module_of "$id")
  context=$(basename "$module")
  matches=()
  while IFS= read -r f; do matches+=("$f"); done < <(find events -type f -name "$id.json" 2>/dev/null | sort)
  if [ "${#matches[@]}" -eq 0 ]; then
    fail "$id: no sample event; expected events/$context/$id.json"
    continue
  elif [ "${#matches[@]}" -gt 1 ]; then
    fail "$id: more than one sample event: ${matches[*]}"
    continue
  fi
  event=${matches[0]}
  if [ "$event" != "events/$context/$id.json" ]; then
    fail "$id: its event is $event; functions of $module keep theirs in events/$context/"
    continue
  fi
  if problem=$(python3 - "$event" "$routes" 2>&1 <<'PY'
import json, re, sys

path, routes = sys.argv[1], [r for r in sys.argv[2].split(",") if r]
try:
    with open(path) as f:
        event = json.load(f)
except ValueError as e:
    sys.exit("not valid JSON: %s" % e)
if not isinstance(event, dict):
    sys.exit("not a JSON object")
if routes:
    if event.get("version") != "2.0":
        sys.exit("an HTTP API event must be payload version \"2.0\", not %r" % event.get("version"))
    route = event.get("routeKey")
    if route not in routes:
        sys.exit("routeKey %r is not the function's route (%s)" % (route, ", ".join(routes)))
    method, template_path = route.split(" ", 1)
    pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template_path)) + "$"
    if not re.match(pattern, event.get("rawPath") or ""):
        sys.exit("rawPath %r does not match the route %r" % (event.get("rawPath"), route))
    http = (event.get("requestContext") or {}).get("http") or {}
    if http.get("method") != method or http.get("path") != event.get("rawPath"):
        sys.exit("requestContext.http (%s %s) does not match %r" % (http.get("method"), http.get("path"), route))
    if (event.get("requestContext") or {}).get("routeKey") != route:
        sys.exit("requestContext.routeKey differs from routeKey")
    if "body" in event and not isinstance(event["body"], str):
        sys.exit("body must be a string (JSON text), not %s" % type(event["body"]).__name__)
PY
  ); then
    ok "$id: build-$id ($module), $event"
  else
    fail "$id: $event: ${problem:-invalid}"
  fi
done <<<"$functions_tsv"

# Makefile entries for functions the template no longer has.
while read -r id module; do
  [ -n "$id" ] || continue
  grep -qx "$id" <<<"$function_ids" || fail "the Makefile maps $id (to $module), which $TEMPLATE does not declare"
done <<<"$makefile_table"

# Event files that name no function.
while IFS= read -r f; do
  name=$(basename "$f" .json)
  [ "$f" = events/env.json ] && continue
  grep -qx "$name" <<<"$function_ids" || fail "$f names no function in $TEMPLATE"
done < <(find events -type f -name '*.json' 2>/dev/null | sort)
if find events -type f ! -name '*.json' 2>/dev/null | grep -q .; then
  fail "events/ holds files that are not .json: $(find events -type f ! -name '*.json' | tr '\n' ' ')"
fi

# events/env.json: `sam local invoke --env-vars` format.
if [ -f events/env.json ]; then
  if problem=$(python3 - events/env.json "$function_ids" 2>&1 <<'PY'
import json, sys

path, ids = sys.argv[1], set(sys.argv[2].split())
try:
    with open(path) as f:
        env = json.load(f)
except ValueError as e:
    sys.exit("not valid JSON: %s" % e)
if not isinstance(env, dict) or not env:
    sys.exit("must be an object of {\"Parameters\" | <LogicalId>: {NAME: value}}")
for key, values in env.items():
    if key != "Parameters" and key not in ids:
        sys.exit("key %r is neither \"Parameters\" nor a function of the template" % key)
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        sys.exit("%r must map variable names to strings" % key)
PY
  ); then
    ok "events/env.json"
  else
    fail "events/env.json: $problem"
  fi
fi

if [ "$BUILD" -eq 0 ]; then
  [ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
  echo "All static checks passed (artifacts not built: --no-build)."
  exit 0
fi
if [ "$failures" -ne 0 ]; then
  echo "$failures static check(s) failed; not building artifacts" >&2
  exit 1
fi

# ------------------------------------------------------------------------------------------------
echo "== (b) artifacts (one build per module)"

tmp_dirs=()
cleanup() {
  if [ "${KEEP_ARTIFACTS:-0}" = 1 ]; then
    [ "${#tmp_dirs[@]}" -eq 0 ] || echo "kept: ${tmp_dirs[*]}"
  else
    for d in ${tmp_dirs[@]+"${tmp_dirs[@]}"}; do rm -rf "$d"; done
  fi
}
trap cleanup EXIT

# Jars that belong to tests or the local emulators, never to a function.
forbidden_jar='^(junit|opentest4j|apiguardian|mockito|byte-buddy-agent|assertj|hamcrest|archunit|testcontainers|localstack|DynamoDBLocal|sqlite4java|elasticmq|s3proxy|tenantry-local-)'
lambda_limit_kb=$((250 * 1024))
CHECK_FUNCTIONS=${CHECK_FUNCTIONS:-GetTenantFunction GetMeFunction}

for module in $(awk '{ print $2 }' <<<"$makefile_table" | sort -u); do
  # The function to build for this module: one named in CHECK_FUNCTIONS, else its first.
  first=""
  for wanted in $CHECK_FUNCTIONS; do
    [ "$(module_of "$wanted")" = "$module" ] && { first=$wanted; break; }
  done
  [ -n "$first" ] || first=$(awk -v m="$module" '$2 == m { print $1; exit }' <<<"$makefile_table")
  dir=$(mktemp -d "${TMPDIR:-/tmp}/tenantry-$first.XXXXXX")
  tmp_dirs+=("$dir")
  echo "-- make build-$first ARTIFACTS_DIR=$dir"
  if ! $MAKE --no-print-directory "build-$first" ARTIFACTS_DIR="$dir"; then
    fail "make build-$first failed"
    continue
  fi

  # Every handler of this module's functions, as a class at the artifact's root.
  while read -r id m; do
    [ "$m" = "$module" ] || continue
    handler=$(awk -F'|' -v id="$id" '$1 == id { print $2 }' <<<"$functions_tsv")
    class_file="${handler%%::*}"
    class_file="${class_file//.//}.class"
    if [ -f "$dir/$class_file" ]; then
      ok "$id: $class_file"
    else
      fail "$id: handler ${handler} not in the artifact of $module (no $class_file at its root)"
    fi
  done <<<"$makefile_table"

  # lib/: the runtime jars, nothing else.
  if [ ! -d "$dir/lib" ]; then
    fail "$module: the artifact has no lib/"
    continue
  fi
  jars=$(cd "$dir/lib" && ls -1 | sort)
  if [ -z "$jars" ]; then
    fail "$module: lib/ is empty"
    continue
  fi
  if non_jars=$(grep -v '\.jar$' <<<"$jars"); then fail "$module: lib/ holds files that are not jars: $(tr '\n' ' ' <<<"$non_jars")"; fi
  root_jars=$(find "$dir" -maxdepth 1 -name '*.jar')
  [ -z "$root_jars" ] || fail "$module: jars at the artifact's root (they belong in lib/): $root_jars"
  grep -q '^aws-lambda-java-core-.*\.jar$' <<<"$jars" || fail "$module: lib/ lacks aws-lambda-java-core"
  grep -q '^micronaut-.*\.jar$' <<<"$jars" || fail "$module: lib/ lacks micronaut jars"
  grep -q '^tenantry-shared-.*\.jar$' <<<"$jars" || fail "$module: lib/ lacks tenantry-shared"
  if bad=$(grep -E "$forbidden_jar" <<<"$jars"); then
    fail "$module: test or emulator jars in lib/: $(tr '\n' ' ' <<<"$bad")"
  fi
  # Two versions of one artifact (a stale jar left behind by a dependency change).
  dupes=$(sed -nE 's/^(.+)-([0-9][0-9A-Za-z_.]*)(-[^-].*)?\.jar$/\1 \2/p' <<<"$jars" | sort -u \
    | awk '{ n[$1]++; v[$1] = v[$1] " " $2 } END { for (a in n) if (n[a] > 1) print a ":" v[a] }')
  [ -z "$dupes" ] || fail "$module: several versions of one jar in lib/: $dupes"

  size_kb=$(du -sk "$dir" | cut -f1)
  classes_kb=$(( size_kb - $(du -sk "$dir/lib" | cut -f1) ))
  [ "$size_kb" -le "$lambda_limit_kb" ] || fail "$module: artifact is $((size_kb / 1024)) MB, over Lambda's 250 MB unzipped limit"
  printf 'size: %-28s %6s MB total (%s MB classes, %s jars in lib/) -- %s\n' "$first ($module)" \
    "$(awk -v k="$size_kb" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$(awk -v k="$classes_kb" 'BEGIN { printf "%.2f", k / 1024 }')" \
    "$(wc -l <<<"$jars" | tr -d ' ')" "$dir"
done

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
if [ "$warnings" -gt 0 ]; then
  echo "All checks passed, with $warnings warning(s)."
else
  echo "All checks passed."
fi
