#!/usr/bin/env bash
# Builds the container image's files into a directory: the steps deploy/Dockerfile runs in its build stage, so that
# they can also run (and be tested) on a host without a container engine.
#
#   deploy/build-image-root.sh ROOT          mvn package, then jlink a JRE, into ROOT/opt/patchbay
#   PATCHBAY_JAR=path/patchbay.jar deploy/build-image-root.sh ROOT
#                                            the same with a shaded jar already built (no Maven run)
#   deploy/build-image-root.sh --print-module-deps
#                                            what jdeps finds in the shaded jar (compare with deploy/jre-modules.txt)
#
# ROOT/opt/patchbay/ then holds:
#   bin/patchbay        the container's command (deploy/image/patchbay): JVM flags, then java -jar lib/patchbay.jar
#   bin/node-address    writes the node's public address to a file (init container for NAT'd clouds)
#   jre/                the jlinked Java runtime (the modules of deploy/jre-modules.txt)
#   lib/patchbay.jar    the server (sfu-signaling's shaded jar, as ./patchbay runs it)
#   lib/node-address.jar
# Needs a JDK 17 with jmods (Debian: openjdk-17-jdk-headless) and, without PATCHBAY_JAR, Maven.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
jar="${PATCHBAY_JAR:-$repo/sfu-signaling/target/patchbay.jar}"

build_jar() {
  if [[ -z "${PATCHBAY_JAR:-}" ]]; then
    (cd "$repo" && mvn -q -B -Dstyle.color=never -DskipTests -Dfuzz.skip -pl sfu-signaling -am package)
  fi
  [[ -f "$jar" ]] || { echo "build-image-root: no jar at $jar" >&2; exit 1; }
  jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
}

if [[ "${1:-}" == --print-module-deps ]]; then
  build_jar
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  # The shaded jar carries module-info.class files of some of its libraries (META-INF/versions/*): jdeps would take
  # the whole jar for that one module. Unpacked without them, every class is read as the class path sees it.
  (cd "$scratch" && jar xf "$jar" && rm -f META-INF/versions/*/module-info.class module-info.class)
  jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$scratch"
  exit 0
fi

root="${1:?usage: deploy/build-image-root.sh ROOT | --print-module-deps}"
modules="$(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/jre-modules.txt" | grep -v '^$' | paste -sd, -)"
build_jar
dest="$root/opt/patchbay"
rm -rf "$dest"
mkdir -p "$dest/bin" "$dest/lib"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dest/jre"
install -m 0644 "$jar" "$dest/lib/patchbay.jar"
install -m 0755 "$here/image/patchbay" "$here/image/node-address" "$dest/bin/"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac --release 17 -nowarn -cp "$dest/lib/patchbay.jar" -d "$classes" "$here/image/NodeAddress.java"
jar --create --file "$dest/lib/node-address.jar" -C "$classes" .
echo "build-image-root: $dest ($(du -sh "$dest" | cut -f1); JRE modules $modules)"
