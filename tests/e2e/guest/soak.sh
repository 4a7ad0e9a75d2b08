#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Load/unload and reconfiguration soak, sourced by guest/e2e.sh (busybox sh) in MODE=soak
# (tests/debugk/soak.sh; on the debug kernel its log is scanned for KASAN, lockdep, kmemleak
# and DEBUG_OBJECTS reports afterwards). Config: SOAK_MOD, SOAK_IF, SOAK_ETH (cycles of each).
#   1 baseline: the model's objects with the driver unloaded, then probe, both vPorts in
#     their namespaces, ping
#   2 SOAK_MOD x (rmmod mana; modprobe mana; both netdevs registered), then the ports in
#     their namespaces again and a ping
#   3 SOAK_IF x (ip link set down; up; carrier) on both ports, then a ping (operstate
#     UP and a ping after the last cycle)
#   4 SOAK_ETH x (ethtool -L combined 1|max; ethtool -G rx/tx 256|1024 alternately) on port
#     A while a ping runs from B to A, then a ping and a TCP transfer with a checksum
#   5 rmmod: the model's objects back to the baseline of step 1
SOAK_CHECKS=5
SOAK_MOD=${SOAK_MOD:-100} SOAK_IF=${SOAK_IF:-100} SOAK_ETH=${SOAK_ETH:-100}

sk_objects() { host objects; echo "$HOST_REPLY" | sed 's/^ok //; s/ establish=.*//'; }
sk_secs() { awk -v a="$1" -v b="$(up)" 'BEGIN { printf "%.0f", b - a }'; }

