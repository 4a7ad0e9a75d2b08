# SPDX-License-Identifier: GPL-2.0
# Sourced by e2e.sh when NETVSC=1: the VF join against the test-only hv_netvsc stand-in
# (tests/netvsc-standin, /lib/modules/*/updates/netvsc_standin.ko) on the model's two
# vPorts, one boot, one scenario after the other (each loads and unloads the modules):
#   1  NIC first, fixed-kernel behaviour: both vPorts join, the VF's master is its NIC
#   1b mana-check (scripts/mana-check, busybox sh) reports vf.join PASS for both NICs
#   2  traffic on the synthetic NICs (two namespaces; the VFs follow their NICs) flows
#      through the VFs: stand-in vf_* counters, the VFs' counters and the model's switch move
#   2b scripts/mana-bringup in e2ea (--ping through sn0): device, driver, join, traffic,
#      offload, channels PASS, exit 0
#   2c mana-bringup --destructive on a default route through sn0 (no second NIC): the steps
#      that take the VF down are refused (SKIP), the VF is untouched, exit 0
#   2d mana-bringup --destructive with a TCP sink and jumbo MTU on the peer: wire-offload,
#      rss, mtu, ring-channel, xdp (XDP_PASS object), reload all PASS, exit 0, settings restored
#   2e negative control: the stand-in stops joining (join_events=0): reload FAIL, exit 2
#   3  VF first, NIC with the probe-time scan (6.1.79+): joined, nothing re-created
#   3b VF first, NIC module registering its notifier after its driver (order=old, no probe
#      scan: 5.15 before 5.15.141): the notifier's replay joins, nothing re-created
#   4  VF first, NIC without the probe-time scan (6.1 < 6.1.79): vf_rejoin=act re-creates
#      both ports and they join
#   4b the same, but user space gave vPort 0's VF an IPv4 address: only vPort 1 is re-created
#   5  negative control: the same with vf_rejoin=off must fail the join check, and
#   5b mana-check must report vf.join FAIL for both NICs, and mana-bringup join FAIL (exit 2)
#   6  A1 gate (netvsc_wait=always): vPort 0's NIC comes 2 s after mana, vPort 1's never:
#      port 0 registers after its NIC (joined although the NIC has no probe scan), port 1
#      registers unjoined when netvsc_wait_ms ran out, with a message; none half-registered
#   7  NIC unbound and bound again (no probe scan): rejoin repairs it
#   8  stand-in module reload (order=new, no probe scan: 6.1.65-78): rejoin repairs both
#   9  VF removed and re-added (PCI remove + rescan): joins its NIC again
#  10  stand-in unloaded mid-join (during the rejoin grace): no re-creation, no hang
#  11  two NICs with one MAC: a warning names both; the VF joins exactly one
#  12  mana and the stand-in unload cleanly; no BUG/WARNING/Oops in the whole kernel log
NETVSC_CHECKS=21
SN_MOD=netvsc_standin

