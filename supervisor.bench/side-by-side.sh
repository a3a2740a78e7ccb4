#!/usr/bin/env bash
# The benchmark suite, side by side with the Go original, in one sitting (docs/benchmarks.md).
#
#   supervisor.bench/side-by-side.sh [--quick] [--repeats K] [--go SUPERVISOR_GO_DIR CLOCK_GO_DIR]
#                                    [--jdk17 JAVA_HOME] [--jdk25 JAVA_HOME] [--no-osgi] [--out DIR]
#
# Builds our harness (supervisor.bench/target/benchmarks.jar) and, given the Go original's source
# (--go, or the variables SUPERVISOR_GO and CLOCK_GO) and a go toolchain, the Go harness; then
# runs every measure interleaved: for each repeat, for each setting, the Go original, ours on
# JDK 17 (platform threads; virtual ones are reported n/a there), ours on JDK 25 (platform
# threads, platform threads with the futex hash sized, virtual threads). Each run is a fresh process. Writes DIR/results.txt (every BENCH line),
# DIR/log.txt (everything else) and DIR/table.md (medians, ratios to the Go original), and
# prints the table. Without Go it says so and runs our side alone.
#
# --quick: small sizes, one repeat, no OSGi run: a sanity pass of a few minutes.
# The full run (3 repeats) takes about 80 min on a 2-core machine; see docs/benchmarks.md.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
quick=false
repeats=
osgi=true
supervisor_go=${SUPERVISOR_GO:-}
clock_go=${CLOCK_GO:-}
jdk17=${JDK17:-}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --repeats) repeats=$2; shift ;;
    --go) supervisor_go=$2; clock_go=$3; shift 2 ;;
    --jdk17) jdk17=$2; shift ;;
    --jdk25) jdk25=$2; shift ;;
    --no-osgi) osgi=false ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if $quick; then repeats=${repeats:-1}; osgi=false; else repeats=${repeats:-3}; fi
case "$repeats" in ''|*[!0-9]*|0) echo "--repeats must be a whole number of at least 1, was '$repeats'" >&2; exit 2 ;; esac
if [ -z "$jdk17" ]; then
  for candidate in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64 "${JAVA_HOME:-}"; do
    if [ -x "$candidate/bin/java" ] && "$candidate/bin/java" -version 2>&1 | grep -q '"17\.'; then jdk17=$candidate; break; fi
  done
fi
[ -x "$jdk17/bin/java" ] || { echo "no JDK 17 found: give --jdk17 JAVA_HOME" >&2; exit 2; }
[ -x "$jdk25/bin/java" ] || { echo "no JDK 25 at '$jdk25': give --jdk25 JAVA_HOME" >&2; exit 2; }
out=${out:-$here/target/side-by-side/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
results=$out/results.txt
log=$out/log.txt
: >"$results"
: >"$log"
say() { echo "$*" | tee -a "$log" >&2; }

say "== building our harness (JDK 17)"
if ! (cd "$root" && JAVA_HOME=$jdk17 mvn -B -q -pl supervisor.bench -am package -DskipTests) >>"$log" 2>&1; then
  say "build failed; see $log"; exit 1
fi
jar=$here/target/benchmarks.jar

gobin=
if [ -z "$supervisor_go" ] || [ -z "$clock_go" ]; then
  say "== no Go original given (--go SUPERVISOR_GO_DIR CLOCK_GO_DIR): running our side alone"
elif ! command -v go >/dev/null 2>&1 && [ ! -x /usr/lib/go-1.23/bin/go ] && [ -z "${GO:-}" ]; then
  say "== no go toolchain on this machine (Debian: golang-1.23-go from bookworm-backports): running our side alone"
else
  say "== building the Go harness against $supervisor_go and $clock_go"
  if "$here/go/build.sh" "$supervisor_go" "$clock_go" "$here/target/gobench" >>"$log" 2>&1; then
    gobin=$here/target/gobench
  else
    say "the Go harness did not build (see $log): running our side alone"
  fi
fi

# sides: name and command prefix
sides=()
[ -n "$gobin" ] && sides+=("go")
# 25:PLATFORM:futex is JDK 25 on platform threads with the kernel's futex hash of the process sized
# (supervisor.futexHashSlots, docs/benchmarks.md): Linux 6.16+ sizes it by CPUs, not by waiting threads
sides+=("17:PLATFORM" "17:VIRTUAL" "25:PLATFORM" "25:PLATFORM:futex" "25:VIRTUAL")
futex_slots=8192

# the settings, one measure and its options per line
if $quick; then
  cases=(
    "startup n=1000 timeout=30"
    "startup n=10000 timeout=30"
    "lateness r=10 background=alone seconds=2"
    "lateness r=10 background=busy healthy=1000 crashers=100 seconds=2"
    "floor r=10 hop=timer seconds=1"
    "churn n=1000 listener=false seconds=1"
    "churn n=10000 listener=false seconds=1"
    "churn n=1000 listener=true seconds=1"
    "idle n=1000 r=100 seconds=2"
    "memory n=1000"
    "shutdown n=1000 listener=true"
    "shutdown n=1000 listener=false"
  )
else
  cases=(
    "startup n=1000 timeout=120"
    "startup n=10000 timeout=120"
    "startup n=100000 timeout=120"
  )
  for r in 1 10 100; do
    cases+=("lateness r=$r background=alone seconds=10" "lateness r=$r background=busy healthy=10000 crashers=100 seconds=10")
  done
  for r in 1 10 100; do
    cases+=("floor r=$r hop=none seconds=5" "floor r=$r hop=timer seconds=5")
  done
  for n in 1000 10000 100000; do
    cases+=("churn n=$n listener=false seconds=5" "churn n=$n listener=true seconds=5")
  done
  cases+=("churn n=1000 listener=false bare=true seconds=5" "churn n=10000 listener=false bare=true seconds=5")
  cases+=(
    "idle n=10000 r=100 seconds=10"
    "memory n=1000" "memory n=10000" "memory n=100000" "memory n=10000 bare=true"
    "shutdown n=1000 listener=false" "shutdown n=1000 listener=true"
    "shutdown n=10000 listener=false" "shutdown n=10000 listener=true"
  )
fi

# a line for a run that did not print one, with the run's options as its settings
failed_line() { # side runtime kind measure status reason options...
  local fields kv key value
  fields=$(printf '"side":"%s","runtime":"%s","version":"?","kind":"%s","measure":"%s","status":"%s","reason":"%s"' "$1" "$2" "$3" "$4" "$5" "$6")
  shift 6
  for kv in "$@"; do
    key=${kv%%=*}; value=${kv#*=}
    [ "$key" = r ] && key=r_ms
    case "$value" in
      true|false|[0-9]|[1-9]*[0-9]) fields="$fields,\"$key\":$value" ;;
      *) fields="$fields,\"$key\":\"$value\"" ;;
    esac
  done
  echo "BENCH {$fields}"
}

