#!/usr/bin/env bash
# Long fuzzing run of one Jazzer target (a *FuzzTest class in a fuzz test package), outside JUnit so that neither the
# annotation's CI duration (overridden by -max_total_time=0, i.e. none; pass -max_total_time=N to bound it) nor JUnit
# bounds it:
#   load-tests/scripts/fuzz.sh RtpHeaderFuzzTest 10000000     # 10 million inputs
#   load-tests/scripts/fuzz.sh list                           # the targets
# Runs at nice 19 with libFuzzer's final stats (execs/s, inputs). New corpus entries go to the module's .cifuzz-corpus
# (which the build's fuzz execution also reads); a finding is written next to the target's checked-in inputs
# (src/test/resources/<package>/<Class>Inputs/<method>/crash-*) and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."

targets() { find sfu-*/src/test/java -path '*/fuzz/*FuzzTest.java' | sort; }

if [[ $# -lt 1 || "$1" == list ]]; then
  targets | sed 's|.*/||; s|\.java$||'
  [[ $# -ge 1 ]] && exit 0
  echo "usage: $0 TARGET [RUNS] [extra libFuzzer flags...]" >&2
  exit 2
fi
target=$1
runs=${2:-10000000}
shift $(( $# >= 2 ? 2 : 1 ))

source=$(targets | grep "/$target\.java$" || true)
[[ -n "$source" ]] || { echo "no fuzz target $target (try: $0 list)" >&2; exit 2; }
module=${source%%/*}
class=$(sed -e 's|^[^/]*/src/test/java/||' -e 's|\.java$||' -e 's|/|.|g' <<<"$source")
method=$(grep -A1 '@FuzzTest' "$source" | sed -n 's/.*void \([A-Za-z0-9_]*\)(.*/\1/p' | head -1)
[[ -n "$method" ]] || { echo "no @FuzzTest method in $source" >&2; exit 2; }

mvn -q -B -pl "$module" -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz-classpath.txt >&2
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/fuzz-classpath.txt")"
inputs="$module/src/test/resources/${class%.*}"
inputs="${inputs//.//}/${class##*.}Inputs/$method"
corpus="$module/.cifuzz-corpus/$class/$method"
mkdir -p "$corpus" "$inputs"

echo "fuzzing $class#$method for $runs inputs (corpus $corpus, seeds $inputs)" >&2
exec nice -n 19 java -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" \
    -runs="$runs" -max_total_time=0 -print_final_stats=1 -artifact_prefix="$inputs/" "$@" "$corpus" "$inputs"
