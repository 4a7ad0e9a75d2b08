# SPDX-License-Identifier: GPL-2.0
# Result helpers of the guest scripts (busybox sh inside the test VMs), copied into the
# initramfs as /e2e/guest-lib.sh by tests/e2e/lib.sh and tests/dpdk/run.sh (the RDMA
# runner tests/model/ib/run.sh boots that initramfs too). Results go to fd 3 (the
# runner's serial line, "@@R PASS|FAIL|SKIP: text") and to the console with the
# script's tag: set GUEST_TAG (E2E, DPDK, IB, RNIC, ...) before sourcing.
# shellcheck shell=sh
say() { echo "${GUEST_TAG:-GUEST}: $*" > /dev/console; }
res() { echo "@@R $*" >&3; say "$*"; }
pass() { res "PASS: $*"; }
fail() { res "FAIL: $*"; }
skip() { res "SKIP: $*"; }
# check WHAT CMD...: PASS when CMD succeeds, else FAIL with the start of its output
check() { d=$1; shift; if "$@" > /tmp/out 2>&1; then pass "$d"; else fail "$d ($(head -c 200 /tmp/out))"; fi; }
# wait_for SECONDS EXPR: poll EXPR (eval'd) once a second until it holds
wait_for() { i=0; while [ $i -lt "$1" ]; do eval "$2" && return 0; sleep 1; i=$((i + 1)); done; return 1; }
# host REQUEST: ask the host runner (vm.py @@SYNC), its answer in $HOST_REPLY
host() {
	echo "@@SYNC $*" >&3
	HOST_REPLY=
	read -r -t 120 HOST_REPLY <&3
	HOST_REPLY=${HOST_REPLY#@@ACK }
}
# ref_unknown_warnings TEXT: the lines of TEXT (kernel warnings) that are not one of the
# teardown warnings Debian 7.3's in-tree mana_ib is known for in a reset cycle. Its
# mana_serv_reset() sets the HWC timeout to 0, so each teardown request waits at most one
# tick: when the device answers later (a loaded host) DESTROY_MR/DESTROY_PD fail with
# -ETIMEDOUT, the late answers are logged as "hwc_rx: invalid msg_id", a request buffer
# can be reused before the device read it, and ib_core warns for the MAD layer's kernel
# PD (ib_dealloc_pd_user, ib_mad_port_close, rdma_restrack_clean) or, when a user
# object's destroy failed, while it disassociates the context (uverbs_destroy_ufile_hw).
# Only the in-tree reference gets this allowance; nothing printed = all known.
ref_unknown_warnings() {
	echo "$1" | grep -v 'Call Trace' | grep -v '^$' |
		grep -vE 'WARNING: .* at (ib_dealloc_pd_user|ib_mad_port_close|rdma_restrack_clean|uverbs_destroy_ufile_hw)\+'
}
# ref_warnings TEXT: the kernel-log check's verdict on TEXT (warning lines). Sets WARN_BAD,
# the lines to fail on, and WARN_KNOWN, " besides N known ..." when the in-tree reference
# ($DRIVER intree) had only known teardown warnings (then WARN_BAD is empty); for the
# reference the unknown lines alone are WARN_BAD; ours: WARN_BAD is TEXT.
ref_warnings() {
	WARN_BAD=$1
	WARN_KNOWN=
	[ "$DRIVER" = intree ] && [ -n "$1" ] || return 0
	WARN_BAD=$(ref_unknown_warnings "$1")
	[ -z "$WARN_BAD" ] &&
		WARN_KNOWN=" besides $(echo "$1" | grep -c WARNING) known teardown warning(s) of the in-tree mana_ib"
	return 0
}
