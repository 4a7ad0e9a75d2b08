#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Debian trixie's RDMA clients through our RNIC on the model (tests/rdma/run.sh, the same
# runner and checks as step 43's in-tree reference; make rdma KVER=<k> DRIVER=ours), 6.1
# and 6.12: ibv_devinfo -v, ibv_rc_pingpong, ibv_ud_pingpong (refused by libmana 56 as on
# the in-tree driver), ib_send_bw/ib_write_bw/ib_read_bw/ib_send_lat, rping (rdma_cm over
# our GSI QP), `rdma statistic` (mainline's names, READ/WRITE counted, per-QP counters
# answered as mainline), kernel DMA MRs and their bad input (tests/rdma/kverbs), rdma-bad,
# dma-buf MRs (tests/rdma/dmabuf-mr.c; on 6.1, without udmabuf, only the refusals run:
# 11 SKIP), rdma-bad's RNR and other-PD cases, ibv_devinfo -v equal to 7.3 in-tree's
# (tests/rdma/devinfo-rnic.txt), and device-fatal on mana_0 (rdma-bad DEV GID fatal: a
# silent reset request, the model answering no HWC request until DESTROY_HWC, under an
# open context -> IBV_EVENT_DEVICE_FATAL, every destroy and the close succeed, mana_0 back
# and a new ibv_rc_pingpong, the model's objects as before, no warning). With the silent
# request the teardown waits 1 s once (session 8; before, 1 s per request: the event came
# after 10 s and ibv_rc_pingpong raced the old mana_0's removal). 2026-12-07: 61 passed,
# 11 skipped in 96 s.
# With them: 6.12 36 passed, 6.1 25 passed 11 skipped (2026-12-07).
# Uses only its own temp dirs (e2e run dirs). Split from step 44 so the two can run side
# by side. Measured with step 44 (2026-12-07, load average 20-28, beside step 43): a
# make rdma run alone took 254 s (6.12, VM 99 s). With the device-fatal case (a reset
# cycle, ~10 s of VM time) at load 15-18, mana.ko built: 316 s for both kernels (6.1 166 s,
# VM 112 s; 6.12 150 s, VM 115 s).
# Negative controls: the RNIC's ops without .disassociate_ucontext -> the device-fatal
# check FAILs (no async event within 90 s); the model ignoring an MR's PD -> rdma-bad
# FAILs (other-pd-rkey); a golden with max_qp 63 -> the devinfo check FAILs.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
rc=0
for k in 6.1 6.12; do
	t0=$(date +%s)
	out=$("$top/tests/rdma/run.sh" "$k" ours 2> "/tmp/mana-rdma-ours-$k.log")
	r=$?
	grep -E '^(PASS|FAIL|SKIP):' <<< "$out" |
		sed "s/^\(PASS\|FAIL\|SKIP\): /\1: make rdma (ours), $k: /"
	if [ $r -ne 0 ]; then
		grep -q '^FAIL:' <<< "$out" ||
			echo "FAIL: make rdma (ours), $k: runner exited $r (log /tmp/mana-rdma-ours-$k.log)"
		grep -E '^(logs:|  \|)' <<< "$out" | tail -n 15
		rc=1
	fi
	echo "make rdma (ours), $k: $(($(date +%s) - t0))s" >&2
done
exit $rc
