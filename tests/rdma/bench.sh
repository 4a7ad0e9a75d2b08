#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RDMA figures on the model's RNIC (make rdma-bench): perftest's ib_send_bw, ib_write_bw,
# ib_read_bw (65536 B messages, Gb/s) and ib_send_lat (64 B, typical latency in usec),
# client and server on the RNIC's port 1 (through the model's RDMA engine), through our
# mana_ib on 6.12 and the in-tree mana_ib of Debian 7.3 in the same run: one guest each
# (tests/rdma/run.sh with RDMA_BENCH_ROUNDS), ROUNDS rounds, then the median, minimum and
# maximum of each figure in a table.
#
# A benchmark, not a test: not in make check. The figures measure the software model under
# QEMU TCG (every work request crosses vfio-user and the model's engine thread), not the
# driver: they bound nothing about Azure hardware; they show that neither driver adds a
# cost the other does not.
#
# Usage: tests/rdma/bench.sh [ROUNDS]   (ROUNDS=3; BENCH_KERNELS="6.12:ours 7.3:intree";
#        RDMA_BENCH_BW_ITERS=300, RDMA_BENCH_LAT_ITERS=300 per run; RDMA_TIMEOUT=1500 s
#        per guest: on a loaded 2-core machine a round of four pairs took up to 90 s)
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../lib/common.sh"
rounds=${1:-${ROUNDS:-3}}
export RDMA_BENCH_BW_ITERS=${RDMA_BENCH_BW_ITERS:-300} RDMA_BENCH_LAT_ITERS=${RDMA_BENCH_LAT_ITERS:-300}
export RDMA_TIMEOUT=${RDMA_TIMEOUT:-1500}
runs=${BENCH_KERNELS:-6.12:ours 7.3:intree}
out=$(mktemp -d /tmp/mana-rdma-bench.XXXXXX)
t0=$(date +%s)
for kd in $runs; do
	k=${kd%%:*} d=${kd#*:}
	mana_log "rdma bench: $k $d, $rounds rounds"
	RDMA_BENCH_ROUNDS=$rounds "$here/run.sh" "$k" "$d" > "$out/$k-$d.log" 2> "$out/$k-$d.err"
	grep -q '^FAIL' "$out/$k-$d.log" && { grep '^FAIL' "$out/$k-$d.log" | head -n 5 >&2
		mana_die "rdma bench: the $k $d run failed (log $out/$k-$d.log)"; }
done
# median and spread: "<tool> <value>" lines on stdin
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print "-"; exit }
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f (%.2f-%.2f)", m, v[1], v[NR] }'
}
printf '\nRDMA on the model, %s rounds per driver (median, min-max):\n\n' "$rounds"
printf '| figure |'
for kd in $runs; do printf ' %s |' "${kd#*:} ${kd%%:*}"; done
printf '\n|---|'
for kd in $runs; do printf -- '---|'; done
printf '\n'
for t in ib_send_bw:Gb/s ib_write_bw:Gb/s ib_read_bw:Gb/s ib_send_lat:usec; do
	printf '| %s (%s) |' "${t%%:*}" "${t#*:}"
	for kd in $runs; do
		k=${kd%%:*} d=${kd#*:}
		printf ' %s |' "$(sed -n "s/^PASS: bench ${t%%:*} round [0-9]*: //p" "$out/$k-$d.log" | stats)"
	done
	printf '\n'
done
printf '\n%s s in all; logs in %s\n' "$(($(date +%s) - t0))" "$out"
