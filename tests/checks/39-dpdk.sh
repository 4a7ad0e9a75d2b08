#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# DPDK on the software MANA device (tests/dpdk/run.sh): Debian trixie's dpdk-testpmd with
# the net/mana PMD and rdma-core 56 on vPort 0, vPort 1's netdev in a namespace: probe,
# icmpecho, txonly and macswap with testpmd's, the netdev's and the model's counters
# agreeing, RSS over two queues. One boot per kernel/driver:
#   7.3 intree (the reference: Debian's own mana_ib, IB device manae_0 on mana.eth),
#   6.1 ours, 6.12 ours (our mana_ib.ko), and 6.1 ours again with Debian 12's rdma-core 44
#   (libibverbs + providers) in place of trixie's 56: what a 6.1 appliance image has;
#   6.12 intree (the model lists the RDMA device, tests/model/src/mgmt_ib.c), 7.3 ours.
# The 7.3 intree, 6.1 ours and 6.12 ours boots also service the device while testpmd
# forwards (DPDK_SERVICE=1): a reset request and an RDMA SOC_SERVICE, each with the PMD's
# removal event, mana_0 and the netdevs back, testpmd still answering, the device objects
# back at the baseline and vPort 0's netdev talking to vPort 1 afterwards. 6.12's in-tree
# driver handles neither event (no servicing in 6.12); the rdma-core 44 boot skips it to
# keep the step short. Ours gets the silent reset request (the model answers no HWC
# request between the request and DESTROY_HWC, as mainline's reset cycle assumes); the 7.3
# reference the answering one: with a silent device its mana_ib_dealloc_pd() returns the
# DESTROY_PD timeout while the IB device unregisters and ib_core warns (README, "DPDK on
# MANA": the reference's own fault).
# The trixie root is cached under $MANA_CACHE/dpdk. Each run prints its time.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
rc=0
# 6.12's in-tree mana_ib registers its device through the RDMA (type 3) GDMA device (the
# model's mgmt_ib.c): the second reference. 7.3 ours: our mana_ib where the kernel has its
# own (no servicing there, to keep the step short).
runs=("7.3 intree trixie 1 0" "6.1 ours trixie 1 1" "6.12 ours trixie 1 1" "6.1 ours bookworm 0 0"
	"6.12 intree trixie 0 0" "7.3 ours trixie 0 0")
for run in "${runs[@]}"; do
	set -- $run
	t0=$(date +%s)
	out=$(DPDK_RDMA=$3 DPDK_SERVICE=$4 DPDK_HWC_SILENT=$5 timeout 600 "$top/tests/dpdk/run.sh" "$1" "$2" 2> "/tmp/dpdk-check-$1-$2-$3.log")
	r=$?
	grep -E '^(PASS|FAIL):' <<< "$out" | sed "s/^\(PASS\|FAIL\): /\1: dpdk $1 $2 (rdma-core of $3): /"
	if [ $r -ne 0 ]; then
		grep -q '^FAIL:' <<< "$out" ||
			echo "FAIL: dpdk $1 $2 ($3): runner exited $r (log /tmp/dpdk-check-$1-$2-$3.log)"
		grep -E '^(logs:|  \|)' <<< "$out" | tail -n 15
		rc=1
	fi
	svc=
	[ "$4" = 1 ] && svc=", of which servicing $(sed -n "s/.*step 'service: [^']*': \([0-9]*\) s.*/\1/p" <<< "$out" |
		awk '{ s += $1 } END { print s + 0 }')s"
	echo "dpdk $1 $2 ($3 rdma-core): $(($(date +%s) - t0))s$svc"
done
exit $rc
