#!/usr/bin/env bash
# National-scale benchmark: generates synthetic extracts with `lscb synth` at several scales,
# then times whole-process runs of `lscb indicators` (wall time, CPU time and peak memory from
# /usr/bin/time -v) beside the floor: the time polars alone needs to read the same CSV files
# (from `cargo bench --bench national`). Prints a Markdown table for docs/performance.md.
#
#   scripts/benchmark.sh [WORKDIR]
#
# WORKDIR (default /tmp/lscb-bench) holds the generated data: about 900 MB per year at scale
# 150. LSCB_BENCH_SCALES (default "1 10 50 150") sets the one-year scales;
# LSCB_BENCH_HISTORY ("SCALE:YEARS", default "50:10") the runs with history, space-separated
# (ten years at scale 150, "150:10", is 9 GB of CSV and needs about 7 GB of memory);
# LSCB_BENCH_LAS ("COUNT:SCALE", default "10:15") the run over a folder of that many LA data
# directories, one year each (10 x 15 = England's volume again, as ten LAs). An empty value
# skips a run. The release build goes where cargo puts it (CARGO_TARGET_DIR, else target/).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/lscb-bench}
scales=${LSCB_BENCH_SCALES-"1 10 50 150"}
history=${LSCB_BENCH_HISTORY-"50:10"}
las=${LSCB_BENCH_LAS-"10:15"}
period=2014-15
mkdir -p "$work"

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
cargo build --release --locked --bin lscb
cargo bench --locked --bench national --no-run >/dev/null 2>&1
lscb=${CARGO_TARGET_DIR:-target}/release/lscb

measure() {
    local label=$1 dir=$2
    local size rows floor timing wall user sys rss
    size=$(find -L "$dir" -name '*.csv' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    floor=$(LSCB_BENCH_FLOOR_ONLY=1 LSCB_BENCH_DIR="$dir" LSCB_BENCH_PERIOD="$period" cargo bench --locked --bench national 2>/dev/null \
        | sed -n 's/^polars reads every file as text (the floor): \([0-9.]*\) s, \([0-9]*\) rows$/\1 \2/p')
    rows=${floor#* }
    floor=${floor% *}
    timing=$(mktemp)
    /usr/bin/time -v "$lscb" indicators "$dir" --period "$period" --format csv >/dev/null 2>"$timing"
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$timing" \
        | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    user=$(sed -n 's/.*User time (seconds): //p' "$timing")
    sys=$(sed -n 's/.*System time (seconds): //p' "$timing")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$timing")
    rm -f "$timing"
    awk -v l="$label" -v s="$size" -v r="$rows" -v f="$floor" -v w="$wall" -v u="$user" -v y="$sys" -v m="$rss" 'BEGIN {
        printf "| %s | %.0f MB | %d | %.2f s | %.2f s | %.2f s | %.0f MiB | %.2f | %.2f |\n",
            l, s / 1e6, r, f, w, u + y, m / 1024, w / f, m * 1024 / s }'
}

generate() {
    local dir=$1 scale=$2 years=$3
    shift 3
    if [ ! -d "$dir" ]; then
        "$lscb" synth --out "$dir" --scale "$scale" --years "$years" "$@" >&2
    fi
}

echo "| data | CSV on disk | rows | polars read (floor) | lscb indicators, wall | CPU | peak memory | wall / floor | memory / CSV |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for scale in $scales; do
    dir="$work/scale-$scale-1y"
    generate "$dir" "$scale" 1
    measure "scale $scale, 1 year" "$dir"
done
for run in $history; do
    scale=${run%:*}
    years=${run#*:}
    dir="$work/scale-$scale-${years}y"
    generate "$dir" "$scale" "$years"
    measure "scale $scale, $years years" "$dir"
done
if [ -n "$las" ]; then
    count=${las%:*}
    scale=${las#*:}
    dir="$work/las-$count-scale-$scale"
    # Rotherham and its statistical neighbours first, then other LAs, each with its own seed.
    neighbours=data/reference/neighbours_2021.csv
    codes=$({ echo 372; awk -F, '$1 == "372" { print $4 }' "$neighbours"; cut -d, -f1 "$neighbours" | sed 1d; } \
        | awk -v n="$count" '!seen[$0]++ && kept++ < n')
    i=0
    for code in $codes; do
        i=$((i + 1))
        generate "$dir/$code" "$scale" 1 --la "$code" --seed "$i"
    done
    measure "$count LAs at scale $scale, 1 year" "$dir"
fi
echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)."
