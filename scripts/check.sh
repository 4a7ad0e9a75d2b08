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
# Usage: scripts/check.sh [STEP-GLOB]     (e.g. scripts/check.sh '2*' to run a subset)
# Logs: $MANA_CACHE/logs/check/<step>.log
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"
glob=${1:-*}
logdir=$MANA_CACHE/logs/check
mkdir -p "$logdir"
pass=0 fail=0 skip=0 t0=$(date +%s)
failed=()
for step in "$top"/tests/checks/$glob; do
	[ -x "$step" ] || continue
	name=$(basename "$step")
	log=$logdir/${name%.*}.log
	s0=$(date +%s)
	echo "=== [+$((s0 - t0))s] $name"
	"$step" > "$log" 2>&1 < /dev/null
	rc=$?
	p=$(grep -c '^PASS: ' "$log") f=$(grep -c '^FAIL: ' "$log") s=$(grep -c '^SKIP: ' "$log")
	grep -E '^(FAIL|SKIP): ' "$log" | sed 's/^/    /'
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "    FAIL: $name exited with status $rc (log: $log)"
		tail -n 15 "$log" | sed 's/^/      | /'
		f=1
	fi
	[ "$f" -gt 0 ] && failed+=("$name")
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	echo "    $p passed, $f failed, $s skipped in $(( $(date +%s) - s0 ))s"
done
echo "=== total $(( $(date +%s) - t0 ))s; logs in $logdir"
[ ${#failed[@]} -eq 0 ] || echo "failed steps: ${failed[*]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
