#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs every check step under tests/checks/ in name order and totals their results.
#
# A step is an executable script that prints one line per check it made:
#   PASS: <what>        FAIL: <what>        SKIP: <what> (<why it could not run here>)
# Anything else it prints is kept in the log only. A step that exits non-zero without
# printing a FAIL line is counted as one failure. Skips are listed separately and are
# never counted as passes.
#
# Steps with the line "# check: parallel" near their top (VM steps that mostly wait for
# TCG guests) may run beside one another, MANA_CHECK_JOBS (default 2) at a time; any
# other step waits until nothing runs and runs alone. Each step's report is printed when
# it ends, so the order of reports can differ from the order of names.
#
# Usage: scripts/check.sh [STEP-GLOB]     (e.g. scripts/check.sh '2*' to run a subset)
# Logs: $MANA_CACHE/logs/check/<step>.log
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"
glob=${1:-*}
jobs=${MANA_CHECK_JOBS:-2}
logdir=$MANA_CACHE/logs/check
mkdir -p "$logdir"
pass=0 fail=0 skip=0 t0=$(date +%s)
failed=()
declare -A step_of=() start_of=()

# report NAME RC START: print one step's result lines and add them to the totals
report() {
	local name=$1 rc=$2 s0=$3 log p f s
	log=$logdir/${name%.*}.log
	p=$(grep -c '^PASS: ' "$log") f=$(grep -c '^FAIL: ' "$log") s=$(grep -c '^SKIP: ' "$log")
	echo "=== [+$((s0 - t0))s] $name"
	grep -E '^(FAIL|SKIP): ' "$log" | sed 's/^/    /'
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "    FAIL: $name exited with status $rc (log: $log)"
		tail -n 15 "$log" | sed 's/^/      | /'
		f=1
	fi
	[ "$f" -gt 0 ] && failed+=("$name")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	echo "    $p passed, $f failed, $s skipped in $(( $(date +%s) - s0 ))s"
}

# reap_one: wait for one background step and report it
reap_one() {
	local pid rc
	wait -n -p pid
	rc=$?
	report "${step_of[$pid]}" "$rc" "${start_of[$pid]}"
	unset "step_of[$pid]" "start_of[$pid]"
}

for step in "$top"/tests/checks/$glob; do
	[ -x "$step" ] || continue
	name=$(basename "$step")
	log=$logdir/${name%.*}.log
	if head -n 15 "$step" | grep -qx '# check: parallel' && [ "$jobs" -gt 1 ]; then
		while [ ${#step_of[@]} -ge "$jobs" ]; do reap_one; done
		echo "--- [+$(( $(date +%s) - t0 ))s] $name started ($(( ${#step_of[@]} + 1 )) running)"
		"$step" > "$log" 2>&1 < /dev/null &
		step_of[$!]=$name start_of[$!]=$(date +%s)
		continue
	fi
	while [ ${#step_of[@]} -gt 0 ]; do reap_one; done
	s0=$(date +%s)
	"$step" > "$log" 2>&1 < /dev/null
	report "$name" $? "$s0"
done
while [ ${#step_of[@]} -gt 0 ]; do reap_one; done
echo "=== total $(( $(date +%s) - t0 ))s; logs in $logdir"
[ ${#failed[@]} -eq 0 ] || echo "failed steps: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
