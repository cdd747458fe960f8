#!/usr/bin/env bash
# Prints a JAVA_HOME whose JDK is at least the given feature version (default 21):
# $JAVA_HOME first, then the default java, then every JDK under /usr/lib/jvm, newest first.
set -euo pipefail
want=${1:-21}

feature_of() { # java binary -> feature version, or 0
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}' \
    || echo 0
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
if [ -d /usr/lib/jvm ]; then
  while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's#/$##' | sort -rV)
fi

for home in "${candidates[@]}"; do
  if [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ]; then
    v=$(feature_of "$home/bin/java")
    if [ "${v:-0}" -ge "$want" ]; then
      echo "$home"
      exit 0
    fi
  fi
done
echo "No JDK >= $want found (looked at JAVA_HOME, PATH and /usr/lib/jvm)." >&2
exit 1
