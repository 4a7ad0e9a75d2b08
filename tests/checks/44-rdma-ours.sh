#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Our RNIC (mana_ib's mana_0 on the model's RDMA device, beside the raw device manae_0) in
# booted 6.1 and 6.12 guests: tests/model/ib/run.sh with IB_GUEST=rnic-guest.sh. Adapter,
# EQs, MAC and GIDs (port 1 ACTIVE on vPort 0's netdev), two RC QPs of rdma-core 56 through
# INIT/RTR/RTS moving SEND, WRITE, WRITE with immediate and READ through the model's RDMA
# engine with the data checked; bad input: wrong state transitions, READ depth over the
# limit, bad lkey, bad rkeys, out-of-bounds WRITE/READ (error completion or QP-fatal event,
# no hang), a PD with MRs alive (EBUSY); rdma-core 44 refused cleanly; a process exiting
# with QPs in flight leaves no device object; `rdma statistic` counters moving; kernel UD
# QPs and AHs through the IB core (IB_KUD=1: tests/model/ib/kud/rnic_kud.ko: loopback
# SEND/SEND with immediate, an AH destroyed with its send posted, no AH / another PD's AH /
# too many SGEs -> EINVAL, a 16 KiB payload -> IB_WC_LOC_LEN_ERR, a wrong Q_Key dropped,
# RESET and back, a QP destroyed with WRs posted, objects back at the baseline); dma-buf
# MRs (tests/rdma/dmabuf-mr.c: a /dev/udmabuf dma-buf through ibv_reg_dmabuf_mr and the
# uverbs ioctl, WRITE/READ with the data checked, bad fd/range/access; 6.1's cloud kernel
# has no udmabuf: the refusals run, the data cases SKIP; a kernel without pinned dma-buf
# umems, 5.15 local, must refuse every registration with EOPNOTSUPP); rmmod
# (the MAD layer's GSI QP torn down) destroys the adapter; no kernel warning.
# Uses only its own temp dirs (e2e run dirs). The clients of step 43 through ours
# (make rdma DRIVER=ours) are step 49.
# Measured (2-core machine, other jobs running): 82 checks per kernel, 171 s (6.1) with
# mana.ko already built, 348 s for 6.12 including its first build (before rping and the
# kernel UD module: 68 checks, 177 s and 176 s). With dma-buf MRs (14 more, 11 of them
# SKIP on 6.1), measured alone with a make check running beside: 6.12 96 passed in
# 57 s (mana_ib built), 6.1 85 passed 11 skipped in 105 s (with a mana_ib rebuild).
# Negative control: with the notify EQ's QP-fatal dispatch removed, the five bad work
# requests FAIL (no error CQE and no IBV_EVENT_QP_FATAL). With the receive doorbell of
# kernel UD/GSI QPs not rung, rping and the kernel UD loopbacks FAIL. With the dma-buf
# MR's keys registered one page off its iova, the dma-buf WRITE/READ checks FAIL.
# Lost interrupts on the RNIC's EQ vector under rping (mana_ib's EQ watch, session 6):
# 6.1 86 passed 11 skipped in 297 s with the build (the check itself ~7 s: 10 pings in
# 5 s, both losses taken); with the watch never started it FAILs (0 pings, rping killed
# at 90 s, no rescue logged).
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
rc=0
for k in 6.1 6.12; do
	t0=$(date +%s)
	out=$(IB_GUEST="$top/tests/model/ib/rnic-guest.sh" IB_MIN_PDS=3 IB_KUD=1 \
		"$top/tests/model/ib/run.sh" "$k" 2> "/tmp/mana-rnic-ours-$k.log")
	r=$?
	grep -E '^(PASS|FAIL|SKIP):' <<< "$out" | sed "s/^\(PASS\|FAIL\|SKIP\): /\1: RNIC (ours) on the model, $k: /"
	if [ $r -ne 0 ]; then
		grep -q '^FAIL:' <<< "$out" ||
			echo "FAIL: RNIC (ours) on the model, $k: runner exited $r (log /tmp/mana-rnic-ours-$k.log)"
		grep -E '^(logs:|  \|)' <<< "$out" | tail -n 15
		rc=1
	fi
	echo "RNIC (ours) on the model, $k: $(($(date +%s) - t0))s" >&2
done
exit $rc
