#!/usr/bin/env bash
# Start-up and tiny cases, whole process per run: `exactlip --version` and `exactlip certify`
# on small networks over the box [0, 0.1]^n for ‖J‖ in ℓ1, ℓ2 and ℓ∞ (LipBaB's setting), each
# run by the native dist/exactlip and by exactlip.dll on the .NET runtime, timed by hyperfine.
#
#   benchmarks/startup/run.sh [--runs N] [--out FILE] [NETWORK.json|FOLDER ...]
#
# Networks default to fixtures/models/lipbab; a folder means every *.json in it. Writes a
# Markdown table (default /tmp/startup.md) with the load average before and after: the machine
# is shared, so compare medians of runs made close together. Installs hyperfine (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=10
out=/tmp/startup.md
inputs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[ ${#inputs[@]} -gt 0 ] || inputs=(fixtures/models/lipbab)

networks=()
for i in "${inputs[@]}"; do
  if [ -d "$i" ]; then
    while IFS= read -r f; do networks+=("$f"); done < <(find "$i" -maxdepth 1 -name '*.json' | sort)
  else
    networks+=("$i")
  fi
done

scripts/publish.sh
dotnet build src/ExactLip.Cli -c Release --nologo -v q -clp:NoSummary >/dev/null
if ! command -v hyperfine >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
fi

native="$PWD/dist/exactlip"
jit="dotnet $PWD/src/ExactLip.Cli/bin/Release/net10.0/exactlip.dll"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One hyperfine run per command; its JSON gives the median and the minimum.
time_it() { # name, command...
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/$1.json" "${@:2}" >/dev/null 2>&1
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
time_it version-native "$native --version"
time_it version-jit "$jit --version"
rows=()
for net in "${networks[@]}"; do
  name="$(basename "$net" .json)"
  for norm in l1 l2 linf; do
    args="certify $net --lo 0 --hi 0.1 --norm $norm --quiet --json $work/$name-$norm"
    time_it "$name-$norm-native" "$native $args.native.result.json"
    time_it "$name-$norm-jit" "$jit $args.jit.result.json"
    rows+=("$name $norm")
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work" "$out" "$load_before" "$load_after" "$runs" "${rows[@]}" <<'PY'
import json, statistics, sys, datetime
work, out, before, after, runs, rows = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
def times(name):
    t = json.load(open(f"{work}/{name}.json"))["results"][0]["times"]
    return statistics.median(t) * 1000, min(t) * 1000
lines = [f"Whole process per run, {runs} runs each (median / fastest, ms); load average {before} before, {after} after; "
         f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.", "",
         "| run | native | .NET runtime (JIT) | result | sub-domains | certify's own seconds (native) |", "|---|---|---|---|---|---|"]
n, j = times("version-native"), times("version-jit")
lines.append(f"| `exactlip --version` | {n[0]:.1f} / {n[1]:.1f} | {j[0]:.1f} / {j[1]:.1f} | | | |")
tot_n = tot_j = 0.0
for row in rows:
    name, norm = row.split(" ")
    n, j = times(f"{name}-{norm}-native"), times(f"{name}-{norm}-jit")
    tot_n += n[0]; tot_j += j[0]
    r = json.load(open(f"{work}/{name}-{norm}.native.result.json"))
    value = f"{r['status']} {r['value']:.8g}" if r["value"] is not None else f"{r['status']} [{r['lower']:.6g}, {r['upper']:.6g}]"
    lines.append(f"| {name}, ‖J‖{norm}→{norm} | {n[0]:.1f} / {n[1]:.1f} | {j[0]:.1f} / {j[1]:.1f} | {value} | {r['nodes']} | {r['seconds']:.3f} |")
lines.append(f"| sum of the medians, certify runs | {tot_n:.0f} | {tot_j:.0f} | | | |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