# netdev of driver $1 with MAC $2 (init namespace)
nv_dev_of() {
	local n drv
	for n in /sys/class/net/*; do
		[ "$(cat "$n/address" 2>/dev/null)" = "$2" ] || continue
		drv=$(readlink "$n/device/driver" 2>/dev/null) || continue
		[ "${drv##*/}" = "$1" ] && { echo "${n##*/}"; return 0; }
	done
	return 1
}
nv_vf() { nv_dev_of mana "$1"; }
nv_sn() { nv_dev_of hv_netvsc "$1"; }
# master of netdev $1, or empty
nv_master() {
	local m
	m=$(readlink "/sys/class/net/$1/master" 2>/dev/null) || return 1
	echo "${m##*/}"
}
# nv_joined MAC: the VF with MAC has the stand-in NIC with MAC as its master
nv_joined() {
	local vf sn
	vf=$(nv_vf "$1") && sn=$(nv_sn "$1") && [ "$(nv_master "$vf")" = "$sn" ]
}
# nv_wait_joined SECS MAC...: all joined within SECS
nv_wait_joined() {
	local i=0 n=$(($1 * 4)) m ok
	shift
	while [ $i -le $n ]; do
		ok=1
		for m in "$@"; do nv_joined "$m" || ok=0; done
		[ $ok = 1 ] && return 0
		usleep 250000
		i=$((i + 1))
	done
	return 1
}
# one line on each vPort: VF name, master, NIC
nv_state() {
	local m vf
	for m in $MACS; do
		vf=$(nv_vf "$m") || vf=-
		printf '%s: vf=%s master=%s nic=%s; ' "$m" "$vf" "$(nv_master "$vf" 2>/dev/null || echo -)" \
			"$(nv_sn "$m" || echo -)"
	done
}
# number of mana netdevs (a half-registered port would be missing)
nv_nports() { mana_netdevs | wc -w; }
# kernel log lines since the mark (dmesg line count)
nv_mark() { NV_MARK=$(dmesg | wc -l); }
nv_log() { dmesg | tail -n +$((NV_MARK + 1)); }
nv_stat() { ethtool -S "$1" 2>/dev/null | awk -v k="$2:" '$1 == k { print $2 }'; }
nvns_stat() { ip netns exec "$1" ethtool -S "$2" 2>/dev/null | awk -v k="$3:" '$1 == k { print $2 }'; }

nv_mana_load() {
	timeout 150 modprobe mana "$@" || say "modprobe mana $* failed"
}
nv_mana_wait() {
	local i=0
	while [ $i -lt 60 ] && [ "$(nv_nports)" -lt 2 ]; do usleep 250000; i=$((i + 1)); done
	[ "$(nv_nports)" -ge 2 ]
}
nv_sn_load() { timeout 60 modprobe $SN_MOD macs="$NV_MACS_CSV" "$@" || say "modprobe $SN_MOD $* failed"; }
nv_unload() {
	ip netns del $NSA 2>/dev/null
	ip netns del $NSB 2>/dev/null
	timeout 60 rmmod $SN_MOD 2>/dev/null
	timeout 120 rmmod mana 2>/dev/null
	usleep 200000
}
nv_rejoins() { nv_log | grep -c "netdev re-created"; }
# nv_mcheck: mana-check's vf.join lines ("PASS vf.join[sn0] ...") on one line each
nv_mcheck() {
	sh /usr/sbin/mana-check --ethernet-only --sample 0 2>&1 | grep -E '^[A-Z/]+ +vf\.join' |
		sed 's/  */ /g' > /tmp/mcheck.out
	cat /tmp/mcheck.out
}

