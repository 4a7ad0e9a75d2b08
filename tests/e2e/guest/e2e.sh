#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the e2e guest (busybox sh). Drives the MANA function of the device model
# through the kernel's mana driver and reports on fd 3 (ttyS1, read by tests/e2e/vm.py):
#   @@PLAN n          number of result lines that will follow
#   @@R PASS|FAIL: x  one check
#   @@MARK name ...   a timestamp (guest uptime) for the figures
#   @@OUT text        text for the user (demo, bench)
#   @@BENCH k=v ...   raw figures for tests/e2e/bench.sh
#   @@SYNC cmd        ask the host runner to do something; it answers "@@ACK <reply>"
# /e2e/config sets MODE (test|bench|demo|fuzz: guest/fuzz.sh|faults: guest/faults.sh|soak: guest/soak.sh), DRIVER, KVER, MACS, XFER_MB,
# and optionally FEATURES=1 (guest/eth-features.sh, then guest/recovery.sh), RECOVERY=1
# (guest/recovery.sh without the feature checks), REMOVAL=1 (guest/removal.sh), RNIC=1
# (guest/rnic.sh: the in-tree mana_ib on the model's RDMA device) and NETVSC=1
# (guest/netvsc.sh instead of the base checks: the VF join against the hv_netvsc stand-in).
. /e2e/config
NSA=e2ea NSB=e2eb IPA=10.77.0.1 IPB=10.77.0.2 PORT=5001
MIB=1048576
# busybox sh runs its own applets before searching PATH: use the real tools explicitly
ip() { /usr/sbin/ip "$@"; }
ethtool() { /usr/sbin/ethtool "$@"; }

up() { cut -d' ' -f1 /proc/uptime; }
# say/res/pass/fail/skip, check, wait_for, host: tests/lib/guest.sh
GUEST_TAG=E2E
. /e2e/guest-lib.sh
mark() { echo "@@MARK $1 uptime=$(up)" >&3; }
out() { while IFS= read -r l; do echo "@@OUT $l" >&3; done; }
# fsub A B: A - B for values that may exceed 32 bits
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a - b }'; }

# ---- device and netdev discovery ----
# Defaults describe the MANA function; the harness self-test (DRIVER=selftest) swaps in
# two virtio-net NICs on a QEMU hub to check the guest script itself without the model.
: "${PCI_MATCH:=0x1414:0x00ba}" "${PCI_DRIVER:=mana}" "${LOAD_MODS:=mana}" "${UNLOAD_MOD:=mana}"
# find_pci: (re)discover the function(s) under test; sets PCIS and PCI (empty when absent)
find_pci() {
	local d
	PCIS=
	for d in /sys/bus/pci/devices/*; do
		[ -e "$d/vendor" ] || continue
		case "$(cat "$d/vendor"):$(cat "$d/device")" in
		$PCI_MATCH) PCIS="$PCIS ${d##*/}" ;;
		esac
	done
	set -- $PCIS
	PCI=${1:-}
}

find_pci

# netdevs of the device(s) under test in the current network namespace, in ifindex
# order (the mana driver registers vPort 0 first)
mana_netdevs() {
	local n p dev
	for n in /sys/class/net/*; do
		dev=$(readlink -f "$n/device" 2>/dev/null) || continue
		for p in $PCIS; do
			case $dev in
			*/"$p" | */"$p"/*) echo "$(cat "$n/ifindex") ${n##*/}" ;;
			esac
		done
	done | sort -n | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//'
}

driver_name() {
	local l
	l=$(readlink "/sys/bus/pci/devices/$PCI/driver" 2>/dev/null) || return 1
	echo "${l##*/}"
}

