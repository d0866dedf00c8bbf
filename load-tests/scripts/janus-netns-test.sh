#!/usr/bin/env bash
# Runs the Janus client test (JanusVideoRoomClientTest) against a real Janus inside a private network namespace.
# Janus never gathers loopback ICE candidates, so it gets a veth pair (va 10.77.0.1/24, vb without an address)
# in a namespace of its own; the namespace is deleted on exit. Needs root and the Debian `janus` package.
# Usage: load-tests/scripts/janus-netns-test.sh [extra mvn args]    (NETNS=name to change the namespace name)
set -euo pipefail
NETNS="${NETNS:-pbjanus$$}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

[ "$(id -u)" = 0 ] || { echo "janus-netns-test: needs root (ip netns)" >&2; exit 2; }
command -v janus >/dev/null || { echo "janus-netns-test: no janus binary (apt-get install janus)" >&2; exit 2; }

cleanup() { ip netns del "$NETNS" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$NETNS"
ip -n "$NETNS" link set lo up
ip -n "$NETNS" link add va type veth peer name vb
ip -n "$NETNS" addr add 10.77.0.1/24 dev va
ip -n "$NETNS" link set va up
ip -n "$NETNS" link set vb up

cd "$ROOT"
status=0
ip netns exec "$NETNS" mvn -o -B -q -pl load-tests -am test -Dtest=JanusVideoRoomClientTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dpatchbay.janus.iface=va "$@" || status=$?
cat load-tests/target/surefire-reports/io.patchbay.load.janus.JanusVideoRoomClientTest-output.txt 2>/dev/null || true
exit $status