# nv_bringup_change SN0 VF0 SN1: mana-bringup's steps that change the VM, in $NSA (2c-2e)
nv_bringup_change() {
	local sn0=$1 vf0=$2 sn1=$3 a d m0 c0 r0
	# 2c: the default route goes through sn0 and there is no second NIC: refused
	ip -n $NSA route add default via $IPB dev "$sn0"
	ip netns exec $NSA sh /usr/sbin/mana-bringup --destructive --ping $IPB > /tmp/bringup.out 2>&1
	a=$?
	ip -n $NSA route del default
	d=$(grep -c "^SKIP  [a-z-]*\[$vf0\] *refused: the default route" /tmp/bringup.out)
	if [ "$a" = 0 ] && [ "$d" = 4 ] && ip netns exec $NSA ethtool -S "$vf0" > /dev/null 2>&1 &&
	   [ "$(nv_master_ns $NSA "$vf0")" = "$sn0" ]; then
		pass "mana-bringup --destructive with the default route through $sn0: mtu, ring-channel, xdp, reload refused, VF untouched, exit 0"
	else
		fail "mana-bringup --destructive with the default route through $sn0: exit $a, $d refusals: $(grep -vE '^PASS' /tmp/bringup.out | tr '\n' ';')"
	fi
	# 2d: every step that changes the VM, on the model
	m0=$(ip netns exec $NSA cat /sys/class/net/$sn0/mtu)
	c0=$(ip netns exec $NSA ethtool -l "$vf0" | awk '/^Current/ { c = 1 } c && /^Combined:/ { print $2; exit }')
	r0=$(ip netns exec $NSA ethtool -g "$vf0" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	ip -n $NSB link set "$sn1" mtu 9000
	sleep 2
	# the TCP sink: busybox nc -l hands the connection to a reader that drains it
	printf '#!/bin/sh\ncat > /dev/null\n' > /tmp/sink.sh
	chmod +x /tmp/sink.sh
	ip netns exec $NSB nc -l -p 5002 -e /tmp/sink.sh > /dev/null 2>&1 &
	sleep 1
	ip netns exec $NSA sh /usr/sbin/mana-bringup --destructive --ping $IPB --tcp-sink $IPB:5002 \
		--xdp-obj /e2e/xdp_pass.o --settle 60 > /tmp/bringup.out 2>&1
	a=$?
	kill $! 2> /dev/null
	say "mana-bringup --destructive: $(tr '\n' '|' < /tmp/bringup.out)"
	vf0=$(ip netns exec $NSA sh -c 'for n in /sys/class/net/*; do m=$(readlink $n/master) && [ "${m##*/}" = "$0" ] && echo ${n##*/}; done' "$sn0" | head -n 1)
	d="$(ip netns exec $NSA cat /sys/class/net/$sn0/mtu) $(ip netns exec $NSA ethtool -l "$vf0" 2>/dev/null | awk '/^Current/ { c = 1 } c && /^Combined:/ { print $2; exit }') $(ip netns exec $NSA ethtool -g "$vf0" 2>/dev/null | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')"
	if [ "$a" = 0 ] && [ "$(grep -cE '^PASS  (wire-offload|rss|mtu|ring-channel|xdp|reload)\[' /tmp/bringup.out)" = 6 ] &&
	   [ "$d" = "$m0 $c0 $r0" ]; then
		pass "mana-bringup --destructive in $NSA: exit 0, $(tail -n 1 /tmp/bringup.out); restored (MTU, channels, RX ring: $d); $(grep -E '^PASS  (wire-offload|rss|mtu|ring-channel|reload)' /tmp/bringup.out | sed 's/  */ /g' | tr '\n' ';')"
	else
		fail "mana-bringup --destructive in $NSA: exit $a, after: '$d' (before '$m0 $c0 $r0'): $(grep -vE '^(PASS|SKIP)' /tmp/bringup.out | tr '\n' ';')"
	fi
	ip -n $NSB link set "$sn1" mtu 1500
	# 2e negative control: the NIC no longer joins a VF that appears: reload must FAIL
	echo 0 > /sys/module/$SN_MOD/parameters/join_events
	ip netns exec $NSA sh /usr/sbin/mana-bringup --destructive --ping $IPB --mtu 1500 --settle 8 > /tmp/bringup.out 2>&1
	a=$?
	echo 1 > /sys/module/$SN_MOD/parameters/join_events
	if [ "$a" = 2 ] && grep -q "^FAIL  reload\[$sn0\] *mana loaded again, but no VF" /tmp/bringup.out; then
		pass "negative control, mana-bringup reload with a NIC that does not join (join_events=0): FAIL, exit 2: $(grep '^FAIL' /tmp/bringup.out | sed 's/  */ /g' | tr '\n' ';')"
	else
		fail "negative control, mana-bringup reload with join_events=0: exit $a: $(grep -E '^(FAIL|WARN)  reload' /tmp/bringup.out | tr '\n' ';')"
	fi
}
nv_master_ns() {
	local m
	m=$(ip netns exec "$1" readlink "/sys/class/net/$2/master" 2>/dev/null) || return 1
	echo "${m##*/}"
}

netvsc_tests() {
	local m0 m1 vf0 vf1 sn0 sn1 t0 d a b c e f g h s0 s1 i
	set -- $MACS
	m0=$1 m1=$2
	NV_MACS_CSV=$m0,$m1
	find_pci
	if [ -z "$PCI" ] || ! modinfo $SN_MOD > /dev/null 2>&1; then
		i=0
		while [ $i -lt $NETVSC_CHECKS ]; do
			fail "netvsc check $((i + 1)): no MANA function or no $SN_MOD module in the guest"
			i=$((i + 1))
		done
		return
	fi

	# 1. NIC first (order=new + probe scan: a fixed kernel), then mana
	nv_mark
	nv_sn_load
	nv_mana_load netvsc_wait=always
	if nv_mana_wait && nv_wait_joined 10 $m0 $m1; then
		vf0=$(nv_vf $m0) vf1=$(nv_vf $m1)
		pass "NIC first: $vf0 and $vf1 joined ($(nv_state)); flags $(cat /sys/class/net/$vf0/flags)"
	else
		fail "NIC first: not joined: $(nv_state)"
	fi
	d=$(nv_mcheck | tr '\n' ';')
	if [ -x /usr/sbin/mana-check ] && grep -q "^PASS vf.join\[$(nv_sn $m0)\]" /tmp/mcheck.out &&
	   grep -q "^PASS vf.join\[$(nv_sn $m1)\]" /tmp/mcheck.out && ! grep -qv '^PASS' /tmp/mcheck.out; then
		pass "mana-check on the joined VFs: $d"
	else
		fail "mana-check on the joined VFs: want vf.join PASS for both NICs, got '$d'"
	fi

	# 2. traffic through the VFs: synthetic NICs in two namespaces, the VFs follow
	sn0=$(nv_sn $m0) sn1=$(nv_sn $m1) vf0=$(nv_vf $m0) vf1=$(nv_vf $m1)
	host jvals frames
	s0=${HOST_REPLY%% *}
	ip netns add $NSA && ip netns add $NSB &&
	ip link set "$sn0" netns $NSA && ip link set "$sn1" netns $NSB &&
	ip -n $NSA addr add $IPA/24 dev "$sn0" && ip -n $NSB addr add $IPB/24 dev "$sn1" &&
	ip -n $NSA link set "$sn0" up && ip -n $NSB link set "$sn1" up
	i=0
	while [ $i -lt 40 ] && ! { ip -n $NSA link show "$vf0" 2>/dev/null | grep -q "master $sn0" &&
				  ip -n $NSB link show "$vf1" 2>/dev/null | grep -q "master $sn1" &&
				  wait_up $NSA "$vf0" && wait_up $NSB "$vf1"; }; do
		usleep 250000
		i=$((i + 1))
	done
	a=$(nvns_stat $NSA "$sn0" vf_tx_packets) b=$(nvns_stat $NSB "$sn1" vf_rx_packets)
	c=$(stat_sum $NSA "$vf0" '^tx_[0-9]+_packets$')
	if nsping $NSA $IPB "" 5; then
		d=$(grep -o '[0-9]* packets received' /tmp/ping.out)
		a=$(fsub "$(nvns_stat $NSA "$sn0" vf_tx_packets)" "${a:-0}")
		b=$(fsub "$(nvns_stat $NSB "$sn1" vf_rx_packets)" "${b:-0}")
		c=$(fsub "$(stat_sum $NSA "$vf0" '^tx_[0-9]+_packets$')" "${c:-0}")
		host jvals frames
		s1=$(fsub "${HOST_REPLY%% *}" "${s0:-0}")
		e=$(nvns_stat $NSA "$sn0" synthetic_tx_dropped)
		if [ "$a" -ge 5 ] && [ "$b" -ge 5 ] && [ "$c" -ge 5 ] && [ "$s1" -ge 10 ]; then
			pass "traffic via the VFs: ping $NSA/$sn0 -> $NSB/$sn1 ($d); $sn0 vf_tx_packets +$a, $sn1 vf_rx_packets +$b, $vf0 tx packets +$c, model switch frames +$s1 (synthetic drops $e)"
		else
			fail "traffic via the VFs: ping passed but $sn0 vf_tx +$a, $sn1 vf_rx +$b, $vf0 tx +$c, model frames +$s1"
		fi
	else
		fail "traffic via the VFs: ping $NSA -> $NSB failed: $(tail -n 2 /tmp/ping.out | tr '\n' ' '); $(ip -n $NSA -br link | tr '\n' ' ')"
	fi
	ip netns exec $NSA sh /usr/sbin/mana-bringup --ping $IPB > /tmp/bringup.out 2>&1
	a=$?
	say "mana-bringup: $(tr '\n' '|' < /tmp/bringup.out)"
	if [ "$a" = 0 ] && grep -q "^PASS  traffic\[$sn0\]" /tmp/bringup.out &&
	   grep -q "^PASS  join\[$vf0\]" /tmp/bringup.out && grep -q '^PASS  device' /tmp/bringup.out &&
	   grep -q '^PASS  offload' /tmp/bringup.out && grep -q '^PASS  channels' /tmp/bringup.out; then
		pass "mana-bringup in $NSA: exit 0, $(tail -n 1 /tmp/bringup.out); $(grep '^PASS  traffic' /tmp/bringup.out | sed 's/  */ /g')"
	else
		fail "mana-bringup in $NSA: exit $a: $(grep -vE '^(PASS|SKIP)' /tmp/bringup.out | tr '\n' ';')"
	fi
	nv_bringup_change "$sn0" "$vf0" "$sn1"
	nv_unload

	# 3. VF first (the gate is on, but no hv_netvsc driver is loaded: no wait), NIC with the
	#    probe-time scan: joined by the NIC's probe
	nv_mark
	t0=$(up)
	nv_mana_load netvsc_wait=always netvsc_wait_ms=20000
	nv_mana_wait
	d=$(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }')
	a=$(nv_log | grep -c "no hv_netvsc driver loaded, registering without waiting")
	nv_sn_load probe_scan=1
	if [ "$a" = 2 ] && nv_wait_joined 5 $m0 $m1 && sleep 3 && [ "$(nv_rejoins)" = 0 ]; then
		pass "VF first (no hv_netvsc driver yet: registered in ${d} s without waiting), NIC with probe-time scan: joined at NIC probe, no port re-created ($(nv_state))"
	else
		fail "VF first, NIC with probe-time scan: no-driver messages $a, ports after ${d} s, $(nv_state) re-created $(nv_rejoins)"
	fi
	nv_unload

	# 3b. VF first, notifier registered after the driver: its replay joins
	nv_mark
	nv_mana_load netvsc_wait=off
	nv_mana_wait
	nv_sn_load order=old probe_scan=0
	if nv_wait_joined 5 $m0 $m1 && sleep 3 && [ "$(nv_rejoins)" = 0 ]; then
		pass "VF first, NIC module with the notifier replay (order=old): joined by the replay, no port re-created ($(nv_state))"
	else
		fail "VF first, NIC module with the notifier replay (order=old): $(nv_state) re-created $(nv_rejoins)"
	fi
	nv_unload

	# 4. VF first, NIC without the probe-time scan: vf_rejoin=act repairs it
	nv_mark
	nv_mana_load netvsc_wait=off vf_rejoin=act
	nv_mana_wait
	t0=$(up)
	nv_sn_load probe_scan=0
	if nv_wait_joined 15 $m0 $m1; then
		pass "missed join (no probe-time scan) repaired by vf_rejoin=act in $(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }') s: $(nv_rejoins) ports re-created ($(nv_state)); $(nv_nports) mana netdevs"
	else
		fail "missed join not repaired: $(nv_state); log: $(nv_log | grep -E 'vf_rejoin|re-created' | tr '\n' ' ')"
	fi
	nv_unload

	# 4b. a configured VF is left alone
	nv_mark
	nv_mana_load netvsc_wait=off vf_rejoin=act
	nv_mana_wait
	vf0=$(nv_vf $m0)
	ip addr add 10.99.0.1/24 dev "$vf0"
	nv_sn_load probe_scan=0
	if nv_wait_joined 15 $m1 && [ "$(nv_rejoins)" = 1 ] && ! nv_joined $m0 &&
	   ip -4 addr show dev "$vf0" | grep -q 10.99.0.1 && nv_log | grep -q "has IPv4 addresses of its own"; then
		pass "missed join, VF with its own IPv4 address: $vf0 kept (not re-created, address kept), vPort 1 re-created and joined ($(nv_state))"
	else
		fail "missed join, VF with its own IPv4 address: re-created $(nv_rejoins), $(nv_state), $vf0: $(ip -4 -br addr show dev "$vf0" 2>&1)"
	fi
	nv_unload

	# 5. negative control: the same ordering with vf_rejoin=off must fail the join check
	nv_mark
	nv_mana_load netvsc_wait=off vf_rejoin=off
	nv_mana_wait
	nv_sn_load probe_scan=0
	if nv_wait_joined 6 $m0 $m1; then
		fail "negative control: vf_rejoin=off and no probe-time scan, yet joined ($(nv_state)): the join check cannot tell"
	else
		pass "negative control: vf_rejoin=off + no probe-time scan fails the join check ($(nv_state))"
	fi
	d=$(nv_mcheck | tr '\n' ';')
	if [ "$(grep -c '^FAIL vf.join' /tmp/mcheck.out)" = 2 ]; then
		pass "negative control, mana-check: vf.join FAIL for both NICs: $d"
	else
		fail "negative control, mana-check: want vf.join FAIL for both NICs, got '$d'"
	fi
	sh /usr/sbin/mana-bringup --sample 0 > /tmp/bringup.out 2>&1
	a=$?
	if [ "$a" = 2 ] && [ "$(grep -c '^FAIL  join' /tmp/bringup.out)" = 2 ]; then
		pass "negative control, mana-bringup: exit 2, join FAIL for both VFs ($(tail -n 1 /tmp/bringup.out))"
	else
		fail "negative control, mana-bringup: exit $a: $(grep -E '^(FAIL|WARN)' /tmp/bringup.out | tr '\n' ';')"
	fi
	nv_unload

	# 6. A1 gate: vPort 0's NIC bound 2 s after mana loads, vPort 1's never
	nv_mark
	nv_sn_load probe_scan=0
	echo hv_netvsc.0 > /sys/bus/platform/drivers/hv_netvsc/unbind
	echo hv_netvsc.1 > /sys/bus/platform/drivers/hv_netvsc/unbind
	t0=$(up)
	nv_mana_load netvsc_wait=always netvsc_wait_ms=6000 vf_rejoin=off
	sleep 1
	a=$(nv_nports)
	echo hv_netvsc.0 > /sys/bus/platform/drivers/hv_netvsc/bind
	i=0
	while [ $i -lt 60 ] && [ "$(nv_nports)" -lt 2 ]; do usleep 250000; i=$((i + 1)); done
	d=$(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }')
	vf1=$(nv_vf $m1)
	if [ "$a" = 0 ] && nv_joined $m0 && [ -n "$vf1" ] && [ -z "$(nv_master "$vf1")" ] &&
	   [ "$(nv_nports)" = 2 ] && nv_log | grep -q "vPort 1 .*did not come within" &&
	   nv_log | grep -q "vPort 0 .*NIC present after"; then
		pass "registration gate: no port before its NIC ($a after 1 s), vPort 0 joined its late NIC, vPort 1 registered unjoined after ${d} s (wait 6 s): $(nv_log | grep -o 'did not come within [0-9]* ms' | head -n 1)"
	else
		fail "registration gate: ports before NIC $a, after ${d} s: $(nv_state); log: $(nv_log | grep -E 'waiting up to|NIC present|did not come' | tr '\n' ' ')"
	fi
	nv_unload

	# 7. NIC unbound and bound again (no probe scan): rejoin repairs it
	nv_mark
	nv_sn_load probe_scan=0
	nv_mana_load netvsc_wait=always
	nv_mana_wait && nv_wait_joined 10 $m0 $m1
	echo hv_netvsc.0 > /sys/bus/platform/drivers/hv_netvsc/unbind
	a=$(nv_master "$(nv_vf $m0)")
	echo hv_netvsc.0 > /sys/bus/platform/drivers/hv_netvsc/bind
	if [ -z "$a" ] && nv_wait_joined 15 $m0 $m1 && [ "$(nv_rejoins)" = 1 ]; then
		pass "NIC unbind/bind: VF left without master, re-joined after the rebind (1 port re-created: $(nv_state))"
	else
		fail "NIC unbind/bind: master after unbind '$a', now $(nv_state), re-created $(nv_rejoins)"
	fi

	# 8. stand-in reload (order=new, no probe scan): rejoin repairs both
	nv_mark
	timeout 60 rmmod $SN_MOD
	a=$(nv_master "$(nv_vf $m0)")$(nv_master "$(nv_vf $m1)")
	nv_sn_load probe_scan=0
	if [ -z "$a" ] && nv_wait_joined 15 $m0 $m1 && [ "$(nv_rejoins)" = 2 ]; then
		pass "stand-in module reload: both VFs re-joined (2 ports re-created: $(nv_state))"
	else
		fail "stand-in module reload: masters after rmmod '$a', now $(nv_state), re-created $(nv_rejoins)"
	fi

	# 9. VF removed and re-added (servicing): joins its NIC again
	nv_mark
	echo 1 > "/sys/bus/pci/devices/$PCI/remove"
	i=0
	while [ $i -lt 40 ] && [ "$(nv_nports)" -gt 0 ]; do usleep 250000; i=$((i + 1)); done
	a=$(nv_nports)
	echo 1 > /sys/bus/pci/rescan
	PCI=
	i=0
	while [ $i -lt 120 ] && [ -z "$PCI" ]; do find_pci; [ -n "$PCI" ] || usleep 250000; i=$((i + 1)); done
	if [ "$a" = 0 ] && nv_mana_wait && nv_wait_joined 15 $m0 $m1; then
		b=$(nv_sn $m0)
		pass "VF removed and re-added: both VFs back and joined ($(nv_state)); $b vf_joins $(nv_stat "$b" vf_joins)"
	else
		fail "VF removed and re-added: ports left after remove $a, now $(nv_state)"
	fi
	nv_unload

	# 10. stand-in unloaded mid-join: during the rejoin grace, nothing is re-created
	nv_mark
	nv_mana_load netvsc_wait=off vf_rejoin=act
	nv_mana_wait
	nv_sn_load probe_scan=0
	usleep 300000
	timeout 60 rmmod $SN_MOD
	a=$?
	sleep 4
	if [ "$a" = 0 ] && [ "$(nv_rejoins)" = 0 ] && [ "$(nv_nports)" = 2 ] &&
	   [ -z "$(nv_master "$(nv_vf $m0)")" ]; then
		pass "stand-in unloaded mid-join: rmmod returned, no port re-created, both ports registered, no master"
	else
		fail "stand-in unloaded mid-join: rmmod rc $a, re-created $(nv_rejoins), ports $(nv_nports), $(nv_state)"
	fi
	nv_unload

	# 11. two NICs with one MAC
	nv_mark
	timeout 60 modprobe $SN_MOD macs="$m0,$m0,$m1" || say "modprobe $SN_MOD (twins) failed"
	nv_mana_load netvsc_wait=always
	nv_mana_wait && nv_wait_joined 10 $m1
	vf0=$(nv_vf $m0)
	sleep 1
	a=$(nv_master "$vf0")
	b=0
	for i in /sys/class/net/*; do
		[ "$(cat "$i/address")" = "$m0" ] || continue
		case $(readlink "$i/device/driver") in
		*/hv_netvsc) b=$((b + $(nv_stat "${i##*/}" vf_joins))) ;;
		esac
	done
	if [ -n "$a" ] && [ "$b" = 1 ] && nv_log | grep -q "both have MAC $m0"; then
		pass "two NICs with MAC $m0: $vf0 joined $a only (joins $b), warned: $(nv_log | grep -o 'hv_netvsc NICs .* both have MAC [0-9a-f:]*' | head -n 1)"
	else
		fail "two NICs with MAC $m0: master '$a', joins $b, log: $(nv_log | grep -i 'mac' | tail -n 3 | tr '\n' ' ')"
	fi

	# 13. a joined VF moved into another namespace by hand
	nv_unload
	nv_mark
	nv_sn_load
	nv_mana_load netvsc_wait=always
	nv_mana_wait && nv_wait_joined 10 $m0 $m1
	vf0=$(nv_vf $m0) sn0=$(nv_sn $m0)
	e=$(nv_stat "$sn0" vf_joins)
	ip netns add e2emv
	# (not under busybox timeout: that would run busybox's ip, which has no named netns)
	ip link set "$vf0" netns e2emv
	a=$?
	sleep 1
	nv_wait_joined 10 $m0 $m1
	b=$?
	f=$(nv_stat "$sn0" vf_joins)
	if [ "$a" = 0 ] && [ "$b" = 0 ] && [ "$(fsub "${f:-0}" "${e:-0}")" = 1 ] && [ "$(nv_rejoins)" = 0 ] && [ "$(nv_nports)" = 2 ] &&
	   [ -z "$(ip -n e2emv -o link show 2> /dev/null | grep -v ' lo:')" ]; then
		pass "VF moved into another namespace: taken back by $sn0 and joined again (vf_joins $e -> $f; $(nv_state)), nothing re-created, both ports in place"
	else
		fail "VF moved into another namespace: ip rc $a, joined $b, $sn0 vf_joins $e -> $f, re-created $(nv_rejoins), ports $(nv_nports), $(nv_state); e2emv: $(ip -n e2emv -br link 2> /dev/null | tr '\n' ' ')"
	fi
	# without a NIC to take it back: it stays there, and mana unloads from there
	timeout 60 rmmod $SN_MOD
	vf0=$(nv_vf $m0)
	ip link set "$vf0" netns e2emv
	sleep 3
	c=$(ip -n e2emv -o link show 2> /dev/null | grep -c -v ' lo:')
	t0=$(up)
	timeout 120 rmmod mana
	a=$?
	d=$(dmesg | tail -n +$((NV_MARK + 1)) | grep -E 'BUG:|WARNING:|Oops|refcount_t:|unregister_netdevice: waiting' | head -n 1)
	if [ "$c" = 1 ] && [ "$a" = 0 ] && [ -z "$(ip -n e2emv -o link show 2> /dev/null | grep -v ' lo:')" ] && [ -z "$d" ] &&
	   [ "$(nv_rejoins)" = 0 ]; then
		pass "VF in another namespace with no NIC: stays there (1 link in e2emv), mana unloads from there in $(fsub "$(up)" "$t0")s, no netdev left, log clean"
	else
		fail "VF in another namespace with no NIC: links there $c, rmmod mana rc $a, left: $(ip -n e2emv -br link 2> /dev/null | tr '\n' ' '), re-created $(nv_rejoins), log: $d"
	fi
	ip netns del e2emv 2> /dev/null
	nv_unload

	# 12. clean unload
	nv_sn_load
	nv_mana_load netvsc_wait=always
	nv_mana_wait && nv_wait_joined 10 $m0 $m1
	nv_mark
	d=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|list_del corruption|refcount_t:|unregister_netdevice: waiting' | head -n 1)
	if timeout 60 rmmod $SN_MOD && timeout 120 rmmod mana && [ "$(nv_nports)" = 0 ] && [ -z "$d" ]; then
		pass "unload: $SN_MOD and mana removed, no netdev left; kernel log: no BUG, WARNING or Oops"
	else
		fail "unload: ports $(nv_nports); $(lsmod | grep -E 'mana|netvsc' | tr '\n' ' '); log: $d"
	fi
}
