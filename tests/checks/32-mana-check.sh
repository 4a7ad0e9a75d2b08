#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# mana-check: fixture machines (tests/mana-check/run.sh), a run on this machine, and shell lint.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
mana_need_pkgs gcc kmod python3 busybox-static shellcheck xz-utils || mana_fail "installing test dependencies"
rc=0
"$top/tests/mana-check/run.sh" || rc=1

# This machine: the run must finish, print a verdict and return 0/1/2 consistently with it.
out=$("$top/scripts/mana-check" --sample 1 2>&1); code=$?
json=$("$top/scripts/mana-check" --sample 1 --json 2>/dev/null); jcode=$?
printf '%s\n' "$out" | sed 's/^/  | /'
verdict=$(printf '%s\n' "$out" | sed -n 's/^result: \([A-Z]*\) (exit \([0-9]\)).*/\1 \2/p')
if [ -n "$verdict" ] && [ "${verdict#* }" = "$code" ] && [ "$jcode" = "$code" ] &&
   printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(d["exit_code"] != int(sys.argv[1]))' "$code"; then
	if grep -q '^PASS  hardware.pci' <<< "$out"; then hw="MANA present"; else hw="no MANA here, said so"; fi
	mana_pass "mana-check on this machine: verdict ${verdict% *}, exit $code, text and JSON agree ($hw)"
else
	mana_fail "mana-check on this machine: exit $code/$jcode does not match its verdict '$verdict'"; rc=1
fi
if grep -qE '^(WARN|N/A )  hardware.pci' <<< "$out" && [ ! -d /sys/bus/vmbus ]; then
	grep -q 'not a Hyper-V/Azure guest' <<< "$out" && mana_pass "mana-check states plainly that this machine has no MANA and is no Hyper-V guest" ||
		{ mana_fail "mana-check does not say that this machine has no MANA"; rc=1; }
fi

if shellcheck -s sh -e SC1007,SC2046,SC2004,SC2034,SC2086,SC2012,SC2013 "$top/scripts/mana-check" "$top"/scripts/dkms/*.sh; then
	mana_pass "shellcheck (POSIX sh) of scripts/mana-check and scripts/dkms/*.sh"
else
	mana_fail "shellcheck of scripts/mana-check or scripts/dkms/*.sh"; rc=1
fi
for sh in dash "busybox sh"; do
	if $sh -n "$top/scripts/mana-check" 2>/dev/null; then mana_pass "scripts/mana-check parses with $sh"; else mana_fail "scripts/mana-check does not parse with $sh"; rc=1; fi
done
exit $rc
