#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Device-side fuzz run, sourced by guest/e2e.sh (busybox sh) in MODE=fuzz (tests/e2e/fuzz.sh).
# Config: SEED, EVENTS (mutations in all), FUZZ_SECS (bound of each fuzz phase).
#   1 setup: probe, link, both vPorts in namespaces, ping both ways and a TCP transfer
#   2 a lost HWC completion event (model fault hwc_lost_event, regression check of fuzz
#     seed 12346): the statistics poll times out once, the driver arms the HWC CQ again and
#     takes the late response at once (no "device still not answering"), the statistics
#     poll asks once more instead of starting a reset cycle, and the port's requests work
#     afterwards (link down/up right away, then carrier and traffic)
#   3 a device that stays present but stops answering (model faults tx_stall + hwc_silent):
#     "ip link set down" of one port and every RTNL user meanwhile (a sampler that sets lo
#     up in the other namespace every 0.2 s) wait at most RTNL_BOUND s (5): the TX drain
#     times out after 3 s and the driver gives the function up (no request waited for);
#     the reset cycle that follows (the other port closed under RTNL too) stays within the
#     bound; the queues whose destroy went unconfirmed keep their memory until the reset
#     ("memory is kept until the function is reset"); then link up, traffic and the
#     model's object counts as before
#   4 phase 1, seed SEED: HWC responses, init events, query values ("hwc,init,query",
#     200 per mille) while the ports are cycled (link down/up, ethtool -L) and the driver
#     is reloaded (probe under fuzz); phase 2, seed SEED+1: CQEs and EQEs ("cqe,eqe",
#     10 per mille) under ping and TCP traffic. Each phase ends after EVENTS/2 mutations or
#     FUZZ_SECS; then "fuzz off". PASS when the fuzzer made mutations and no step hung.
#   5 recovery: traffic back within RECOVER_SECS (the driver's own reset allowed), or the
#     function given up with a clear message in the log
#   6 rmmod mana within the bound; the model's objects all back to zero (no device leak)
#   7 the driver loads again on the (now sane) device and carries traffic
#   8 kernel log: no BUG/WARNING/Oops/KASAN/Call Trace/hung task/RCU stall/page_pool or
#     netdev reference leak
FUZZ_CHECKS=8
RTNL_BOUND=${RTNL_BOUND:-5}
FUZZ_SECS=${FUZZ_SECS:-60}
RECOVER_SECS=${RECOVER_SECS:-90}
FZ_BOUND=60

