#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Figures (a benchmark, not a test): ours vs Debian's in-tree mana.ko on the device model.
# Each guest runs the phases of tests/e2e/guest/bench.sh (TCP stream MTU 1500 and 9000, UDP
# send only, UDP send+receive, XDP_DROP, XDP_TX, ethtool -G/-L under traffic, ip link
# set down/up until a ping answers) under QEMU with the instruction-counting TCG plugin
# (tests/bench/plugin/insn-count.c), and the figures come from tests/bench/report.py:
#   - guest instructions per packet (user / kernel / modules, i.e. the driver), read at the
#     edges of each phase while the guest waits: they do not depend on the host's load
#   - the model's device-side work per packet: doorbells (per queue type), MSI-X
#     interrupts, CQEs, HWC requests; the per-queue packet counts (RSS spread)
#   - probe to link up, ifup, ethtool -G/-L: instructions, HWC requests and the waits
#     (msleep and the time asked, grace periods, timed completions: kprobe counts in the
#     guest) per reconfiguration; seconds and packets/s (host clock: load-dependent)
#   - the driver's instructions per packet by function (the plugin's per-block profile of
#     the module area mapped with the guest's /proc/kallsyms): report.py profile
#   - testpmd forwarding (tests/dpdk/bench.sh: ours on 6.1 and 6.12, the in-tree mana_ib on
#     6.12), folded into the same table; BENCH_DPDK=0 leaves it out (QUICK=1 does),
#     BENCH_DPDK_ROUNDS (default: the rounds), BENCH_DPDK_CONFS (KVER:DRIVER list)
#
# Usage: tests/e2e/bench.sh [KVER [DRIVER...]]      (make bench; make bench QUICK=1)
#   KVER defaults to 6.1; E2E_BENCH_KVERS="6.1 6.12" runs several kernels in one run.
#   DRIVER defaults to "intree ours ours-static" ("intree ours" with QUICK=1); ours-static
#   is our module with adaptive moderation off (ethtool -C adaptive-rx off adaptive-tx
#   off), the like of the in-tree 6.1/6.12 driver, which has no DIM. A round boots every kernel x driver once, back to
#   back, so that a change of host load hits all alike. E2E_BENCH_RUNS=N rounds (default
#   3), E2E_XFER_MB (default 20), E2E_SMP (vCPUs, default 1), BENCH_PHASES, UDP_COUNT,
#   UDP_SIZE, UDP_FLOWS, RR_COUNT, RR_SIZE, IFUP_ROUNDS (see guest/bench.sh), BENCH_PLUGIN_ARGS (extra plugin options,
#   e.g. mod_lo=HEX,mod_hi=HEX: the address range counted as modules).
#   QUICK=1: one round, 6.1, phases tcp1500 tcp_rr udp_tx udp_rx, 10 MiB / 1500
#   transactions / 5000 datagrams, no
#   testpmd.
# Per run the figures, then per kernel one table (median [min - max] spread, ratio
# ours/in-tree), load-independent figures first. Raw records: $MANA_CACHE/e2e/bench/
# (or BENCH_JSONL).
# Exit status 1 when an in-tree run gave no figures (ours failing is reported as such).
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"

if [ "${QUICK:-0}" = 1 ]; then
	: "${E2E_BENCH_RUNS:=1}" "${E2E_XFER_MB:=10}" "${BENCH_PHASES:=tcp1500 tcp_rr udp_tx udp_rx}"
	: "${UDP_COUNT:=5000}" "${RR_COUNT:=1500}" "${BENCH_DPDK:=0}"
