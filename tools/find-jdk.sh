# Sourced by ./mast3r and ./mvnw: sets $jdk to a JDK >= 25 (JAVA_HOME if it is one, else
# /usr/lib/jvm/*25*), or prints one line saying what to install and exits 2.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

jdk=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
  jdk="$JAVA_HOME"
else
  for d in /usr/lib/jvm/*25*; do
    if [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ]; then jdk="$d"; break; fi
  done
fi
if [ -z "$jdk" ]; then
  echo "mast3r: java: JDK 25 or newer not found (install Temurin 25 under /usr/lib/jvm or set JAVA_HOME)" >&2
  exit 2
fi
