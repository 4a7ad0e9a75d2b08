#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DPDK on the software MANA device (tests/dpdk/run.sh): Debian trixie's dpdk-testpmd with
# the net/mana PMD and rdma-core 56 on vPort 0, vPort 1's netdev in a namespace: probe,
# icmpecho, txonly and macswap with testpmd's, the netdev's and the model's counters
# agreeing, RSS over two queues. One boot per kernel/driver:
#   7.3 intree (the reference: Debian's own mana_ib, IB device manae_0 on mana.eth),
#   6.1 ours, 6.12 ours (our mana_ib.ko), and 6.1 ours again with Debian 12's rdma-core 44
#   (libibverbs + providers) in place of trixie's 56: what a 6.1 appliance image has;
#   6.12 intree once the model lists the RDMA device (tests/model/src/mgmt_ib.c).
# The trixie root is cached under $MANA_CACHE/dpdk. Each run prints its time.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
rc=0
runs=("7.3 intree trixie" "6.1 ours trixie" "6.12 ours trixie" "6.1 ours bookworm")
# 6.12's in-tree mana_ib registers its device through the RDMA (type 3) GDMA device and
# crashes at probe when the function lists none: with the model's RDMA device (mgmt_ib.c)
# it is the second reference (passed on that model: 18 passed, 0 failed)
[ ! -f "$top/tests/model/src/mgmt_ib.c" ] || runs+=("6.12 intree trixie")
for run in "${runs[@]}"; do
	set -- $run
	t0=$(date +%s)
	out=$(DPDK_RDMA=$3 timeout 600 "$top/tests/dpdk/run.sh" "$1" "$2" 2> "/tmp/dpdk-check-$1-$2-$3.log")
	r=$?
	grep -E '^(PASS|FAIL):' <<< "$out" | sed "s/^\(PASS\|FAIL\): /\1: dpdk $1 $2 (rdma-core of $3): /"
	if [ $r -ne 0 ]; then
		grep -q '^FAIL:' <<< "$out" ||
			echo "FAIL: dpdk $1 $2 ($3): runner exited $r (log /tmp/dpdk-check-$1-$2-$3.log)"
		grep -E '^(logs:|  \|)' <<< "$out" | tail -n 15
		rc=1
	fi
	echo "dpdk $1 $2 ($3 rdma-core): $(($(date +%s) - t0))s"
done
exit $rc
