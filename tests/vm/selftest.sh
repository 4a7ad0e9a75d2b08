#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of the KTAP checker: feeds ktap-check.py serial logs with known defects (failed
# case, failed parameter in both KTAP dialects, crashed guest, kernel WARN, missing case,
# guest check failure, skipped case) and checks that each is caught, and that a clean log
# passes. Runs in well under a second; no VM needed.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
command -v python3 > /dev/null || mana_need_pkgs python3 >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ktap_61() { # suite case1-status case2-status
	cat <<KTAP
### GUEST-UP 6.1.0 uptime=1.00
### CHECK-PASS: insmod t.ko
### KTAP-BEGIN
    KTAP version 1
    # Subtest: $1
    1..2
    $2 1 case_one
    $3 2 case_two
$4 1 $1
### KTAP-END
### GUEST-DONE uptime=2.00
KTAP
}

run() { # name expect(0|1) grep-pattern-or-empty args...
	local name=$1 want=$2 pat=$3 rc
	shift 3
	python3 "$here/ktap-check.py" --label selftest "$@" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		mana_fail "ktap-check $name: exit $rc, expected $want"; sed 's/^/    | /' "$tmp/out"; return
	fi
	if [ -n "$pat" ] && ! grep -Eq "$pat" "$tmp/out"; then
		mana_fail "ktap-check $name: output lacks /$pat/"; sed 's/^/    | /' "$tmp/out"; return
	fi
	mana_pass "ktap-check $name"
}

ktap_61 s1 ok ok ok > "$tmp/good.log"
run "passes a clean log and lists every case" 0 '^PASS: selftest s1\.case_two$' \
	--suite s1 --case case_one --case s1.case_two "$tmp/good.log"

ktap_61 s1 ok "not ok" "not ok" > "$tmp/fail.log"
run "reports a failed case" 1 '^FAIL: selftest s1\.case_two$' "$tmp/fail.log"

grep -v GUEST-DONE "$tmp/good.log" > "$tmp/crash.log"
run "reports a guest that never finished" 1 '^FAIL: .*guest finished' "$tmp/crash.log"

sed 's/^### KTAP-END/WARNING: CPU: 0 PID: 1 at mana\/gdma\/queue.c:10 f+0x1\/0x2\n### KTAP-END/' \
	"$tmp/good.log" > "$tmp/warn.log"
run "reports a kernel WARN" 1 '^FAIL: .*BUG/WARN' "$tmp/warn.log"

run "reports a missing case" 1 '^FAIL: .*case case_three' --case case_three "$tmp/good.log"
run "reports a missing suite" 1 '^FAIL: .*suite s2' --suite s2 "$tmp/good.log"

sed 's/CHECK-PASS: insmod t.ko/CHECK-FAIL: insmod t.ko: No such device/' "$tmp/good.log" > "$tmp/guest.log"
run "reports a failed guest check" 1 '^FAIL: selftest insmod t.ko' "$tmp/guest.log"

ktap_61 s1 ok "ok" ok | sed 's/ok 2 case_two/ok 2 case_two # SKIP no device/' > "$tmp/skip.log"
run "lists a skipped case as SKIP, not PASS" 0 '^SKIP: selftest s1\.case_two' "$tmp/skip.log"

cat > "$tmp/param61.log" <<'KTAP'
### GUEST-UP 6.1.0
### KTAP-BEGIN
    KTAP version 1
    # Subtest: s1
    1..1
        KTAP version 1
        # Subtest: pcase
        ok 1 a
        not ok 2 b
    not ok 1 pcase
not ok 1 s1
### KTAP-END
### GUEST-DONE
KTAP
run "reports a failed parameter (6.x nested form)" 1 '^FAIL: selftest s1\.pcase\[b\]$' "$tmp/param61.log"

cat > "$tmp/param515.log" <<'KTAP'
### GUEST-UP 5.15.135
### KTAP-BEGIN
    # Subtest: s1
    1..2
    # pcase: ok 1 - a
    # pcase: not ok 2 - b
    not ok 1 - pcase
    ok 2 - other
not ok 1 - s1
### KTAP-END
### GUEST-DONE
KTAP
run "reports a failed parameter (5.15 form with dashes)" 1 '^FAIL: selftest s1\.pcase\[b\]$' "$tmp/param515.log"
run "reads 5.15 case names" 1 '^PASS: selftest s1\.other$' "$tmp/param515.log"
