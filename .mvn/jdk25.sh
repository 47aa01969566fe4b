# Sourced by ./mvnw and ./galatea: makes JAVA_HOME point at a JDK 25 or newer.
# The machines Galatea targets default to JDK 17 with a JDK 25 installed beside it,
# so an older JAVA_HOME is replaced by the first JDK 25+ found under /usr/lib/jvm.
galatea_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
galatea_pick_jdk25() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] \
     && [ "$(galatea_java_feature "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  # find, not a glob: ./mvnw runs with globbing off (set -f).
  for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -r); do
    if [ -x "$candidate/bin/javac" ] && [ "$(galatea_java_feature "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "Galatea needs a JDK 25 or newer, and none was found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm)." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  return 1
}
galatea_pick_jdk25 || exit 1
