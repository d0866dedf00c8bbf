#!/usr/bin/env bash
# ./patchbay compare: runs the load generator's compare mode (Patchbay and Janus alternated, same scenarios) inside a
# private network namespace, because Janus gathers no loopback candidates. The namespace has lo and a veth pair
# (va 10.77.0.1/24, vb); Janus, Patchbay and the simulated clients all use 10.77.0.1, and nothing can leave it.
# Deleted on exit. Needs root and Debian's janus package; without them it says so and measures Patchbay alone.
# Usage: load-tests/scripts/compare.sh <patchbay.jar> <patchbay-load.jar> [options of ./patchbay load --help]
set -euo pipefail
JAR="$(realpath "$1")"; LOAD_JAR="$(realpath "$2")"; shift 2
if [[ "$(id -u)" != 0 ]] || ! command -v ip >/dev/null; then
  echo "patchbay compare: SKIPPING Janus: needs root and iproute2 for a network namespace; measuring Patchbay alone" >&2
  exec java -XX:+UseZGC ${PATCHBAY_LOAD_JAVA_OPTS:-} -jar "$LOAD_JAR" compare --server-jar "$JAR" --iface none "$@"
fi
NETNS="pbcompare$$"
cleanup() { ip netns del "$NETNS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NETNS"
ip -n "$NETNS" link set lo up
ip -n "$NETNS" link add va type veth peer name vb
ip -n "$NETNS" addr add 10.77.0.1/24 dev va
ip -n "$NETNS" link set va up
ip -n "$NETNS" link set vb up
ip netns exec "$NETNS" java -XX:+UseZGC ${PATCHBAY_LOAD_JAVA_OPTS:-} -jar "$LOAD_JAR" compare --server-jar "$JAR" --iface va "$@"
