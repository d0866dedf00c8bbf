#!/usr/bin/env bash
# Where the server's CPU goes under one load level: runs `./patchbay load` with the options given, samples the
# Patchbay process it starts with Linux perf (cpu-clock, 997 Hz, call stacks) during the measured window, maps JIT
# frames with `jcmd <pid> Compiler.perfmap`, and prints the CPU per forwarded packet by thread group (media threads,
# JIT compilers, ice4j, Vert.x, GC) and, for the media threads, by kind (each system call, Java code, OpenSSL, the
# JVM's JNI glue). The server runs with -XX:+PreserveFramePointer so that perf can walk Java stacks.
#
# Usage: load-tests/scripts/profile.sh [--seconds 15] [--out DIR] [options of ./patchbay load]
#   e.g. load-tests/scripts/profile.sh --scenario broadcast --ramp 200
# Needs perf (Debian linux-perf) allowed to sample its own user's processes (kernel.perf_event_paranoid <= 2).
# Output: DIR/profile.txt (the summary), DIR/perf.data (Java frames named by /tmp/perf-<pid>.map), the load report.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_SAMPLED=15
OUT=profile-report
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_SAMPLED="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --duration|--ramp-broadcast|--ramp-meeting|--ramp-rooms) echo "profile.sh: one level; the window is --seconds + 10 s" >&2; exit 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
command -v perf >/dev/null || { echo "profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(realpath "$OUT")"
LOG="$OUT/load.log"
PATCHBAY_JAVA_OPTS="${PATCHBAY_JAVA_OPTS:-} -XX:+PreserveFramePointer" \
  ./patchbay load "${ARGS[@]}" --duration "$((SECONDS_SAMPLED + 10))s" --out "$OUT" >"$LOG" 2>&1 &
LOAD_PID=$!
SERVER_PID=""
cleanup() { kill "$LOAD_PID" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 600); do
  grep -q ': measuring' "$LOG" 2>/dev/null && break
  kill -0 "$LOAD_PID" 2>/dev/null || { cat "$LOG" >&2; echo "profile.sh: the load run ended early" >&2; exit 1; }
  sleep 1
done
# ./patchbay execs the load JVM, which starts the server as its child.
SERVER_PID="$(pgrep -P "$LOAD_PID" java | head -1 || true)"
[[ -n "$SERVER_PID" ]] || { echo "profile.sh: no server process under the load generator (pid $LOAD_PID)" >&2; exit 1; }
sleep 3 # into the window, past the first second's stragglers
perf record -q -e cpu-clock -F 997 -g -p "$SERVER_PID" -o "$OUT/perf.data" -- sleep "$SECONDS_SAMPLED" 2>/dev/null
jcmd "$SERVER_PID" Compiler.perfmap >/dev/null
wait "$LOAD_PID" || true
RATE="$(grep -oE '[0-9,]+ pkt/s fwd' "$LOG" | tail -1 | tr -d ', ' | sed 's/pkt.*//')"
[[ -n "$RATE" ]] || { cat "$LOG" >&2; echo "profile.sh: no forwarded rate in the load output" >&2; exit 1; }
perf script -i "$OUT/perf.data" 2>/dev/null | awk -v hz=997 -v seconds="$SECONDS_SAMPLED" -v rate="$RATE" '
  function group(comm) {
    if (comm ~ /^patchbay-media/) return "media threads";
    if (comm ~ /^C[12] CompilerThre/) return "JIT compilers";
    if (comm ~ /ice4j/) return "ice4j (STUN, socket reader)";
    if (comm ~ /^vert\.x/) return "Vert.x (signaling, HTTP)";
    if (comm ~ /^(GC Thread|G1|ZGC|Z[A-Z])/) return "GC";
    return "other";
  }
  function kind(   i) {
    for (i = 1; i <= n; i++) if (fr[i] ~ /^__x64_sys_/) { sub(/^__x64_sys_/, "", fr[i]); return "syscall " fr[i] }
    if (lib[1] ~ /kernel/) return "kernel, other";
    if (lib[1] ~ /libcrypto/) return "OpenSSL (SRTP)";
    if (lib[1] ~ /libjvm/) return "JVM (JNI glue, runtime)";
    if (lib[1] ~ /libc[.-]/) return "libc";
    return "Java";
  }
  function flush() {
    if (!have) return;
    g = group(comm); groups[g]++; total++;
    if (g == "media threads") { kinds[kind()]++; media++ }
    have = 0; n = 0;
  }
  /^[^ \t]/ { flush(); comm = $0; sub(/ +[0-9]+ +[0-9.]+:.*$/, "", comm); have = 1; next }
  /^[ \t]+[0-9a-f]+ / { n++; fr[n] = $2; sub(/\+0x[0-9a-f]+$/, "", fr[n]); lib[n] = $NF; next }
  # Prints the keys of a[] by count, highest first.
  function ranked(a, of,   k, best, done) {
    while (1) {
      best = "";
      for (k in a) if (!(k in done) && (best == "" || a[k] > a[best])) best = k;
      if (best == "") break;
      done[best] = 1;
      printf "  %-32s %6.2f us  %5.1f%%\n", best, a[best] * us, 100 * a[best] / of;
    }
  }
  END {
    flush();
    us = 1e6 / hz / seconds / rate; # microseconds of CPU per forwarded packet for one sample
    printf "server CPU by thread group: %d samples in %d s at %d forwarded packets/s, per forwarded packet:\n", total, seconds, rate;
    ranked(groups, total);
    printf "  %-32s %6.2f us\n", "total", total * us;
    printf "media threads by kind:\n";
    ranked(kinds, media);
  }' > "$OUT/profile.txt"
grep -E 'level [0-9]+:' "$LOG" | tail -1 >> "$OUT/profile.txt"
cat "$OUT/profile.txt"
echo "perf report -i $OUT/perf.data names Java frames from /tmp/perf-$SERVER_PID.map (jcmd's map; delete it when done)"