# load_driver: modprobe mana, wait for it to bind and register both netdevs.
# Sets NETDEVS. Returns 0 when bound with 2 netdevs.
load_driver() {
	local i=0 rc nfail m
	NETDEVS=
	nfail=$(dmesg | grep -c "probe of $PCI failed")
	for m in $LOAD_MODS; do
		timeout 150 modprobe "$m"
		rc=$?
		[ $rc -eq 0 ] || say "modprobe $m exited with $rc"
	done
	while [ $i -lt 60 ]; do
		NETDEVS=$(mana_netdevs)
		if [ "$(driver_name)" = "$PCI_DRIVER" ] && [ "$(echo $NETDEVS | wc -w)" -ge 2 ]; then
			return 0
		fi
		# the probe ran synchronously in modprobe and failed: no point in waiting
		[ "$(dmesg | grep -c "probe of $PCI failed")" -gt "$nfail" ] && [ -z "$(driver_name)" ] && return 1
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

macs_of() {
	local n m=
	for n in "$@"; do m="$m $(cat "/sys/class/net/$n/address")"; done
	echo $m
}

# wait_up NS DEV: wait (15 s) until DEV in NS (or the init namespace, NS=-) has carrier
wait_up() {
	local i=0 ipn=
	[ "$1" = - ] || ipn="-n $1"
	while [ $i -lt 30 ]; do
		case $(ip $ipn link show dev "$2" 2>/dev/null) in
		*LOWER_UP*"state UP"*) return 0 ;;
		esac
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

# to_netns A_DEV B_DEV: put the two vPorts in namespaces e2ea / e2eb with addresses
to_netns() {
	ip netns add $NSA 2>/dev/null
	ip netns add $NSB 2>/dev/null
	ip link set dev "$1" netns $NSA &&
	ip link set dev "$2" netns $NSB &&
	ip -n $NSA addr add $IPA/24 dev "$1" &&
	ip -n $NSB addr add $IPB/24 dev "$2" &&
	ip -n $NSA link set lo up && ip -n $NSB link set lo up &&
	ip -n $NSA link set "$1" up && ip -n $NSB link set "$2" up &&
	wait_up $NSA "$1" && wait_up $NSB "$2"
}

nsping() { ip netns exec "$1" ping -q -c "${4:-3}" -w 20 ${3:+-s $3} "$2" > /tmp/ping.out 2>&1; }

# stat_sum NS DEV REGEX: sum of the ethtool -S counters whose names match REGEX
stat_sum() {
	ip netns exec "$1" ethtool -S "$2" 2>/dev/null |
		awk -v re="$3" '{ n = $1; sub(":$", "", n) } n ~ re { s += $2 } END { printf "%.0f", s }'
}

# irq_count: interrupts delivered to mana vectors so far (all CPUs)
irq_count() {
	awk '/mana/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { printf "%.0f", s }' /proc/interrupts
}

nsstat() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
# tcprr_server NS PORT: start tests/bench/tcprr's server in NS (its pid in $srv, a
# variable the caller may make local) and wait up to 10 s for it to listen on PORT
tcprr_server() {
	local i=0
	ip netns exec "$1" /e2e/tcprr -s "$2" &
	srv=$!
	while ! ip netns exec "$1" netstat -ltn 2>/dev/null | grep -q ":$2 "; do
		sleep 0.2
		i=$((i + 1))
		[ $i -lt 50 ] || break
	done
}

# tcp_transfer MB: send MB MiB of random data from e2ea to e2eb over TCP; sets XFER_OK,
# XFER_SECS, XFER_RX_BYTES, XFER_MSG
tcp_transfer() {
	local mb=$1 txsum rxsum i t0 t1 srv rc
	XFER_OK=0 XFER_SECS=0 XFER_RX_BYTES=0
	rm -f /tmp/rx.bin /tmp/rx.part
	[ -s /tmp/tx.bin ] && [ "$(wc -c < /tmp/tx.bin)" -eq $((mb * MIB)) ] ||
		dd if=/dev/urandom of=/tmp/tx.bin bs=1M count="$mb" 2>/dev/null
	txsum=$(sha256sum /tmp/tx.bin | cut -d' ' -f1)
	cat > /tmp/rx.sh <<-'EOS'
	#!/bin/sh
	cat > /tmp/rx.part && mv /tmp/rx.part /tmp/rx.bin
	EOS
	chmod +x /tmp/rx.sh
	ip netns exec $NSB nc -l -p $PORT -e /tmp/rx.sh &
	srv=$!
	i=0
	while ! ip netns exec $NSB netstat -ltn 2>/dev/null | grep -q ":$PORT "; do
		sleep 0.2
		i=$((i + 1))
		[ $i -lt 50 ] || break
	done
	t0=$(up)
	timeout 300 /usr/sbin/ip netns exec $NSA nc -w 10 $IPB $PORT < /tmp/tx.bin
	rc=$?
	# the receiver may still be draining; give up at once if the sender never connected
	i=0
	[ $rc -eq 0 ] || i=1150
	while [ ! -e /tmp/rx.bin ] && [ $i -lt 1200 ]; do
		usleep 100000
		i=$((i + 1))
	done
	t1=$(up)
	XFER_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	if [ -e /tmp/rx.bin ]; then
		rxsum=$(sha256sum /tmp/rx.bin | cut -d' ' -f1)
		XFER_RX_BYTES=$(wc -c < /tmp/rx.bin)
	else
		rxsum= XFER_RX_BYTES=$(wc -c < /tmp/rx.part 2>/dev/null || echo 0)
	fi
	rm -f /tmp/rx.bin /tmp/rx.part
	if [ -z "$rxsum" ]; then
		XFER_MSG="receiver did not get the whole stream (sender exit status $rc, $XFER_RX_BYTES bytes received)"
	elif [ "$rxsum" != "$txsum" ]; then
		XFER_MSG="sha256 differs: sent $txsum, received $rxsum ($XFER_RX_BYTES of $((mb * MIB)) bytes)"
	else
		XFER_OK=1
		XFER_MSG="$XFER_RX_BYTES bytes in ${XFER_SECS}s, sha256 ${txsum%"${txsum#????????????}"}... matches"
	fi
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
}

say "guest up at $(up)s, mode=$MODE driver=$DRIVER kernel=$(uname -r) device=${PCI:-none}"
mark userspace

# ================================================================ test mode
run_tests() {
	local A B want got t0 t1 a0 b0 ta tb d i
	local nplan=11
	# the VF join against the hv_netvsc stand-in (guest/netvsc.sh) replaces the base checks
	if [ "${NETVSC:-0}" = 1 ] && [ -f /e2e/netvsc.sh ]; then
		. /e2e/netvsc.sh
		echo "@@PLAN $NETVSC_CHECKS" >&3
		netvsc_tests
		return
	fi
	if [ "${FEATURES:-0}" = 1 ] && [ -f /e2e/eth-features.sh ]; then
		. /e2e/eth-features.sh
		nplan=$((nplan + ETH_FEATURES_CHECKS))
		RECOVERY_CHECKS=0
		if [ -f /e2e/recovery.sh ]; then
			. /e2e/recovery.sh
			nplan=$((nplan + RECOVERY_CHECKS))
		fi
	elif [ "${RECOVERY:-0}" = 1 ] && [ -f /e2e/recovery.sh ] && [ -f /e2e/eth-features.sh ]; then
		# the recovery checks alone (E2E_RECOVERY=1: the debug kernel's run); they use
		# eth-features.sh's helpers
		FEATURES=0
		. /e2e/eth-features.sh
		. /e2e/recovery.sh
		nplan=$((nplan + RECOVERY_CHECKS))
	else
		FEATURES=0 RECOVERY=0
	fi
	if [ "${REMOVAL:-0}" = 1 ] && [ -f /e2e/removal.sh ]; then
		. /e2e/removal.sh
		nplan=$((nplan + REMOVAL_CHECKS))
	else
		REMOVAL=0
	fi
	if [ "${RNIC:-0}" = 1 ] && [ -f /e2e/rnic.sh ]; then
		. /e2e/rnic.sh
		nplan=$((nplan + RNIC_CHECKS))
	else
		RNIC=0
	fi
	echo "@@PLAN $nplan" >&3

	# 1. probe
	t0=$(up)
	mark modprobe
	if [ -z "$PCI" ]; then
		fail "probe: no 1414:00ba PCI function in the guest"
	elif load_driver; then
		pass "probe: $PCI_DRIVER bound to $PCI ($(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }') s)"
	else
		fail "probe: driver=$(driver_name || echo none), netdevs='$NETDEVS' after modprobe $LOAD_MODS"
	fi
	mark probed

	# 2. netdevs and MACs
	set -- $NETDEVS
	A=${1:-} B=${2:-}
	got=$(macs_of $NETDEVS)
	want=$(echo $MACS)
	if [ $# -eq 2 ] && [ "$got" = "$want" ]; then
		pass "netdevs: $A $B with the model's MACs $got"
	else
		fail "netdevs: found $# ('$NETDEVS') with MACs '$got', expected 2 with '$want'"
	fi

	# 3. link up in the init namespace
	if [ -n "$B" ] && ip link set "$A" up && ip link set "$B" up && wait_up - "$A" && wait_up - "$B"; then
		mark linkup
		pass "link up: $A and $B report carrier"
	else
		fail "link up: $A/$B did not reach LOWER_UP + state UP within 15 s"
	fi

	# the in-tree mana_ib on the model's RDMA device (guest/rnic.sh): load, check, unload
	if [ "$RNIC" = 1 ]; then
		if [ -n "$A" ]; then
			rnic_checks "$A"
		else
			i=0
			while [ $i -lt "$RNIC_CHECKS" ]; do
				fail "RNIC check $((i + 1)) of $RNIC_CHECKS: no netdevs"
				i=$((i + 1))
			done
		fi
	fi

	# 4./5. ping both ways between two namespaces
	if [ -n "$B" ] && to_netns "$A" "$B"; then
		if nsping $NSA $IPB; then pass "ping $NSA/$A -> $NSB/$B: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
		else fail "ping $NSA/$A -> $NSB/$B: $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"; fi
		if nsping $NSB $IPA; then pass "ping $NSB/$B -> $NSA/$A: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
		else fail "ping $NSB/$B -> $NSA/$A: $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"; fi
	else
		fail "ping $NSA -> $NSB: vPorts could not be set up in two namespaces"
		fail "ping $NSB -> $NSA: vPorts could not be set up in two namespaces"
	fi

	# 6. TCP transfer; 7. ethtool -S counters around it
	ta=$(stat_sum $NSA "$A" '^tx_(queue_)?[0-9]+_bytes$')
	tb=$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_bytes$')
	a0=$(stat_sum $NSA "$A" '^tx_(queue_)?[0-9]+_packets$')
	b0=$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_packets$')
	if [ -n "$B" ]; then
		tcp_transfer "$XFER_MB"
	else
		XFER_OK=0 XFER_MSG="no netdevs"
	fi
	if [ "$XFER_OK" = 1 ]; then pass "TCP transfer of $XFER_MB MiB $NSA -> $NSB: $XFER_MSG"
	else fail "TCP transfer of $XFER_MB MiB $NSA -> $NSB: $XFER_MSG"; fi

	# 7. ethtool -S (before the MTU change: it re-creates the queues and their counters)
	ta=$(fsub "$(stat_sum $NSA "$A" '^tx_(queue_)?[0-9]+_bytes$')" "$ta")
	tb=$(fsub "$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_bytes$')" "$tb")
	a0=$(fsub "$(stat_sum $NSA "$A" '^tx_(queue_)?[0-9]+_packets$')" "$a0")
	b0=$(fsub "$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_packets$')" "$b0")
	d="$A tx_N_bytes +$ta tx_N_packets +$a0, $B rx_N_bytes +$tb rx_N_packets +$b0"
	if [ "$ta" -ge $((XFER_MB * MIB)) ] && [ "$tb" -ge $((XFER_MB * MIB)) ] &&
	   [ "$a0" -gt 0 ] && [ "$b0" -gt 0 ]; then
		pass "ethtool -S counters move: $d"
	else
		fail "ethtool -S counters move (want >= $XFER_MB MiB each way): $d"
	fi

	# 8. MTU 9000: jumbo pings both ways, received as whole frames (not IP fragments)
	if [ -n "$B" ] && ip -n $NSA link set "$A" mtu 9000 && ip -n $NSB link set "$B" mtu 9000 &&
	   wait_up $NSA "$A" && wait_up $NSB "$B"; then
		a0=$(stat_sum $NSA "$A" '^rx_(queue_)?[0-9]+_packets$')
		b0=$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_packets$')
		ta=$(stat_sum $NSA "$A" '^rx_(queue_)?[0-9]+_bytes$')
		tb=$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_bytes$')
		if nsping $NSA $IPB 8972 && d=$(grep -o '[0-9]* packets received' /tmp/ping.out) &&
		   nsping $NSB $IPA 8972; then
			a0=$(fsub "$(stat_sum $NSA "$A" '^rx_(queue_)?[0-9]+_packets$')" "$a0")
			b0=$(fsub "$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_packets$')" "$b0")
			ta=$(fsub "$(stat_sum $NSA "$A" '^rx_(queue_)?[0-9]+_bytes$')" "$ta")
			tb=$(fsub "$(stat_sum $NSB "$B" '^rx_(queue_)?[0-9]+_bytes$')" "$tb")
			# 12 echo packets of 9000 bytes cross in all (6 received per side); as IP
			# fragments at MTU 1500 they would be 84 frames. Allow for ARP/IPv6 chatter.
			if [ $((a0 + b0)) -le 40 ] && [ $((ta + tb)) -ge $((12 * 9000)) ]; then
				pass "MTU 9000: 8972-byte pings both ways ($d; rx frames $A +$a0 $B +$b0, bytes +$ta +$tb)"
			else
				fail "MTU 9000: pings passed but $((a0 + b0)) frames / $((ta + tb)) bytes were received (want <= 40 frames carrying >= 108000 bytes: 12 whole 9000-byte packets)"
			fi
		else
			fail "MTU 9000: ping -s 8972 failed: $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
		fi
	else
		fail "MTU 9000: could not set mtu 9000 on $A/$B ($(ip -n $NSA link show "$A" 2>&1 | grep -o 'mtu [0-9]*'))"
	fi

	# Ethernet feature checks (guest/eth-features.sh: RSS, ethtool -L/-G/-X, TSO, VLAN,
	# XDP); it puts the MTU back to 1500 itself
	if [ "$FEATURES" = 0 ] && [ "${RECOVERY:-0}" = 1 ]; then
		ip -n $NSA link set "$A" mtu 1500
		ip -n $NSB link set "$B" mtu 1500
		if [ -n "$B" ]; then
			recovery_checks $NSA "$A" $NSB "$B"
		else
			i=0
			while [ $i -lt "$RECOVERY_CHECKS" ]; do
				fail "recovery check $((i + 1)) of $RECOVERY_CHECKS: no netdevs"
				i=$((i + 1))
			done
		fi
	fi
	if [ "$FEATURES" = 1 ]; then
		if [ -n "$B" ]; then
			eth_features $NSA "$A" $NSB "$B"
			# device recovery (guest/recovery.sh): reset cycles, RDMA service, PM
			[ "$RECOVERY_CHECKS" = 0 ] || recovery_checks $NSA "$A" $NSB "$B"
		else
			i=0
			while [ $i -lt $((ETH_FEATURES_CHECKS + RECOVERY_CHECKS)) ]; do
				fail "Ethernet feature check $((i + 1)) of $ETH_FEATURES_CHECKS: no netdevs"
				i=$((i + 1))
			done
		fi
	fi

	# 9. unload (only meaningful when the driver was bound with its netdevs)
	if [ -z "$B" ] || [ "$(driver_name)" != "$PCI_DRIVER" ]; then
		fail "module unload: $PCI_DRIVER was not bound with two netdevs, nothing to unload"
		rmmod "$UNLOAD_MOD" 2>/dev/null
	elif timeout 120 rmmod "$UNLOAD_MOD" &&
	     { [ "$UNLOAD_MOD" != "$PCI_DRIVER" ] || [ -z "$(driver_name)" ]; } &&
	     ! ip -n $NSA link show "$A" > /dev/null 2>&1 && ! ip -n $NSB link show "$B" > /dev/null 2>&1; then
		pass "module unload: rmmod $UNLOAD_MOD, $A and $B gone"
	else
		fail "module unload: after rmmod $UNLOAD_MOD: driver=$(driver_name) $(ip -n $NSA -br link 2>/dev/null | tr '\n' ' ')"
	fi
	ip netns del $NSA 2>/dev/null
	ip netns del $NSB 2>/dev/null

	# 10. reload
	if load_driver; then
		set -- $NETDEVS
		got=$(macs_of $NETDEVS)
		if [ $# -eq 2 ] && [ "$got" = "$want" ] && to_netns "$1" "$2" && nsping $NSA $IPB; then
			pass "module reload: probe again, $1 $2 with the same MACs, ping $NSA -> $NSB works"
		else
			fail "module reload: netdevs '$NETDEVS' MACs '$got', ping: $(tail -n 2 /tmp/ping.out 2>/dev/null | tr '\n' ' ')"
		fi
	else
		fail "module reload: driver=$(driver_name || echo none), netdevs='$NETDEVS'"
	fi

	# surprise removal and hot-plug (guest/removal.sh), after the reload: the checks end
	# with the function unplugged and the module unloaded
	if [ "$REMOVAL" = 1 ]; then
		removal_tests $NSA $NSB
	fi

	# 11. kernel log
	d=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|list_del corruption|refcount_t:' | head -n 1)
	if [ -z "$d" ]; then pass "kernel log: no BUG, WARNING or Oops"
	else fail "kernel log: $d"; fi
}

# ================================================================ bench / demo
bring_up() {
	mark modprobe
	if [ -z "$PCI" ] || ! load_driver; then
		echo "@@OUT probe failed: driver=$(driver_name || echo none) netdevs='$NETDEVS'" >&3
		return 1
	fi
	mark probed
	set -- $NETDEVS
	A=$1 B=$2
	ip link set "$A" up && ip link set "$B" up && wait_up - "$A" && wait_up - "$B" || {
		echo "@@OUT link did not come up on $A/$B" >&3
		return 1
	}
	mark linkup
	to_netns "$A" "$B" || { echo "@@OUT namespace setup failed" >&3; return 1; }
}

run_demo() {
	bring_up || return 1
	{
		echo "== $(uname -r), driver $DRIVER: $(modinfo -F filename mana 2>/dev/null)"
		echo "== $NSA/$A and $NSB/$B:"
		ip -n $NSA -br addr show dev "$A"
		ip -n $NSB -br addr show dev "$B"
		echo "== ethtool -i $A:"
		ip netns exec $NSA ethtool -i "$A"
		echo "== ping $NSA -> $NSB:"
		ip netns exec $NSA ping -c 3 -w 20 $IPB
	} 2>&1 | out
	tcp_transfer "$XFER_MB"
	echo "@@OUT == TCP $XFER_MB MiB $NSA -> $NSB: $XFER_MSG" >&3
	{
		echo "== ethtool -S $A (non-zero counters):"
		ip netns exec $NSA ethtool -S "$A" | awk '$2 != 0'
		echo "== ethtool -S $B (non-zero counters):"
		ip netns exec $NSB ethtool -S "$B" | awk '$2 != 0'
		echo "== interrupts:"
		grep mana /proc/interrupts
	} 2>&1 | out
}

case $MODE in
test) run_tests ;;
bench) . /e2e/bench.sh; run_bench ;;
demo) run_demo ;;
fuzz) . /e2e/fuzz.sh; run_fuzz ;;
faults) . /e2e/fuzz.sh; . /e2e/removal.sh; . /e2e/recovery.sh; . /e2e/faults.sh; run_faults ;;
soak) . /e2e/soak.sh; run_soak ;;
*) say "unknown MODE=$MODE" ;;
esac
mark end
dmesg | grep -iE "$UNLOAD_MOD|gdma|hwc|BUG|WARN|Oops" | tail -n 80 > /dev/console