fz_state() { host fuzz; echo "$HOST_REPLY"; }
fz_on() { case $(fz_state) in "ok on"*) return 0 ;; esac; return 1; }
fz_mut() { fz_state | sed -n 's/.*mutations=\([0-9]*\).*/\1/p'; }
fz_objects() { host objects; echo "$HOST_REPLY" | sed 's/ hwc=.*//; s/^ok //'; }
fz_devs() { set -- $(mana_netdevs); echo $#; }

# fz_step SECS CMD...: run the command CMD (no shell function) with a bound; a step past it is a hang (FZ_HUNG)
fz_step() {
	local s=$1
	shift
	# busybox timeout runs its own ip applet (no -n, no netns) for a bare "ip"
	[ "$1" != ip ] || { shift; set -- /usr/sbin/ip "$@"; }
	timeout "$s" "$@" > /dev/null 2>&1
	[ $? -ne 143 ] || { FZ_HUNG="$FZ_HUNG '$*'"; say "fuzz: '$*' did not end within $s s"; }
}

# fz_where: the netdevs of the driver wherever they are, as "NS:DEV" (NS - for init)
fz_where() {
	FA= FB=
	set -- $(mana_netdevs)
	[ -n "${1:-}" ] && FA=$1 && FANS=-
	[ -n "${2:-}" ] && FB=$2 && FBNS=-
	local d
	for d in $(ip netns exec $NSA ls /sys/class/net 2>/dev/null); do
		[ "$d" = lo ] || { FA=$d FANS=$NSA; }
	done
	for d in $(ip netns exec $NSB ls /sys/class/net 2>/dev/null); do
		[ "$d" = lo ] || { FB=$d FBNS=$NSB; }
	done
}

# fz_bringup [noload]: driver bound (load it if not, unless noload), both vPorts in their namespaces, addressed
fz_bringup() {
	ip netns add $NSA 2>/dev/null
	ip netns add $NSB 2>/dev/null
	fz_where
	if [ -z "$FA" ] || [ -z "$FB" ]; then
		# not bound (a probe that failed or gave up): load it again (not with "noload")
		if [ -z "$(driver_name)" ]; then
			[ "${1:-}" != noload ] || return 1
			fz_step $FZ_BOUND rmmod mana
			load_driver || return 1
		fi
		fz_where
	fi
	[ -n "$FA" ] && [ -n "$FB" ] || return 1
	if [ "$FANS" = - ] || [ "$FBNS" = - ]; then
		[ "$FANS" = - ] && ip link set dev "$FA" netns $NSA
		[ "$FBNS" = - ] && ip link set dev "$FB" netns $NSB
	fi
	ip -n $NSA addr add $IPA/24 dev "$FA" 2>/dev/null
	ip -n $NSB addr add $IPB/24 dev "$FB" 2>/dev/null
	ip -n $NSA link set lo up; ip -n $NSB link set lo up
	ip -n $NSA link set "$FA" up && ip -n $NSB link set "$FB" up
}

# fz_traffic: carrier on both, ping both ways, a small TCP transfer
fz_traffic() {
	FZ_MSG=
	wait_up $NSA "$FA" || { FZ_MSG="$FA has no carrier"; return 1; }
	wait_up $NSB "$FB" || { FZ_MSG="$FB has no carrier"; return 1; }
	nsping $NSA $IPB || { FZ_MSG="no ping $FA -> $FB"; return 1; }
	nsping $NSB $IPA || { FZ_MSG="no ping $FB -> $FA"; return 1; }
	A=$FA B=$FB
	tcp_transfer 2
	[ "$XFER_OK" = 1 ] || { FZ_MSG="TCP: $XFER_MSG"; return 1; }
	FZ_MSG="ping both ways, TCP $XFER_MSG"
}

# fz_stream: 2 MiB of TCP from NSA to NSB, bounded (20 s) whatever the data path does
fz_stream() {
	local srv
	[ -s /tmp/tx.bin ] || dd if=/dev/urandom of=/tmp/tx.bin bs=1M count=2 2>/dev/null
	ip netns exec $NSB nc -l -p $((PORT + 1)) > /dev/null 2>&1 &
	srv=$!
	sleep 0.5
	# a stalled stream is the data path's problem (checked after the phase), not a hang
	timeout 20 ip netns exec $NSA nc -w 5 $IPB $((PORT + 1)) < /tmp/tx.bin > /dev/null 2>&1
	kill "$srv" 2>/dev/null
}

# fz_phase NAME SEED RATE CLASSES EVENTS: fuzz with a workload until done or FUZZ_SECS
fz_phase() {
	local name=$1 t0 i=0 m0
	m0=$(fz_mut)
	host fuzz "$2" "$3" "$4" "$5"
	say "fuzz $name: $HOST_REPLY (rate $3/1000, classes $4, $5 mutations)"
	t0=$(up)
	while fz_on && [ "$(fsub "$(up)" "$t0")" -lt "$FUZZ_SECS" ]; do
		fz_bringup
		ip netns exec $NSA ping -q -c 50 -i 0.02 -w 5 $IPB > /dev/null 2>&1 &
		ip netns exec $NSB ping -q -c 50 -i 0.02 -w 5 $IPA > /dev/null 2>&1 &
		case $name:$((i % 4)) in
		hwc:0) fz_step $FZ_BOUND ip -n $NSA link set "$FA" down
		       fz_step $FZ_BOUND ip -n $NSA link set "$FA" up ;;
		hwc:1) fz_step $FZ_BOUND ip netns exec $NSB ethtool -L "$FB" combined 1
		       fz_step $FZ_BOUND ip netns exec $NSB ethtool -L "$FB" combined 2 ;;
		hwc:2) fz_step $FZ_BOUND rmmod mana
		       fz_step 150 modprobe mana
		       sleep 2
		       fz_bringup ;;
		hwc:3) fz_step $FZ_BOUND ip netns exec $NSA ethtool -S "$FA"
		       sleep 2 ;;
		*) [ -z "$FA" ] || [ -z "$FB" ] || fz_stream ;;
		esac
		wait
		i=$((i + 1))
	done
	host fuzz off
	FZ_DONE=$(( $(fz_mut) - m0 ))
	say "fuzz $name: $FZ_DONE mutations in $(fsub "$(up)" "$t0") s ($i workload rounds)"
}

