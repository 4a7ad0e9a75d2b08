#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of the debug kernel and of its log scanner (tests/debugk/scan-log.sh), one boot:
#   1. the debug kernel boots, with no report, to a first final scan (kmemleak, log): PASS
#      required, so boot noise can never be mistaken for a driver report;
#   2. negative control: the test-only module tests/debugk/negctl (leak=1 inversion=1
#      timer_free=1 oob=1) leaks a buffer, takes two mutexes in both orders, frees an armed
#      timer and reads a byte past a buffer; the scanner must FAIL that section and name
#      KASAN, kmemleak, lockdep and DEBUG_OBJECTS.
# Usage: tests/debugk/selftest.sh     (the debug kernel is built first when not cached)
# Prints PASS/FAIL lines and "N passed, N failed"; exit 0 only if nothing failed.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
eval "$("$here/build.sh")" || { mana_result "FAIL: debug kernel build (tests/debugk/build.sh)"; mana_finish; }
work=$(mktemp -d "${TMPDIR:-/tmp}/debugk-selftest.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$here/negctl/debugk_negctl.c" "$here/negctl/Kbuild" "$work/"
if ! make -C "$KDIR" M="$work" W=1 modules > "$work/negctl.log" 2>&1; then
	tail -n 20 "$work/negctl.log"
	mana_result "FAIL: build the negative-control module against the debug kernel"
	mana_finish
fi
{
	cat "$here/guest-scan.sh"
	cat << 'GUEST'
debugk_begin
debugk_end
insmod /lib/modules/$KVER/extra/debugk_negctl.ko leak=1 inversion=1 timer_free=1 oob=1 ||
	echo "negctl: insmod failed"
debugk_end
GUEST
} > "$work/guest.sh"
"$MANA_TOP/tests/vm/mkinitramfs.sh" -k "$KVER" -e "$work/debugk_negctl.ko" -s "$work/guest.sh" \
	-o "$work/initrd.gz" >&2 || { mana_result "FAIL: initramfs for the self-test"; mana_finish; }
t0=$(date +%s)
TIMEOUT=${DEBUGK_TIMEOUT:-400} "$MANA_TOP/tests/vm/qemu-run.sh" "$VMLINUZ" "$work/initrd.gz" "$work/boot.log"
mana_log "self-test boot took $(( $(date +%s) - t0 ))s"
log=${DEBUGK_SELFTEST_LOG:-$MANA_CACHE/debugk/selftest.log}
cp "$work/boot.log" "$log"
# the first section (clean boot) and the second (negative control) as separate logs
awk -v a="$work/clean.log" -v b="$work/neg.log" '{ print > (n ? b : a) } /@@DEBUGK-LOG-END/ { n = 1 }' "$work/boot.log"
out=$("$here/scan-log.sh" "debug kernel $KVER clean boot" "$work/clean.log")
echo "$out" | sed -n '2,$p'
mana_result "$(echo "$out" | head -n1)"
out=$("$here/scan-log.sh" "negative control" "$work/neg.log")
echo "$out" | sed -n '2,$p'
first=$(echo "$out" | head -n1)
missing=''
for kind in KASAN kmemleak lockdep DEBUG_OBJECTS; do
	case $first in *"$kind x"*) ;; *) missing="$missing $kind" ;; esac
done
case $first in
FAIL:*)
	if [ -z "$missing" ]; then
		mana_result "PASS: negative control: the scanner fails a planted leak, lock-order inversion, freed armed timer and out-of-bounds read (${first#FAIL: negative control: })"
	else
		mana_result "FAIL: negative control: the scanner missed:$missing (it said: $first; log $log)"
	fi
	;;
*) mana_result "FAIL: negative control: the scanner passed a log with a planted leak, lock inversion, freed timer and out-of-bounds read ($first; log $log)" ;;
esac
mana_finish
