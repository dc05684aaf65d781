#!/usr/bin/env bash
# Every figure of issue 17's closing note, in one sitting, as one table:
#   - the float32 FMA peak at 1 and 2 threads (shared/tools/fma_peak.c: AVX2 8-wide and AVX-512 16-wide),
#   - GEMM 768x1024x4096, attention 16 heads x 768 x 768 and the DPT conv 3x3 256->256 at 96x128 on 1 thread,
#     per CPU species: as the JVM runs this CPU, and capped to AVX2 (-XX:UseAVX=2: 8 lanes, 16 registers),
#     each as GFLOP/s and as % of the FMA peak of its own vector width, also per CPU-second of the JVM
#     (bench's CpuShare profiler: the figure that waiting for a shared vCPU does not lower),
#   - the flagship pair's forward at 1 and 2 threads (median of REPEAT) and the 2-over-1 speed-up, next to the
#     ceiling: two 1-thread forwards run at once (ROUNDS rounds, alternating).
# Run it on a quiet machine from the repository root: bash bench/measure-species.sh
# Needs gcc and jq; builds bench/target/benchmarks.jar and writes the synthetic flagship once (./mast3r demo).
# Env: REPEAT (forward repeats, 3), ROUNDS (2), FWD=0 skips the forward, OUT (work folder, a new temp dir).
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-3}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
MODEL=$HOME/.cache/mast3r-java/flagship-synth-v1

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
gcc -O2 -mavx2 -mfma -pthread -o "$OUT/fma_peak" ../shared/tools/fma_peak.c
"$OUT/fma_peak" 1.0 5 > "$OUT/peak.json"
peak() { jq -r ".${1}_fma_gflops.threads${2}.best // 0" "$OUT/peak.json"; }   # peak avx2|avx512 1|2

[ -f bench/target/benchmarks.jar ] || ./mvnw -q -DskipTests package -pl bench -am
# jmh BENCH PARAMS FLAGS: "GFLOP/s cpu_share" of the 1-thread run (the gflops metric and CpuShare's CPU-s per s)
jmh() {
  "$JAVA" -jar bench/target/benchmarks.jar "$1" $2 -p threads=1 -f 1 -wi 3 -w 2 -i 5 -r 2 -prof org.mast3r.bench.CpuShare \
      -jvmArgsAppend "--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $3" 2>/dev/null |
    awk '/:gflops/ { for (i = 1; i <= NF; i++) if ($i == "thrpt") g = $(i + 2) }
         /:cpu_share/ { for (i = 1; i <= NF; i++) if ($i == "thrpt") c = $(i + 2) }
         END { print g, c }'
}

# GFLOP/cpu-s = GFLOP/s over the JVM's CPU seconds per second: the rate while the thread had its vCPU.
printf '\n%-34s %-9s %10s %12s %10s %8s %10s\n' "kernel (1 thread)" species GFLOP/s GFLOP/cpu-s peak "% peak" "% (cpu-s)"
for species in "avx512|" "avx2|-XX:UseAVX=2"; do
  name=${species%%|*}; flags=${species#*|}
  p=$(peak "$name" 1)
  if [ "$p" = "0" ]; then echo "$name: not on this CPU"; continue; fi
  for k in "GemmBench.linear|-p mkn=768x1024x4096|gemm 768x1024x4096" \
           "AttentionBench.forward|-p hqk=16x768x768|attention 16x768x768 d64" \
           "ConvBench.forward|-p shape=conv3s1_256to256_96x128|conv3x3 256->256 96x128"; do
    IFS='|' read -r bench params label <<< "$k"
    read -r g c <<< "$(jmh "$bench" "$params" "$flags")"
    gc=$(echo "$g / $c" | bc -l)
    printf '%-34s %-9s %10.1f %12.1f %10.1f %7.0f%% %9.0f%%\n' "$label" "$name" "$g" "$gc" "$p" \
      "$(echo "100 * $g / $p" | bc -l)" "$(echo "100 * $gc / $p" | bc -l)"
  done
done

if [ "${FWD:-1}" != 0 ]; then
  [ -d "$MODEL" ] || ./mast3r demo > /dev/null
  fwd() { ./mast3r bench --model "$MODEL" --threads "$1" --repeat "$REPEAT" --json "$2" > /dev/null; jq .forward_s.median "$2"; }
  # ROUNDS rounds, alternating: 1 thread; 2 threads; two 1-thread forwards at once, which is what the hardware gives
  # two independent threads (the ceiling for the 2-thread speed-up: shared caches, memory and the host's other guests).
  printf '\n%-6s %10s %10s %22s %9s %9s\n' round "1 thread" "2 threads" "two 1-thread at once" speed-up ceiling
  for r in $(seq 1 "${ROUNDS:-2}"); do
    f1=$(fwd 1 "$OUT/fwd1-$r.json"); f2=$(fwd 2 "$OUT/fwd2-$r.json")
    fwd 1 "$OUT/pairA-$r.json" > "$OUT/pairA-$r.txt" & fwd 1 "$OUT/pairB-$r.json" > "$OUT/pairB-$r.txt"; wait
    a=$(cat "$OUT/pairA-$r.txt"); b=$(cat "$OUT/pairB-$r.txt"); slower=$(printf '%s\n%s\n' "$a" "$b" | sort -g | tail -1)
    printf '%-6s %9.2fs %9.2fs %10.2fs + %7.2fs %8.2fx %8.2fx\n' "$r" "$f1" "$f2" "$a" "$b" \
      "$(echo "$f1 / $f2" | bc -l)" "$(echo "2 * $f1 / $slower" | bc -l)"
  done
  echo "forward 512x384 F32, medians of $REPEAT; species $(jq -c .species "$OUT/fwd2-1.json")"
fi
printf '\nFMA peak GFLOP/s: AVX2 %s (1 thread) %s (2); AVX-512 %s (1) %s (2)\n' \
  "$(peak avx2 1)" "$(peak avx2 2)" "$(peak avx512 1)" "$(peak avx512 2)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); raw files in $OUT"