# ours repeats a start-up and a shutdown in the same JVM: the first round is the figure (a cold
# JVM, as the original's), the median of the others the warm one (the original has no JIT to warm)
warm_rounds() { # measure
  case "$1" in startup|shutdown) echo "rounds=4" ;; esac
}

kind_of() { # side: its thread kind, without a tuning suffix
  local kind=${1#*:}
  echo "${kind%%:*}"
}

run_one() { # side case rep
  local side=$1 case=$2 rep=$3 measure=${2%% *} options=${2#* } output rc
  local -a command
  case "$side" in
    go)
      # the original's start-up with a listener is quadratic: 100,000 services take minutes, so
      # only the first repeat tries (up to its timeout), and churn beside 100,000 with a listener
      # (which starts them the same way) is not attempted
      if [ "$measure $options" = "churn n=100000 listener=true seconds=5" ]; then
        echo 'BENCH {"side":"go","runtime":"go","version":"?","kind":"GOROUTINE","measure":"churn","n":100000,"listener":true,"status":"n/a","reason":"start-up of 100,000 services with a listener takes minutes: each change copies every status"}' >>"$results"
        return
      fi
      if [ "$measure" = startup ] && [[ "$options" == *"n=100000"* ]] && [ "$rep" -gt 1 ]; then return; fi
      command=("$gobin" "$measure" $options) ;;
    17:*) command=("$jdk17/bin/java" -cp "$jar" supervisor.bench.Measures "$measure" $options $(warm_rounds "$measure") "kind=${side#*:}") ;;
    25:*:futex) command=("$jdk25/bin/java" "-Dsupervisor.futexHashSlots=$futex_slots" --enable-native-access=ALL-UNNAMED
                  -cp "$jar" supervisor.bench.Measures "$measure" $options $(warm_rounds "$measure") "kind=$(kind_of "$side")") ;;
    25:*) command=("$jdk25/bin/java" -cp "$jar" supervisor.bench.Measures "$measure" $options $(warm_rounds "$measure") "kind=${side#*:}") ;;
  esac
  say "-- [$rep/$repeats] $side: $measure $options"
  output=$(timeout 900 "${command[@]}" 2>>"$log")
  rc=$?
  if echo "$output" | grep -q '^BENCH '; then
    echo "$output" | grep '^BENCH ' | tee -a "$results" >&2
  else
    if [ "$side" = go ]; then
      failed_line go go GOROUTINE "$measure" error "exit code $rc, no result line" $options >>"$results"
    else
      local tuned=
      [[ "$side" == *:futex ]] && tuned="futex_slots=$futex_slots"
      failed_line ours "java${side%%:*}" "$(kind_of "$side")" "$measure" error "exit code $rc, no result line" $options $tuned >>"$results"
    fi
    say "   no result (exit code $rc)"
  fi
}

run_osgi() { # jdk kind
  local home=$1 kind=$2
  say "-- OSGi in Felix: JDK $("$home/bin/java" -version 2>&1 | head -1), $kind threads, 1000 services"
  if ! (cd "$root" && JAVA_HOME=$home mvn -B -q -pl supervisor.itest -am verify -Dtest=none \
        -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OsgiPathBenchIT -Dfailsafe.failIfNoSpecifiedTests=false \
        -Dsupervisor.bench.osgi.services=1000 -Dsupervisor.bench.osgi.kind="$kind" \
        -Dsupervisor.bench.osgi.out="$results") >>"$log" 2>&1; then
    say "   the OSGi run failed; see $log"
  fi
}

start=$(date +%s)
say "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -sr); repeats: $repeats; sides: ${sides[*]}"
for rep in $(seq 1 "$repeats"); do
  for case in "${cases[@]}"; do
    for side in "${sides[@]}"; do
      run_one "$side" "$case" "$rep"
    done
  done
  if $osgi; then
    run_osgi "$jdk17" PLATFORM
    run_osgi "$jdk25" PLATFORM
    run_osgi "$jdk25" VIRTUAL
  fi
done
say "== done in $(( ($(date +%s) - start) / 60 )) min"

"$jdk25/bin/java" -cp "$jar" supervisor.bench.Table "$results" >"$out/table.md"
cat "$out/table.md"
say "results: $results; table: $out/table.md"