fi
kvers=${E2E_BENCH_KVERS:-$(e2e_pick_kver "${1:-${KVER:-}}")}
shift || true
drivers=("$@")
if [ ${#drivers[@]} -eq 0 ]; then
	drivers=(intree ours ours-static)
	[ "${QUICK:-0}" != 1 ] || drivers=(intree ours)
fi
xfer_mb=${E2E_XFER_MB:-20}
runs=${E2E_BENCH_RUNS:-3}

e2e_host_deps || mana_die "cannot install the host packages"
eval "$("$E2E_DIR/qemu-bundle.sh")" || mana_die "no QEMU 11.1 bundle"
model=$(e2e_model) || mana_die "the device model does not build (make -C tests/model)"
mkdir -p "$E2E_CACHE/bench" "$E2E_CACHE/runs"
plugin=$("$MANA_TOP/tests/bench/plugin/build.sh" "$E2E_CACHE/bench/plugin") ||
	mana_die "the insn-count TCG plugin does not build"
# E2E_BENCH_ICOUNT=shift=N,sleep=on: guest time from the instruction count (QEMU -icount)
# instead of the host clock, so that timer ticks and periodic driver work come per
# instruction, not per host second. Off by default: with shift=4 the guest's clock runs
# faster than the loaded host and the ticks added ~40 % kernel instructions per packet,
# while the run-to-run spread did not shrink (README, "Cost per packet").
qemu_icount=()
icount_opt=${E2E_BENCH_ICOUNT:-off}
[ "$icount_opt" = off ] || qemu_icount=(--qemu-arg=-icount "--qemu-arg=$icount_opt")
# BENCH_JSONL: where the per-run records go (tests/checks/57-bench-quick.sh reads them)
summary=${BENCH_JSONL:-$E2E_CACHE/bench/$(date +%Y%m%d-%H%M%S).$$.jsonl}
rm -f "$summary"
rc=0
declare -A ko failed
for kv in $kvers; do
	e2e_kernel "$kv"
	for driver in "${drivers[@]}"; do
		ko[$kv.$driver]=
		failed[$kv.$driver]=0
		[ "${driver%-static}" = ours ] || continue
		if k=$(e2e_ours_ko "$KDIR"); then
			ko[$kv.$driver]=$k
		else
			echo "kernel $KVER, driver ours: our mana.ko does not build for $KVER, no figures"
			failed[$kv.$driver]=$runs
		fi
	done
done
for ((run = 1; run <= runs; run++)); do
	for kv in $kvers; do
		e2e_kernel "$kv"
		for driver in "${drivers[@]}"; do
			[ "${failed[$kv.$driver]}" -lt "$runs" ] || continue
			work=$(mktemp -d "$E2E_CACHE/runs/$KVER-bench-$driver.XXXXXX")
			# ours-static: our module with adaptive moderation turned off in the guest
			# (ethtool -C ... adaptive-rx off adaptive-tx off), like the in-tree 6.1/6.12
			# driver, which has no DIM
			e2e_mkinitramfs "$work/initrd.gz" "$KVER" "$MODROOT" "${driver%-static}" "${ko[$kv.$driver]}" "MODE=bench
DRIVER=$driver
BENCH_STATIC_COAL=$([ "$driver" = ours-static ] && echo 1 || echo 0)
KVER=$KVER
XFER_MB=$xfer_mb
BENCH_PHASES='${BENCH_PHASES:-tcp1500 tcp_rr udp_tx udp_rx tcp9000 xdp_drop xdp_tx ring chan ifup}'
IFUP_ROUNDS=${IFUP_ROUNDS:-3}
RR_COUNT=${RR_COUNT:-3000}
RR_SIZE=${RR_SIZE:-64}
UDP_COUNT=${UDP_COUNT:-20000}
UDP_SIZE=${UDP_SIZE:-64}
UDP_FLOWS=${UDP_FLOWS:-16}" || mana_die "initramfs build failed"
			mana_log "bench: round $run of $runs, $KVER $driver, ${E2E_SMP:-1} vCPU(s) (logs $work)"
			e2e_vm "$work" bench --icount "$plugin${BENCH_PLUGIN_ARGS:+,$BENCH_PLUGIN_ARGS}" "${qemu_icount[@]}" > "$work/vm.out" 2>&1
			[ "$runs" -eq 1 ] || echo "round $run of $runs:"
			if python3 "$MANA_TOP/tests/bench/report.py" run "$work" "$KVER" "$driver" "$summary" |
					tee "$E2E_CACHE/bench/$KVER-$driver.txt" && [ "${PIPESTATUS[0]}" -eq 0 ]; then
				[ -n "${E2E_KEEP:-}" ] || rm -rf "$work"
			else
				sed 's/^/  guest: /' "$work/vm.out" | tail -n 5
				echo "  logs: $work"
				failed[$kv.$driver]=$((failed[$kv.$driver] + 1))
				[ "$driver" != intree ] || rc=1
			fi
		done
	done
done
# testpmd forwarding through our mana_ib (6.1, 6.12) and the in-tree one (6.12), the same
# number of rounds, into the same records
if [ "${BENCH_DPDK:-1}" = 1 ]; then
	draw=$E2E_CACHE/bench/dpdk-$(basename "$summary" .jsonl).txt
	maps=()
	for c in ${BENCH_DPDK_CONFS:-6.12:intree 6.12:ours 6.1:ours}; do
		e2e_kernel "${c%%:*}"
		maps+=("${c%%:*}=$KVER")
	done
	mana_log "bench: testpmd (tests/dpdk/bench.sh, ${BENCH_DPDK_ROUNDS:-$runs} round(s) per configuration)"
	# shellcheck disable=SC2086 # the configurations are words
	DPDK_BENCH_ROUNDS=${BENCH_DPDK_ROUNDS:-$runs} "$MANA_TOP/tests/dpdk/bench.sh" ${BENCH_DPDK_CONFS:-6.12:intree 6.12:ours 6.1:ours} \
		> "$draw.log" 2>&1
	raw=$(sed -n 's/^raw: //p' "$draw.log")
	if [ -n "$raw" ] && python3 "$MANA_TOP/tests/bench/report.py" dpdk "$raw" "$summary" "${maps[@]}"; then
		echo "testpmd: $(grep -c . "$raw") figure line(s) from $raw"
	else
		echo "testpmd: no figures (see $draw.log)"
	fi
fi
echo
# the ceiling: the model's switch fed from the host with no guest in the loop
ceiling=$(python3 "$MANA_TOP/tests/bench/switch-ceiling.py" "$model" "${BENCH_CEILING_FRAMES:-200000}") ||
	ceiling=
echo "model switch alone (tests/bench/switch-ceiling.py, host clock): ${ceiling:-not measured}"
ceiling_pps=$(echo "$ceiling" | sed -n 's/.*ceiling_pps=\([0-9]*\).*/\1/p')
[ ! -s "$summary" ] || python3 "$MANA_TOP/tests/bench/report.py" summary "$summary" "$ceiling_pps"
# where the driver spends its instructions (BENCH_PROFILE_TOP functions per path)
[ ! -s "$summary" ] || [ "${BENCH_PROFILE_TOP:-12}" = 0 ] ||
	python3 "$MANA_TOP/tests/bench/report.py" profile "$summary" "${BENCH_PROFILE_TOP:-12}"
exit $rc
