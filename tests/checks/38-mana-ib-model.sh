#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# Our mana_ib.ko on the device model in booted 6.1 and 6.12 guests (tests/model/ib/run.sh):
# binds to mana.rdma, registers manae_0 (one port per vPort, Ethernet link layer, node GUID
# from the MAC, port state and master netdev from the netdev), user verbs through Debian's
# libibverbs + mana provider (PD, MR, CQs, WQ, RSS QP, raw send QP; EBUSY while the netdev
# is up; the netdev cannot open while the QPs exist), packets both ways through the raw
# queues with rdma-core 44 and 56 (verbs-traffic.c, incl. the completion channel), bad input
# to the uverbs, IBV_EVENT_DEVICE_FATAL on a device reset and manae_0 back after it,
# unbind/bind of the PCI function, clean unload. Measured: 36 s (6.1) and 166 s (6.12,
# including its mana.ko build) before the traffic checks.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
rc=0
for k in 6.1 6.12; do
	t0=$(date +%s)
	out=$("$top/tests/model/ib/run.sh" "$k" 2> "/tmp/mana-ib-model-$k.log")
	r=$?
	grep -E '^(PASS|FAIL):' <<< "$out" | sed "s/^\(PASS\|FAIL\): /\1: mana_ib on the model, $k: /"
	if [ $r -ne 0 ]; then
		grep -q '^FAIL:' <<< "$out" ||
			echo "FAIL: mana_ib on the model, $k: runner exited $r (log /tmp/mana-ib-model-$k.log)"
		grep -E '^(logs:|  \|)' <<< "$out" | tail -n 15
		rc=1
	fi
	echo "mana_ib on the model, $k: $(($(date +%s) - t0))s" >&2
done
exit $rc