# sk_reap PID SECS: wait for PID, at most SECS seconds (then SIGKILL it); false if it had
# to be killed
sk_reap() {
	local t=0
	while kill -0 "$1" 2>/dev/null && [ $t -lt $(($2 * 10)) ]; do
		usleep 100000
		t=$((t + 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 1
	fi
	wait "$1" 2>/dev/null
	return 0
}

# sk_carrier NS DEV: the port is up with carrier (LOWER_UP), polled every 0.1 s for at most
# 15 s. wait_up also wants operstate UP, which linkwatch sets up to 1 s after the carrier
# when changes come in quick succession: a second per port and cycle of the soak, for
# nothing the driver does
sk_carrier() {
	local t=0
	while [ $t -lt 150 ]; do
		case $(ip -n "$1" link show dev "$2" 2>/dev/null) in
		*"<"*LOWER_UP*">"*) return 0 ;;
		esac
		usleep 100000
		t=$((t + 1))
	done
	return 1
}

# sk_ports: both vPorts in their namespaces, addressed, carrier, ping A -> B
sk_ports() {
	set -- $NETDEVS
	[ $# -eq 2 ] && to_netns "$1" "$2" && A=$1 B=$2 && nsping $NSA $IPB
}

run_soak() {
	local o0 o1 t0 i n bad max cur rx
	echo "@@PLAN $SOAK_CHECKS" >&3
	if [ -z "$PCI" ]; then
		fail "soak: no MANA function on the PCI bus"
		return
	fi
	modprobe -r mana 2>/dev/null
	o0=$(sk_objects)
	if load_driver && sk_ports; then
		pass "soak setup: baseline objects with no driver '$o0'; probe, $A/$B in namespaces, ping"
	else
		fail "soak setup: driver=$(driver_name || echo none) netdevs='$NETDEVS' ping: $(tail -n 1 /tmp/ping.out 2>/dev/null)"
		return
	fi

	# 2. module unload/load
	t0=$(up) i=0 bad=
	while [ $i -lt "$SOAK_MOD" ]; do
		i=$((i + 1))
		timeout 120 rmmod mana || { bad="rmmod failed in cycle $i"; break; }
		load_driver || { bad="probe failed in cycle $i (driver=$(driver_name || echo none), netdevs '$NETDEVS')"; break; }
	done
	if [ -z "$bad" ] && sk_ports; then
		pass "soak: $SOAK_MOD rmmod/modprobe cycles in $(sk_secs "$t0")s, both ports back and pinging"
	else
		fail "soak: rmmod/modprobe: ${bad:-after $i cycles the ports do not ping: $(tail -n 1 /tmp/ping.out)}"
		return
	fi

	# 3. link down/up on both ports
	t0=$(up) i=0 bad=
	while [ $i -lt "$SOAK_IF" ]; do
		i=$((i + 1))
		ip -n $NSA link set "$A" down && ip -n $NSB link set "$B" down &&
			ip -n $NSA link set "$A" up && ip -n $NSB link set "$B" up &&
			sk_carrier $NSA "$A" && sk_carrier $NSB "$B" || { bad="cycle $i"; break; }
	done
	if [ -z "$bad" ] && wait_up $NSA "$A" && wait_up $NSB "$B" && nsping $NSA $IPB; then
		pass "soak: $SOAK_IF ifdown/ifup cycles of both ports in $(sk_secs "$t0")s, ping works"
	else
		fail "soak: ifdown/ifup: ${bad:-ping after the cycles: $(tail -n 1 /tmp/ping.out)}"
		return
	fi

	# 4. channels and ring sizes under traffic
	max=$(ip netns exec $NSA ethtool -l "$A" 2>/dev/null | awk '/^Combined:/ { n++; if (n == 1) print $2 }')
	cur=$(ip netns exec $NSA ethtool -l "$A" 2>/dev/null | awk '/^Combined:/ { n++; if (n == 2) print $2 }')
	# the binary, not the ip() wrapper of e2e.sh: a backgrounded function runs in a subshell,
	# so $! would be that subshell, which ignores SIGINT (an asynchronous command without
	# job control) and waits for ping: the kill below then stopped nothing and the wait hung
	# for the whole deadline. The deadline bounds the ping if it is never stopped.
	/usr/sbin/ip netns exec $NSB ping -q -i 0.2 -w $((120 + 30 * SOAK_ETH)) $IPA > /tmp/soak-ping.out 2>&1 &
	n=$!
	t0=$(up) i=0 bad=
	while [ $i -lt "$SOAK_ETH" ]; do
		i=$((i + 1))
		if [ $((i % 2)) = 1 ]; then c=1 rx=256; else c=${max:-1} rx=1024; fi
		ip netns exec $NSA ethtool -L "$A" combined "$c" 2>/tmp/soak-eth.err &&
			ip netns exec $NSA ethtool -G "$A" rx "$rx" tx "$rx" 2>>/tmp/soak-eth.err ||
			{ bad="cycle $i (combined $c, rings $rx): $(tr '\n' ' ' < /tmp/soak-eth.err)"; break; }
	done
	el=$(sk_secs "$t0")
	# SIGINT: ping prints its summary; a ping still there 10 s later is killed (and said)
	kill -INT "$n" 2>/dev/null
	sk_reap "$n" 10 || bad="${bad:-the background ping ignored SIGINT for 10 s}"
	ip netns exec $NSA ethtool -L "$A" combined "${cur:-1}" 2>/dev/null
	wait_up $NSA "$A"
	if [ -z "$bad" ] && nsping $NSA $IPB && tcp_transfer 8 && [ "$XFER_OK" = 1 ]; then
		pass "soak: $SOAK_ETH ethtool -L (1|$max channels) + -G (256|1024) cycles under ping in ${el}s ($(grep -o '[0-9]* packets received' /tmp/soak-ping.out)); then ping and TCP $XFER_MSG"
	else
		fail "soak: ethtool -L/-G under traffic: ${bad:-traffic afterwards: ping '$(tail -n 1 /tmp/ping.out)', TCP ${XFER_MSG:-not run}}"
	fi

	# 5. unload: no device object left behind
	timeout 120 rmmod mana
	o1=$(sk_objects)
	if [ "$o1" = "$o0" ]; then
		pass "soak: after rmmod the model's objects are back to the baseline '$o1'"
	else
		fail "soak: after rmmod the model's objects are '$o1', baseline '$o0'"
	fi
}