# fz_rtnl_sampler: until /tmp/rtnl.stop exists, time a request that needs RTNL (RTM_NEWLINK
# on lo of NSB) every 0.2 s; the longest in centiseconds is kept in /tmp/rtnl.max
fz_rtnl_sampler() {
	local max=0 t0 t1 d
	echo 0 > /tmp/rtnl.max
	while [ ! -e /tmp/rtnl.stop ]; do
		t0=$(up)
		ip -n $NSB link set dev lo up
		t1=$(up)
		d=$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.0f", (a - b) * 100 }')
		if [ "$d" -gt "$max" ]; then
			max=$d
			echo "$max" > /tmp/rtnl.max
		fi
		sleep 0.2
	done
}

# fz_silent: check 3 (see the top)
fz_silent() {
	local o0 o1 mx c0 k0 k smp i p=/sys/module/mana/parameters/tx_drain_timeout_ms
	[ -z "${FUZZ_TX_DRAIN_MS:-}" ] || echo "$FUZZ_TX_DRAIN_MS" > $p
	o0=$(fz_objects)
	c0=$(dmesg | grep -c "function up again")
	k0=$(dmesg | grep -c "memory is kept until the function is reset")
	rm -f /tmp/rtnl.stop
	fz_rtnl_sampler &
	smp=$!
	# HWC first: the link down below comes before the statistics poll's HWC timeout
	host fault hwc_silent
	host fault tx_stall
	# sends posted on FA that never complete
	ip netns exec $NSA ping -q -c 20 -i 0.05 -w 1 $IPB > /dev/null 2>&1
	# a port taken down by hand while the device is silent: its close gives the function
	# up, the reset cycle that follows closes the other port (statistics poll or this close)
	fz_step $FZ_BOUND ip -n $NSA link set "$FA" down
	# the reset cycle the driver asked for (the model's HWC answers again once destroyed)
	i=0
	while [ $i -lt 60 ] && [ "$(dmesg | grep -c "function up again")" = "$c0" ]; do
		sleep 1
		i=$((i + 1))
	done
	host fault clear
	touch /tmp/rtnl.stop
	wait $smp
	mx=$(awk -v c="$(cat /tmp/rtnl.max)" 'BEGIN { printf "%.1f", c / 100 }')
	[ -z "${FUZZ_TX_DRAIN_MS:-}" ] || echo 3000 > $p
	fz_step $FZ_BOUND ip -n $NSA link set "$FA" up
	FZ_MSG=
	i=0
	until fz_traffic || [ $i -ge 3 ]; do
		sleep 5
		i=$((i + 1))
	done
	o1=$(fz_objects)
	k=$(( $(dmesg | grep -c "memory is kept until the function is reset") - k0 ))
	if ! awk -v m="$mx" -v b="$RTNL_BOUND" 'BEGIN { exit !(m <= b) }'; then
		fail "silent device: the longest RTNL wait of a netdev through the reset cycle's close was ${mx} s (bound ${RTNL_BOUND} s): $(dmesg | grep -E 'never completed|abandon|failing further|got no answer' | tail -n 2 | tr '\n' ' ')"
	elif [ "$(dmesg | grep -c "function up again")" = "$c0" ]; then
		fail "silent device: no reset cycle within 60 s"
	elif [ "$FZ_MSG" = "${FZ_MSG#ping both}" ]; then
		fail "silent device: RTNL waits <= ${mx} s, reset cycle done, but no traffic: $FZ_MSG"
	elif [ "$o0" != "$o1" ]; then
		fail "silent device: device objects '$o0' before, '$o1' after the reset cycle"
	elif [ "$k" -lt 1 ]; then
		fail "silent device: the abandoned close freed its queues without the device's confirmation (no 'memory is kept until the function is reset')"
	else
		pass "silent device (sends stalled, HWC silent): '$FA' set down by hand, longest RTNL wait of a netdev ${mx} s through its close and the reset cycle's (bound ${RTNL_BOUND} s); $k queues logged as kept until the reset (rate-limited log); then link up, $FZ_MSG, objects back to '$o1'"
	fi
}

