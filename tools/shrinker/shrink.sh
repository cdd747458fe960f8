#!/usr/bin/env bash
# Shrinks the third-party jars of a function module's lib/ that are reached by static references (the AWS SDK,
# OpenTelemetry, commons-lang3, PDFBox, the Lambda event classes, Nimbus JOSE, Joda-Time, unbescape), keeping only
# the classes and members reachable from everything else: the module's and the shared kernel's classes, and every
# other jar, which are kept whole (they load classes by name, through reflection, service files or configuration).
# ProGuard does the reachability analysis: shrinking only, no optimisation, no renaming, so a class that stays keeps
# its code (its stack maps are computed again).
# docs/artifacts.md says why each rule is there; InvokeAllFunctionsIT runs every function from its shrunk artifact.
#
#   tools/shrinker/shrink.sh <classes dir> <lib dir>     rewrites the shrinkable jars of <lib dir> in place
#
# Needs JAVA_HOME (a JDK 21+). ProGuard is laid out in tools/shrinker/target/lib by tools/shrinker/pom.xml (through
# the project's Maven wrapper) the first time. Runs with the bash 3.2 and BSD tools of macOS as well.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
classes=$(cd "$1" && pwd)
lib=$(cd "$2" && pwd)
proguard="$here/target/lib"
if ! ls "$proguard"/proguard-base-*.jar >/dev/null 2>&1; then
  sh "$here/../../mvnw" -q -B -f "$here/pom.xml" package \
    || { echo "error: Maven failed to lay out ProGuard: ./mvnw -q -B -f tools/shrinker/pom.xml package" >&2; exit 1; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The JDK's classes, as ProGuard's library: a runtime image without jmods is read through jimage.
jdk="$here/target/jdk-$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.vm\.version = //p')"
if [ ! -d "$jdk" ]; then
  rm -rf "$jdk.tmp" && mkdir -p "$jdk.tmp"
  "$JAVA_HOME/bin/jimage" extract --dir "$jdk.tmp" "$JAVA_HOME/lib/modules"
  mv "$jdk.tmp" "$jdk"
fi

# A jar is shrunk when every class it holds lies in these packages; any other jar is kept whole.
shrinkable='^(software/amazon/awssdk|io/opentelemetry|org/apache/commons/lang3|org/apache/pdfbox|org/apache/fontbox|com/amazonaws/services/lambda/runtime/events|com/nimbusds|org/joda/time|org/unbescape)/'

# Resources no function reads (tools/shrinker/dropped-resources): filtered out after every class is let through.
dropped=$(sed 's/#.*//' "$here/dropped-resources" | tr -d ' \r' | grep -v '^$' | sed 's/^/,!/' | tr -d '\n')

config="$work/shrink.pro"
cat "$here/rules.pro" > "$config"
shrunk=()
kept=()
for jar in "$lib"/*.jar; do
  entries=$("$JAVA_HOME/bin/jar" tf "$jar" | grep '\.class$' | grep -v -e '^META-INF/' -e '^module-info\.class$' || true)
  if [ -n "$entries" ] && ! grep -qvE "$shrinkable" <<<"$entries"; then
    shrunk+=("$jar")
  else
    kept+=("$jar")
  fi
done

# Classes that are loaded by name from service files (META-INF/services, the SDK's execution.interceptors).
for jar in "$lib"/*.jar; do
  listings=$("$JAVA_HOME/bin/jar" tf "$jar" | grep -E '^META-INF/services/[^/]+$|/execution\.interceptors$' || true)
  [ -n "$listings" ] || continue
  rm -rf "$work/listings" && mkdir -p "$work/listings"
  # shellcheck disable=SC2086 # one argument per listed entry
  (cd "$work/listings" && "$JAVA_HOME/bin/jar" xf "$jar" $listings)
  for listing in $listings; do
    sed 's/#.*//' "$work/listings/$listing" | tr -d ' \r' | grep -v '^$' \
      | while read -r name; do echo "-keep class $name { <init>(); }"; done
  done
done | sort -u >> "$config"

[ "${#shrunk[@]}" -gt 0 ] || { echo "==> nothing to shrink in $lib"; exit 0; }
java_bin="$JAVA_HOME/bin/java"

# One ProGuard run over the artifact, the shrinkable jars read through the extra filter $1 (",!a/B.class,...") and
# without the dropped resources, the removed classes and members listed in $2. Writes the shrunk jars to $work/out.
run_proguard() {
  rm -rf "$work/out" "$work/discarded"
  {
    cat "$config"
    for jar in "${shrunk[@]}"; do
      echo "-injars '$jar'(!META-INF/versions/**,!module-info.class$1,**.class$dropped)"
      echo "-outjars '$work/out/$(basename "$jar")'"
    done
    # Kept whole: their classes are only roots of the analysis; ProGuard's copies are thrown away.
    echo "-injars '$classes'"
    for jar in ${kept[@]+"${kept[@]}"}; do echo "-injars '$jar'(!META-INF/versions/**,!module-info.class)"; done
    echo "-outjars '$work/discarded'"
    for module in "$jdk"/*; do echo "-libraryjars '$module'(!module-info.class)"; done
    echo "-printusage '$2'"
  } > "$work/run.pro"
  "$java_bin" -cp "$proguard/*" proguard.ProGuard @"$work/run.pro" > "$work/proguard.log" 2>&1 \
    || { cat "$work/proguard.log" >&2; echo "error: ProGuard failed on $lib" >&2; exit 1; }
}

# The AWS SDK's model classes (requests, responses and the structures in them) that nothing can create: their static
# builder() factory was removed (the only way to a new instance: the constructor is private, called by the builder
# that builder() makes). ProGuard still keeps them, with their builders and every structure they hold, when a kept
# method only casts to them: each service's endpoint resolver casts the request to its operation's class in one
# switch over every operation, and that branch runs only for an operation the function calls, whose request class
# it creates.
unbuilt_models() {
  awk '/^[^ ].*:$/ { cls = substr($0, 1, length($0) - 1); next }
       /^ / { if (cls ~ /^software\.amazon\.awssdk\.services\.[a-z0-9]+\.model\./ && index($0, "public static " cls "$Builder builder()") > 0) print cls }' "$1" \
    | sort -u
}

# Of those, the ones no kept class outside them names in a way the JVM resolves without holding an instance: new,
# instanceof, a class constant (ldc), an array of them, or a catch clause. Such a class stays, so removing the others
# can never turn a live path into a NoClassDefFoundError: the only references left to them are casts and calls on an
# instance, which no path can reach.
removable_models() {
  local unbuilt=$1 scan="$work/scan"
  rm -rf "$scan" && mkdir -p "$scan/classes"
  for jar in "$work"/out/*.jar ${kept[@]+"${kept[@]}"}; do (cd "$scan/classes" && "$JAVA_HOME/bin/jar" xf "$jar"); done
  cp -R "$classes/." "$scan/classes/"
  sed 's#\.#/#g' "$unbuilt" > "$scan/paths"
  sed 's#.*#&.class#' "$scan/paths" > "$scan/self"
  sed 's#.*#&$Builder.class#' "$scan/paths" >> "$scan/self"
  sed 's#.*#&$BuilderImpl.class#' "$scan/paths" >> "$scan/self"
  (cd "$scan/classes" && grep -rlaF -f ../paths . --include='*.class' | sed 's#^\./##' | grep -vxF -f ../self || true) > "$scan/referrers"
  : > "$scan/resolved"
  if [ -s "$scan/referrers" ]; then
    (cd "$scan/classes" && xargs "$JAVA_HOME/bin/javap" -c -p < ../referrers) > "$scan/referrers.txt" 2>&1 \
      || { cat "$scan/referrers.txt" >&2; echo "error: javap failed on the shrunk classes of $lib" >&2; exit 1; }
    {
      grep -E '^ +[0-9]+: (new|instanceof|ldc|ldc_w|anewarray|multianewarray) .*// class ' "$scan/referrers.txt" \
        | sed 's#.*// class ##; s# .*##'
      grep -E '^ +[0-9]+ +[0-9]+ +[0-9]+ +Class ' "$scan/referrers.txt" | sed 's#.* Class ##'
    } | sed 's#"##g; s#^\[*L##; s#;$##' | tr '/' '.' | sort -u > "$scan/resolved"
  fi
  grep -xF -f "$scan/resolved" "$unbuilt" > "$work/held" || true
  grep -vxF -f "$scan/resolved" "$unbuilt" || true
}

# Pass 1: shrink. Pass 2: again, without the model classes nothing can create (docs/artifacts.md).
: > "$work/held"
run_proguard "" "$work/usage1.txt"
unbuilt_models "$work/usage1.txt" > "$work/unbuilt"
removable_models "$work/unbuilt" > "$work/removable"
if [ -s "$work/removable" ]; then
  exclusions=$(sed 's#\.#/#g; s#.*#,!&.class,!&$Builder.class,!&$BuilderImpl.class#' "$work/removable" | tr -d '\n')
  run_proguard "$exclusions" "$work/usage2.txt"
fi

before=0
after=0
for jar in "${shrunk[@]}"; do
  before=$((before + $(wc -c <"$jar")))
  cp "$work/out/$(basename "$jar")" "$jar"
  after=$((after + $(wc -c <"$jar")))
done
echo "==> shrank ${#shrunk[@]} jars of $lib: $((before / 1000)) kB -> $((after / 1000)) kB (${#kept[@]} kept whole; $(wc -l <"$work/removable" | tr -d ' ') SDK model classes nothing creates removed, $(wc -l <"$work/held" | tr -d ' ') held back)"
