#!/usr/bin/env bash
# Stage two's speed-up on this machine's cluster mode: reconstruct --spark 'local-cluster[N,1,1024]' (a standalone
# master and N workers in the driver's JVM, each worker's executor a JVM of one core) for N = 1 2 4, or the counts
# given in EXECUTORS. Prints, for each N: the load average, stage one (encode) and stage two (pairs) seconds from
# summary.json, stage two's speed-up over N = 1, and from Spark's event log the executors' run time per pair.
#
#   mast3r-spark/measure.sh IMAGES_DIR CHECKPOINT [SIZE]        (build first: ./mvnw -DskipTests package -pl tools -am)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="${1:?usage: measure.sh IMAGES_DIR CHECKPOINT [SIZE]}"; model="${2:?checkpoint folder}"; size="${3:-224}"
lib="$root/mast3r-spark/target/lib" jar="$root/tools/target/mast3r.jar"
[ -d "$lib" ] && [ -f "$jar" ] || { echo "measure.sh: build first (./mvnw -DskipTests package -pl tools -am)" >&2; exit 2; }
. "$root/tools/find-jdk.sh"
work="$(mktemp -d -t mast3r-measure.XXXXXX)"
trap 'rm -rf "$work"' EXIT

read -r -a flags <<<"$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$root/pom.xml")"
engine=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)

# local-cluster needs a Spark home; in Spark's testing mode the workers take the executors' class path from
# spark.executor.extraClassPath alone, so an empty folder serves (as in ExecutorLossTest).
run() {
  local n="$1" out="$work/out-$1"
  mkdir -p "$work/events-$n"
  "$jdk/bin/java" "${engine[@]}" "${flags[@]}" -Xmx2g -Dlog4j2.configurationFile="$root/mast3r-spark/log4j2-cli.properties" \
    -Dspark.testing=true -Dspark.test.home="$work" \
    -Dspark.executor.extraClassPath="$lib/*:$jar" \
    -Dspark.executor.extraJavaOptions="${engine[*]} ${flags[*]}" \
    -Dspark.executorEnv.SPARK_TESTING=1 -Dspark.executorEnv.SPARK_SCALA_VERSION=2.13 -Dspark.executorEnv.SPARK_HOME="$work" \
    -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.dir="file://$work/events-$n" \
    -cp "$lib/*:$jar" org.mast3r.tools.Main reconstruct "$images" --model "$model" --out "$out" --force --size "$size" \
    --niter1 30 --niter2 30 --no-refine --quiet --spark "local-cluster[$n,1,1024]" >/dev/null 2>"$work/err-$n" \
    || { cat "$work/err-$n" >&2; exit 2; }
}

# Stage two's tasks are those that wrote Parquet rows (one per pair): their executor run time over their rows.
per_pair() {
  python3 - "$1" <<'EOF'
import glob, json, os, sys
ms = rows = tasks = 0
for f in glob.glob(sys.argv[1] + "/**", recursive=True):
    if not os.path.isfile(f):
        continue
    for line in open(f):
        e = json.loads(line)
        if e.get("Event") != "SparkListenerTaskEnd" or e.get("Task End Reason", {}).get("Reason") != "Success":
            continue
        written = e["Task Metrics"].get("Output Metrics", {}).get("Records Written", 0)
        if written:
            ms += e["Task Metrics"]["Executor Run Time"]; rows += written; tasks += 1
print(f"{tasks} tasks, {rows} pairs, {ms / rows / 1000:.2f} s per pair" if rows else "no rows written")
EOF
}

printf '%-10s %-18s %-10s %-10s %-9s %s\n' executors "load (1 min)" "encode s" "pairs s" speed-up "stage-two tasks (executor run time)"
base=""
for n in ${EXECUTORS:-1 2 4}; do
  load="$(cut -d' ' -f1 /proc/loadavg)"
  run "$n"
  read -r enc pairs < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["seconds"]; print("%.1f %.1f" % (s["encode"], s["pairs"]))' "$work/out-$n/summary.json")
  base="${base:-$pairs}"
  printf '%-10s %-18s %-10s %-10s %-9s %s\n' "$n" "$load" "$enc" "$pairs" "$(python3 -c "print(f'{$base / $pairs:.2f}x')")" "$(per_pair "$work/events-$n")"
done