run_fuzz() {
	local o0 o1 d t0 half n w a i r
	[ "${FUZZ_SILENT:-1}" = 1 ] || FUZZ_CHECKS=$((FUZZ_CHECKS - 1))
	echo "@@PLAN $FUZZ_CHECKS" >&3
	FZ_HUNG=
	# 1. setup
	if [ -n "$PCI" ] && load_driver && fz_bringup && fz_traffic; then
		pass "fuzz setup: $PCI_DRIVER bound, $FA/$FB: $FZ_MSG"
	else
		fail "fuzz setup: driver=$(driver_name) netdevs='$(mana_netdevs)' ${FZ_MSG:-}"
	fi
	o0=$(fz_objects)
	# 2. a lost HWC completion event: the request times out, the driver arms the HWC CQ
	#    again and takes the late response at once; no request fails for a dead channel
	n=$(dmesg | grep -c 'got no response')
	w=$(dmesg | grep -c 'which nobody waits for')
	a=$(dmesg | grep -c 'HWC: device answers again')
	t0=$(dmesg | grep -c 'device still not answering')
	r=$(dmesg | grep -c 'asking for a function reset')
	host fault hwc_lost_event 1
	sleep 6
	d=$(( $(dmesg | grep -c 'got no response') - n ))
	w=$(( $(dmesg | grep -c 'which nobody waits for') - w ))
	a=$(( $(dmesg | grep -c 'HWC: device answers again') - a ))
	t0=$(( $(dmesg | grep -c 'device still not answering') - t0 ))
	r=$(( $(dmesg | grep -c 'asking for a function reset') - r ))
	host fault clear
	fz_step $FZ_BOUND ip -n $NSA link set "$FA" down
	fz_step $FZ_BOUND ip -n $NSA link set "$FA" up
	FZ_MSG=
	i=0
	until fz_traffic || [ $i -ge 3 ]; do
		sleep 5
		i=$((i + 1))
	done
	# The late response shows as "nobody waits for" when it is handled before the poll's
	# retry (same opcode, same message id 0) is posted; handled after, it is taken with the
	# retry's own answer (seed 151635141, load 13). Either way "device answers again" ends
	# the degraded state; a channel left dead fails the retry ("still not answering").
	if [ "$d" -ge 1 ] && [ "$a" -ge 1 ] && [ "$t0" = 0 ] && [ "$r" = 0 ] && [ "$FZ_MSG" != "${FZ_MSG#ping both}" ]; then
		[ "$w" -ge 1 ] && w="dropped as stale" || w="taken with the poll's retry"
		pass "lost HWC completion event: $d request timed out, its late response was taken ($w), the channel answered again (no request failed on a dead channel, no reset cycle), then link down/up and $FZ_MSG"
	else
		fail "lost HWC completion event: $d timeout(s) (want >= 1), $a 'device answers again' (want >= 1; $w late response(s) dropped as stale), $t0 request(s) failed on a dead channel (want 0), $r reset cycle(s) asked for (want 0), after link down/up traffic: ${FZ_MSG:-not tried}"
	fi
	# 3. a silent device: RTNL holds bounded
	if [ "${FUZZ_SILENT:-1}" = 1 ]; then
		fz_silent
	else
		say "silent device check: not run (FUZZ_SILENT=0)"
	fi
	# 4. fuzz
	half=$((EVENTS / 2))
	[ "$half" -gt 0 ] || half=1
	fz_phase hwc "$SEED" 200 hwc,init,query "$half"
	n=$FZ_DONE
	if [ -n "${FUZZ_DATA_CLASSES:-}" ]; then
		fz_phase data $((SEED + 1)) 10 "$FUZZ_DATA_CLASSES" "$((EVENTS - half))"
		n="$n + $FZ_DONE"
	else
		say "fuzz data phase: not run (FUZZ_DATA_CLASSES empty)"
	fi
	host jvals mutated
	if [ -n "$FZ_HUNG" ]; then
		fail "fuzz seed $SEED: steps did not end within their bound:$FZ_HUNG"
	elif [ "$(fz_mut)" -gt 0 ]; then
		pass "fuzz seed $SEED: $n mutations (per class hwc init cqe eqe query: $HOST_REPLY), no step hung; driver: $(dmesg | grep -c 'got no event') missed-event polls, $(dmesg | grep -cE 'already (taken|completed)') duplicate completions skipped, $(dmesg | grep -c "resetting the port's queues") queue resets"
	else
		fail "fuzz seed $SEED: the fuzzer made no mutation"
	fi
	# 5. recovery: the driver's own (bounded) recovery, no reload; a give-up counts only
	#    when it is the state now: logged after the fuzzer stopped, or the function unbound
	n=$(dmesg | wc -l)
	t0=$(up)
	FZ_MSG=
	while [ "$(fsub "$(up)" "$t0")" -lt "$RECOVER_SECS" ]; do
		fz_bringup noload && fz_traffic && break
		sleep 3
	done
	d=$(dmesg | tail -n +$((n + 1)) | grep -E 'stays down|probe failed|probe of .* failed' | tail -n 1)
	[ -n "$d" ] || [ -n "$(driver_name)" ] ||
		d="$(dmesg | grep -E 'stays down|probe failed|probe of .* failed' | tail -n 1) (unbound since)"
	# a function (or its Ethernet client) given up while the fuzzer ran, with no Ethernet
	# brought up since, is given up now
	if [ -z "$d" ]; then
		w=$(dmesg | grep -nE 'stays down|resume of .* failed|probe of .* failed' | tail -n 1)
		o1=$(dmesg | grep -nE 'MANA Ethernet resumed|MANA Ethernet: [0-9]+ vPorts' | tail -n 1 | cut -d: -f1)
		[ -z "$w" ] || [ "${w%%:*}" -le "${o1:-0}" ] || d="${w#*:} (nothing brought up since)"
	fi
	if [ "$FZ_MSG" != "${FZ_MSG#ping both}" ]; then
		pass "fuzz recovery: traffic back $(fsub "$(up)" "$t0") s after the fuzzer stopped: $FZ_MSG"
	elif [ -n "$d" ]; then
		pass "fuzz recovery: the function was given up with a clear message: $d"
	else
		fail "fuzz recovery: no traffic within $RECOVER_SECS s ($FZ_MSG) and no give-up message"
	fi
	# 6. unload, no device object left
	t0=$(up)
	timeout $FZ_BOUND rmmod mana
	w=$?
	o1=$(fz_objects)
	if [ $w -eq 0 ] && echo "$o1" | grep -qE '^eq=0 cq=0 wq=0 regions=0 pd=0 mr=0 devs=0'; then
		pass "fuzz unload: rmmod mana in $(fsub "$(up)" "$t0") s, device objects back to zero ($o1; before fuzzing $o0)"
	else
		fail "fuzz unload: rmmod exit $w (124/143: past the ${FZ_BOUND} s bound) after $(fsub "$(up)" "$t0") s, objects '$o1' (want exit 0 and all zero)"
	fi
	ip netns del $NSA 2>/dev/null
	ip netns del $NSB 2>/dev/null
	ip netns add $NSA; ip netns add $NSB
	# 7. reload on the sane device
	if load_driver && fz_bringup && fz_traffic; then
		pass "fuzz reload: probe again, $FZ_MSG"
	else
		fail "fuzz reload: driver=$(driver_name) netdevs='$(mana_netdevs)' ${FZ_MSG:-}"
	fi
	timeout $FZ_BOUND rmmod mana
	# 8. kernel log
	d=$(dmesg | grep -E 'BUG:|WARNING:|Oops|KASAN|UBSAN|general protection|Call Trace|list_del corruption|refcount_t:|blocked for more than|rcu_sched self-detected|rcu: INFO|stall on CPU|page_pool.*(stalled|inflight)|unregister_netdevice: waiting|leak' |
		grep -v 'kmemleak: Kernel memory leak detector initialized' | head -n 1)
	if [ -z "$d" ]; then
		pass "fuzz kernel log: no splat, hung task, RCU stall or leak message"
	else
		fail "fuzz kernel log: $d"
	fi
}
