#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel and initramfs under QEMU (TCG), serial console to LOGFILE; returns when the
# guest powers off, panics (panic=-1 reboots, -no-reboot turns that into an exit) or the
# timeout expires.
#
# Usage: qemu-run.sh BZIMAGE INITRD LOGFILE [extra qemu args...]
#   env TIMEOUT  seconds before QEMU is killed (default 300)
#       MEM      guest memory (default 1G)     SMP  vCPUs (default 1)
#       APPEND   extra kernel command line
# Exit status: 0 if the guest printed "### GUEST-DONE", 1 otherwise (timeout, panic, oops).
# KVM is not used: on the PVM-based machines it hangs (see docs/test-infra.md); TCG only.
set -uo pipefail
kernel=$1 initrd=$2 log=$3
shift 3
TIMEOUT=${TIMEOUT:-300} MEM=${MEM:-1G} SMP=${SMP:-1}
for f in "$kernel" "$initrd"; do [ -r "$f" ] || { echo "qemu-run: cannot read $f" >&2; exit 1; }; done
start=$(date +%s.%N)
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -m "$MEM" -smp "$SMP" \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic loglevel=4 log_buf_len=4M ${APPEND:-}" \
	-nographic -no-reboot -nodefaults -serial stdio "$@" < /dev/null > "$log" 2>&1
rc=$?
end=$(date +%s.%N)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b - a}')
[ $rc = 124 ] && echo "qemu-run: TIMEOUT after ${TIMEOUT}s" | tee -a "$log" >&2
echo "qemu-run: rc=$rc wall=${wall}s log=$log" >&2
grep -q '### GUEST-DONE' "$log"
