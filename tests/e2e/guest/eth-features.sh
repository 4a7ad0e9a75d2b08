#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Ethernet feature checks of issue 4, sourced by guest/e2e.sh (busybox sh) after its base
# checks, with the two vPorts already in their namespaces and addressed:
#   eth_features NSA A NSB B
# Uses e2e.sh's helpers (pass, fail, say, nsping, stat_sum, tcp_transfer, fsub, wait_up).
# Prints ETH_FEATURES_CHECKS result lines (PASS, FAIL or SKIP with the reason). The last
# three drive the device through the model's control socket (host "link ...", "fault ...")
# and check that the driver follows or recovers: link down/up events, corrupt CQE, error
# status on CREATE_WQ_OBJ; the coalescing checks (RX CQE coalescing, interrupt
# moderation, malformed coalesced CQE) read the model's counters the same way. (The HWC timeout on QUERY_GF_STAT now hits the driver's 2 s
# statistics poll and resets the function: guest/recovery.sh checks it.)
# XDP objects are expected at /e2e/xdp_{aborted,drop,tx,redirect}.o (tests/e2e/xdp/build.sh);
# /e2e/nlshaper and /e2e/upstream-ethtool-names.txt come from tests/e2e/ethtool/build.sh.
ETH_FEATURES_CHECKS=21
VIPA=10.78.0.1 VIPB=10.78.0.2


# qsum NS DEV DIR FIELD: sum of DIR_N_FIELD over all queues
qsum() { stat_sum "$1" "$2" "^$3_[0-9]+_$4\$"; }
# qval NS DEV NAME: one ethtool -S counter
qval() { stat_sum "$1" "$2" "^$3\$"; }
nchan() { ip netns exec "$1" ethtool -l "$2" 2>/dev/null | awk '/^Combined:/ { v = $2 } END { print v + 0 }'; }

# flows N BASEPORT: N TCP connections of 1 MiB each from NSA to NSB (distinct source ports)
flows() {
	local n=$1 p=$2 i=0
	# a listener whose stdin is at EOF would close the connection at once: -e a sink
	printf '#!/bin/sh\ncat > /dev/null\n' > /tmp/sink.sh
	chmod +x /tmp/sink.sh
	while [ $i -lt "$n" ]; do
		ip netns exec $NSB nc -l -p $((p + i)) -e /tmp/sink.sh &
		i=$((i + 1))
	done
	# all listeners up before the first connection
	i=0
	while [ "$(ip netns exec $NSB netstat -ltn 2>/dev/null | awk -v lo="$p" -v hi=$((p + n)) \
		'{ k = split($4, a, ":"); if (a[k] >= lo && a[k] < hi) c++ } END { print c + 0 }')" -lt "$n" ]; do
		sleep 0.2
		i=$((i + 1))
		[ $i -lt 100 ] || break
	done
	i=0
	while [ $i -lt "$n" ]; do
		dd if=/dev/zero bs=64k count=16 2>/dev/null |
			timeout 30 /usr/sbin/ip netns exec $NSA nc -w 3 $IPB $((p + i))
		i=$((i + 1))
	done
	wait 2>/dev/null
}

# per-queue RX packet counters of NSB/B as "q0 q1 ..."
rxq_counts() {
	local q=0 n out=
	n=$(nchan $NSB "$B")
	while [ $q -lt "$n" ]; do
		out="$out $(qval $NSB "$B" "rx_${q}_packets")"
		q=$((q + 1))
	done
	echo $out
}

# queues_grown BEFORE AFTER MIN: how many queues grew by at least MIN packets
queues_grown() {
	echo "$1" | awk -v after="$2" -v min="$3" '{
		n = split(after, a, " "); c = 0
		for (i = 1; i <= n; i++) if (a[i] - $i >= min) c++
		print c }'
}

check_rss() {
	local n before after grown
	n=$(nchan $NSB "$B")
	if [ "$n" -lt 2 ]; then
		skip "RSS spreads flows over RX queues ($B has $n channel: the guest needs >= 2 CPUs, E2E_SMP)"
		return
	fi
	before=$(rxq_counts)
	flows 12 6001
	after=$(rxq_counts)
	grown=$(queues_grown "$before" "$after" 200)
	if [ "$grown" -ge 2 ]; then
		pass "RSS: 12 flows spread over $grown of $n RX queues of $B (rx_N_packets $before -> $after)"
	else
		fail "RSS: 12 flows landed on $grown of $n RX queues of $B (rx_N_packets $before -> $after)"
	fi
}

check_reconfig_under_traffic() {
	local n r l g x before after grown0 grown_other
	n=$(nchan $NSA "$A")
	rm -f /tmp/bg.res
	( tcp_transfer 30; echo "$XFER_OK $XFER_MSG" > /tmp/bg.res ) &
	sleep 1
	ip netns exec $NSA ethtool -L "$A" combined 1; r1=$?
	sleep 0.5
	ip netns exec $NSA ethtool -G "$A" rx 256 tx 256; r2=$?
	sleep 0.5
	ip netns exec $NSB ethtool -X "$B" equal 1; r3=$?
	sleep 0.5
	ip netns exec $NSB ethtool -G "$B" rx 1024 tx 512; r4=$?
	wait
	r=$(cat /tmp/bg.res 2>/dev/null)
	l=$(nchan $NSA "$A")
	g=$(ip netns exec $NSA ethtool -g "$A" | awk '/^Current/ { c = 1 } c && /^RX:/ { rx = $2 } c && /^TX:/ { tx = $2 } END { print rx "/" tx }')
	x=$(ip netns exec $NSB ethtool -x "$B" | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i != 0) bad++ } END { print bad + 0 }')

	# -X effect: with every table entry on queue 0 only rx_0 may grow
	before=$(rxq_counts)
	flows 6 6101
	after=$(rxq_counts)
	grown0=$(echo "$before" | awk -v a="$after" '{ split(a, x, " "); print x[1] - $1 }')
	grown_other=$(queues_grown "$before" "$after" 50)
	[ "$grown0" -ge 50 ] && grown_other=$((grown_other - 1))

	if [ "${r%% *}" = 1 ] && [ $((r1 + r2 + r3 + r4)) -eq 0 ] && [ "$l" = 1 ] &&
	   [ "$g" = "256/256" ] && [ "$x" = 0 ] && [ "$grown0" -ge 1000 ] && [ "$grown_other" -eq 0 ]; then
		pass "ethtool -L/-G/-X under a 30 MiB TCP transfer: ${r#* }; now $A 1 channel, rings $g; $B table all queue 0 and only rx_0 grows (+$grown0)"
	else
		fail "ethtool -L/-G/-X under traffic: transfer '$r', rc $r1/$r2/$r3/$r4, $A channels $l rings $g, $B table entries not 0: $x, rx_0 +$grown0, other queues grown: $grown_other"
	fi
	ip netns exec $NSA ethtool -L "$A" combined "$n"
	ip netns exec $NSA ethtool -G "$A" rx 512 tx 256
	ip netns exec $NSB ethtool -G "$B" rx 512 tx 256
	ip netns exec $NSB ethtool -X "$B" default
	wait_up $NSA "$A"
	wait_up $NSB "$B"
}

check_tso() {
	local t0 s0 p0 b0 t1 s1 p1 b1 avg
	t0=$(qsum $NSA "$A" tx tso_packets); s0=$(qsum $NSA "$A" tx tso_inner_packets)
	p0=$(qsum $NSB "$B" rx packets); b0=$(qsum $NSB "$B" rx bytes)
	tcp_transfer 10
	t1=$(fsub "$(qsum $NSA "$A" tx tso_packets)" "$t0")
	s1=$(fsub "$(qsum $NSA "$A" tx tso_inner_packets)" "$s0")
	p1=$(fsub "$(qsum $NSB "$B" rx packets)" "$p0")
	b1=$(fsub "$(qsum $NSB "$B" rx bytes)" "$b0")
	avg=$(( b1 / (p1 > 0 ? p1 : 1) ))
	if [ "$XFER_OK" = 1 ] && [ "$t1" -gt 0 ] && [ "$p1" -ge "$s1" ] && [ "$avg" -le 1514 ]; then
		pass "TSO: $t1 TSO sends ($s1 segments) from $A arrive at $B as $p1 frames of <= 1514 bytes (avg $avg); $XFER_MSG"
	else
		fail "TSO: transfer ok=$XFER_OK ($XFER_MSG), $t1 TSO sends / $s1 segments, $B got $p1 frames avg $avg bytes"
	fi
}

# RX refill doorbells are batched (1/8 of the ring, 16 at the smallest ring): 500 TCP
# request/response transactions (one packet per poll: the worst case for a batch) on 128-buffer
# rings must all complete, no frame may find its RQ without an announced buffer (model
# rx_waited), and the model must count at most one RQ doorbell per 8 received packets (a
# doorbell per poll gives about one per packet)
check_rq_doorbell_batching() {
	local ra rb srv port=6301 d0 w0 p0 d1 w1 p1 r g
	ra=$(ip netns exec $NSA ethtool -g "$A" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	rb=$(ip netns exec $NSB ethtool -g "$B" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	if [ ! -x /e2e/tcprr ]; then
		skip "RQ doorbell batching: /e2e/tcprr missing (tests/bench/tcprr.c not built)"
		return
	fi
	ip netns exec $NSA ethtool -G "$A" rx 128
	ip netns exec $NSB ethtool -G "$B" rx 128
	wait_up $NSA "$A"
	wait_up $NSB "$B"
	g=$(ip netns exec $NSB ethtool -g "$B" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	tcprr_server $NSB $port
	p0=$(( $(qsum $NSA "$A" rx packets) + $(qsum $NSB "$B" rx packets) ))
	d0=$(mstat rq); w0=$(mstat rx_waited)
	r=$(timeout 120 /usr/sbin/ip netns exec $NSA /e2e/tcprr $IPB $port 500 64)
	d1=$(fsub "$(mstat rq)" "$d0"); w1=$(fsub "$(mstat rx_waited)" "$w0")
	p1=$(( $(qsum $NSA "$A" rx packets) + $(qsum $NSB "$B" rx packets) - p0 ))
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	if [ "$r" = done=500 ] && [ "$g" = 128 ] && [ "$w1" = 0 ] && [ "$p1" -ge 1000 ] &&
	   [ $((d1 * 8)) -le "$p1" ]; then
		pass "RQ doorbell batching at 128-buffer rings: 500 TCP RR transactions done, $p1 packets received with $d1 RQ doorbells, no frame without an RX buffer"
	else
		fail "RQ doorbell batching at $g-buffer rings: tcprr '$r', $p1 packets received with $d1 RQ doorbells (at most 1 per 8 expected), $w1 frames found no RX buffer"
	fi
	ip netns exec $NSA ethtool -G "$A" rx "${ra:-512}"
	ip netns exec $NSB ethtool -G "$B" rx "${rb:-512}"
	wait_up $NSA "$A"
	wait_up $NSB "$B"
}

check_vlan() {
	local l0 l1 ok=0
	modprobe 8021q 2>/dev/null
	ip -n $NSA link add link "$A" name vl100 type vlan id 100 &&
	ip -n $NSB link add link "$B" name vl100 type vlan id 100 &&
	ip -n $NSA addr add $VIPA/24 dev vl100 && ip -n $NSB addr add $VIPB/24 dev vl100 &&
	ip -n $NSA link set vl100 up && ip -n $NSB link set vl100 up && ok=1
	[ $ok = 1 ] || echo "vlan setup: $(ip -n $NSA link add link "$A" name vlx type vlan id 101 2>&1)" > /tmp/ping.out
	l0=$(qsum $NSA "$A" tx long_pkt_fmt)
	if [ $ok = 1 ] && nsping $NSA $VIPB && nsping $NSB $VIPA; then
		l1=$(fsub "$(qsum $NSA "$A" tx long_pkt_fmt)" "$l0")
		if [ "$l1" -ge 3 ]; then
			pass "VLAN 100: ping both ways over vl100, tag inserted by the device ($A tx_N_long_pkt_fmt +$l1), stripped tag delivered to vl100"
		else
			fail "VLAN 100: ping works but $A sent no long-format (tag insert) WQE (+$l1)"
		fi
	else
		fail "VLAN 100: ping over vl100 failed (setup ok=$ok): $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
	fi
	ip -n $NSA link del vl100 2>/dev/null
	ip -n $NSB link del vl100 2>/dev/null
}

# xdp_attach VERDICT: attach /e2e/xdp_<verdict>.o to B and wait for B to be up again;
# prints the SKIP (no object) or FAIL (refused) line and returns 1 when it is not attached
xdp_attach() {
	local o=/e2e/xdp_$(echo "$1" | tr A-Z a-z).o
	if [ ! -s "$o" ]; then
		skip "XDP_$1: no $o in the guest (tests/e2e/xdp/build.sh needs clang)"
		return 1
	fi
	if ! ip -n $NSB link set dev "$B" xdp obj "$o" sec xdp 2>/tmp/xdp.err; then
		fail "XDP_$1: cannot attach the program to $B: $(head -n 2 /tmp/xdp.err | tr '\n' ' ')"
		return 1
	fi
	wait_up $NSB "$B"
}

# xdp_dropping DROP|ABORTED: /e2e/xdp_<verdict>.o returns that verdict for every frame.
# Pings to B must go unanswered and count as rx_N_xdp_drop, and be answered again after
# detach; ABORTED must also be reported through the xdp:xdp_exception tracepoint, which
# DROP never fires.
xdp_dropping() {
	local v=$1 o t=/sys/kernel/tracing d0 d1 ev=- extra=
	o=/e2e/xdp_$(echo "$v" | tr A-Z a-z).o
	if [ ! -s "$o" ]; then
		skip "XDP_$v: no $o in the guest (tests/e2e/xdp/build.sh needs clang)"
		return
	fi
	if [ "$v" = ABORTED ]; then
		[ -d $t/events ] || mount -t tracefs nodev $t 2> /dev/null
		if [ ! -w $t/events/xdp/xdp_exception/enable ]; then
			skip "XDP_ABORTED: no xdp:xdp_exception tracepoint in this kernel's tracefs"
			return
		fi
	fi
	if ! ip -n $NSB link set dev "$B" xdp obj "$o" sec xdp 2>/tmp/xdp.err; then
		fail "XDP_$v: cannot attach the program to $B: $(head -n 2 /tmp/xdp.err | tr '\n' ' ')"
		return
	fi
	wait_up $NSB "$B"
	if [ "$v" = ABORTED ]; then
		echo > $t/trace
		echo 1 > $t/events/xdp/xdp_exception/enable
	fi
	d0=$(qsum $NSB "$B" rx xdp_drop)
	if nsping $NSA $IPB 3; then r=answered; else r=dropped; fi
	d1=$(fsub "$(qsum $NSB "$B" rx xdp_drop)" "$d0")
	if [ "$v" = ABORTED ]; then
		echo 0 > $t/events/xdp/xdp_exception/enable
		ev=$(grep -c 'xdp_exception:.*action=ABORTED' $t/trace)
		extra=" with $ev xdp_exception trace events"
	fi
	ip -n $NSB link set dev "$B" xdp off
	wait_up $NSB "$B"
	if [ $r = dropped ] && [ "$d1" -ge 3 ] && { [ "$v" = DROP ] || [ "$ev" -ge 3 ]; } &&
	   nsping $NSA $IPB; then
		pass "XDP_$v: pings to $B dropped by the program (rx_N_xdp_drop +$d1)$extra, answered again after detach"
	else
		fail "XDP_$v: pings $r, rx_N_xdp_drop +$d1, xdp_exception events $ev, ping after detach: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
	fi
}

check_xdp_drop() { xdp_dropping DROP; }
check_xdp_aborted() { xdp_dropping ABORTED; }

# ICMP echo requests NSB's kernel received
in_echos() {
	ip netns exec $NSB awk '/^Icmp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i }
		else print $c }' /proc/net/snmp
}

check_xdp_tx() {
	local t0 t1 e0 e1
	xdp_attach TX || return
	t0=$(qsum $NSB "$B" rx xdp_tx)
	e0=$(in_echos)
	if nsping $NSA $IPB 3; then r=answered; else r="not answered"; fi
	t1=$(fsub "$(qsum $NSB "$B" rx xdp_tx)" "$t0")
	e1=$(in_echos)
	ip -n $NSB link set dev "$B" xdp off
	wait_up $NSB "$B"
	if [ "$r" = answered ] && [ "$t1" -ge 3 ] && [ "$e1" = "$e0" ]; then
		pass "XDP_TX: $B's program answered the pings itself (rx_N_xdp_tx +$t1, kernel InEchos unchanged at $e1)"
	else
		fail "XDP_TX: pings $r, rx_N_xdp_tx +$t1, kernel InEchos $e0 -> $e1"
	fi
}

# XDP_PASS: /e2e/xdp_pass.o passes every frame; with it attached to B (neighbour caches
# flushed, so ARP goes through it too) pings both ways, small and 1400 bytes, must reach
# B's kernel (InEchos grows) and nothing may count as an XDP drop.
check_xdp_pass() {
	local e0 e1 d0 d1 r=answered
	xdp_attach PASS || return
	ip -n $NSA neigh flush dev "$A" 2>/dev/null
	ip -n $NSB neigh flush dev "$B" 2>/dev/null
	e0=$(in_echos)
	d0=$(qsum $NSB "$B" rx xdp_drop)
	nsping $NSA $IPB 3 || r="A->B not answered"
	[ "$r" != answered ] || nsping $NSA $IPB 1400 3 || r="A->B 1400 bytes not answered"
	[ "$r" != answered ] || nsping $NSB $IPA || r="B->A not answered"
	e1=$(in_echos)
	d1=$(fsub "$(qsum $NSB "$B" rx xdp_drop)" "$d0")
	ip -n $NSB link set dev "$B" xdp off
	wait_up $NSB "$B"
	if [ "$r" = answered ] && [ $((e1 - e0)) -ge 6 ] && [ "$d1" = 0 ]; then
		pass "XDP_PASS: with the program on $B, ARP and pings both ways (1400 bytes too) reach the stack (kernel InEchos +$((e1 - e0)), rx_N_xdp_drop +0)"
	else
		fail "XDP_PASS: $r, kernel InEchos $e0 -> $e1, rx_N_xdp_drop +$d1"
	fi
}

# ping_back NS IP SECS: wait until NS can ping IP again
ping_back() {
	local i=0
	while [ $i -lt "$3" ]; do
		nsping "$1" "$2" 1 && return 0
		i=$((i + 1))
	done
	return 1
}

# carrier NS DEV: prints "on" or "off"
carrier() {
	case $(ip -n "$1" link show dev "$2" 2>/dev/null) in
	*NO-CARRIER*) echo off ;;
	*LOWER_UP*) echo on ;;
	*) echo off ;;
	esac
}

check_link_events() {
	local i=0 down=on
	host link 0 down
	while [ $i -lt 20 ]; do
		down=$(carrier $NSA "$A")
		[ "$down" = off ] && break
		sleep 0.5
		i=$((i + 1))
	done
	host link 0 up
	if [ "$down" = off ] && wait_up $NSA "$A" && wait_up $NSB "$B" && ping_back $NSA $IPB 10; then
		pass "link events: device link down -> $A carrier off; link up -> carrier on, ping works"
	else
		fail "link events: carrier after 'link 0 down': $down; after 'link 0 up': $(carrier $NSA "$A"), ping: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
	fi
}

check_fault_corrupt_cqe() {
	local r0 r1
	r0=$(dmesg | grep -c "resetting the port's queues")
	host fault corrupt_cqe 1 data
	nsping $NSA $IPB 3
	if ping_back $NSA $IPB 40 && nsping $NSB $IPA; then
		r1=$(( $(dmesg | grep -c "resetting the port's queues") - r0 ))
		if [ "$r1" -ge 1 ]; then
			pass "fault: corrupt CQE ($HOST_REPLY) -> port queue reset ($r1), ping both ways works again"
		else
			fail "fault: corrupt CQE ($HOST_REPLY): traffic works but the driver never reset the queues"
		fi
	else
		fail "fault: corrupt CQE ($HOST_REPLY): no traffic 40 s later: $(dmesg | grep -i mana | tail -n 2 | tr '\n' ' ')"
	fi
	host fault clear
}

check_fault_error_status() {
	local first second
	ip -n $NSB link set "$B" down
	host fault opcode 0x20004 0x10 1
	if ip -n $NSB link set "$B" up 2>/dev/null; then first=ok; else first=refused; fi
	ip -n $NSB link set "$B" down
	if ip -n $NSB link set "$B" up && wait_up $NSB "$B"; then second=ok; else second=refused; fi
	if [ $first = refused ] && [ $second = ok ] && ping_back $NSA $IPB 10; then
		pass "fault: CREATE_WQ_OBJ answered with an error status -> 'ip link set up' fails cleanly, the next one works and ping passes"
	else
		fail "fault: CREATE_WQ_OBJ error status: first up $first, second up $second, ping: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
	fi
	host fault clear
}

check_xdp_redirect() {
	local r0 x0 r1 x1 e0 e1
	xdp_attach REDIRECT || return
	r0=$(qsum $NSB "$B" rx xdp_redirect); x0=$(qsum $NSB "$B" tx xdp_xmit)
	e0=$(in_echos)
	if nsping $NSA $IPB 3; then r=answered; else r="not answered"; fi
	r1=$(fsub "$(qsum $NSB "$B" rx xdp_redirect)" "$r0")
	x1=$(fsub "$(qsum $NSB "$B" tx xdp_xmit)" "$x0")
	e1=$(in_echos)
	ip -n $NSB link set dev "$B" xdp off
	wait_up $NSB "$B"
	if [ "$r" = answered ] && [ "$r1" -ge 3 ] && [ "$x1" -ge 3 ] && [ "$e1" = "$e0" ]; then
		pass "XDP_REDIRECT + ndo_xdp_xmit: replies redirected back out of $B (rx_N_xdp_redirect +$r1, tx_N_xdp_xmit +$x1)"
	else
		fail "XDP_REDIRECT: pings $r, rx_N_xdp_redirect +$r1, tx_N_xdp_xmit +$x1, kernel InEchos $e0 -> $e1"
	fi
}

# ---- ethtool/netdev features of mainline 7.3: names, PHY counters, full-page-rx, net_shaper ----

# ethtool -S names of NS/DEV, one a line, in the driver's order
stat_names() {
	ip netns exec "$1" ethtool -S "$2" 2>/dev/null | awk 'NR > 1 { n = $1; sub(":$", "", n); print n }'
}

check_ethtool_names() {
	local up=/e2e/upstream-ethtool-names.txt n missing extra order
	if [ ! -s $up ]; then
		skip "ethtool -S names vs mainline 7.3: no upstream name list in the guest (the host could not read linux-source-7.3, see the run log)"
		return
	fi
	n=$(nchan $NSB "$B")
	# expand the per-queue templates for this channel count
	awk -v n="$n" '/^@queues$/ { g = 1; k = 0; next }
		/^@end$/ { for (q = 0; q < n; q++) for (i = 0; i < k; i++) { t = f[i]; sub("%d", q, t); print t }
			g = 0; next }
		g { f[k++] = $0; next } { print }' $up > /tmp/names.up
	stat_names $NSB "$B" > /tmp/names.ours
	missing=$(awk 'NR == FNR { o[$0] = 1; next } !($0 in o)' /tmp/names.ours /tmp/names.up | tr '\n' ' ')
	extra=$(awk 'NR == FNR { u[$0] = 1; next } !($0 in u)' /tmp/names.up /tmp/names.ours | tr '\n' ' ')
	order=$(awk 'NR == FNR { u[FNR] = $0; nu = FNR; next } { if (u[FNR] != $0 && !bad) bad = FNR ": " u[FNR] " vs " $0 }
		END { print bad }' /tmp/names.up /tmp/names.ours)
	if [ -z "$missing" ] && [ -z "$extra" ] && [ -z "$order" ] && [ -s /tmp/names.ours ]; then
		pass "ethtool -S names of $B ($n channels): all $(wc -l < /tmp/names.ours) match mainline 7.3's mana_ethtool.c, same order"
	else
		fail "ethtool -S names of $B vs mainline 7.3 ($n channels): missing: ${missing:-none}; extra: ${extra:-none}; first order difference: ${order:-none}"
	fi
}

check_phy_stats() {
	local names p0 b0 t0 p1 b1 t1
	names=$(stat_names $NSB "$B" | grep -c '^hc_.*_phy$')
	p0=$(qval $NSB "$B" hc_tc0_rx_pkt_phy); b0=$(qval $NSB "$B" hc_tc0_rx_byte_phy)
	t0=$(qval $NSB "$B" hc_tc0_tx_pkt_phy)
	nsping $NSA $IPB "" 5
	p1=$(fsub "$(qval $NSB "$B" hc_tc0_rx_pkt_phy)" "$p0")
	b1=$(fsub "$(qval $NSB "$B" hc_tc0_rx_byte_phy)" "$b0")
	t1=$(fsub "$(qval $NSB "$B" hc_tc0_tx_pkt_phy)" "$t0")
	# 5 requests + 5 replies cross the device: each is received by one vPort and sent by one
	if [ "$names" -eq 50 ] && [ "$p1" -ge 10 ] && [ "$t1" -ge 10 ] && [ "$b1" -ge $((10 * 98)) ]; then
		pass "PHY counters (QUERY_PHY_STAT): 50 hc_*_phy names; 5 pings moved TC0 rx +$p1 pkts/+$b1 bytes, tx +$t1 pkts"
	else
		fail "PHY counters: $names of 50 hc_*_phy names; after 5 pings TC0 rx +$p1 pkts/+$b1 bytes, tx +$t1 pkts"
	fi
}

# rxbuf: the model's view of vPort 1's (B's) receive buffers: "RQS MIN MAX" distinct in-page offsets
rxbuf() { host rxbuf 1; echo "${HOST_REPLY#ok }"; }

# full_page_phase on|off: switch the flag of B in the middle of a 30 MiB transfer to B
full_page_phase() {
	rm -f /tmp/bg.res
	( tcp_transfer 30; echo "$XFER_OK $XFER_MSG" > /tmp/bg.res ) &
	sleep 1
	ip netns exec $NSB ethtool --set-priv-flags "$B" full-page-rx "$1"
	PH_RC=$?
	wait
	PH_XFER=$(cat /tmp/bg.res 2>/dev/null)
	PH_FLAG=$(ip netns exec $NSB ethtool --show-priv-flags "$B" 2>/dev/null | awk -F': *' '$1 == "full-page-rx" { print $2 }')
	PH_BUF=$(rxbuf)
}

check_full_page_rx() {
	local on_x on_b on_rc on_f frags exp
	if ! ip netns exec $NSB ethtool --show-priv-flags "$B" 2>/dev/null | grep -q '^full-page-rx: *off'; then
		fail "full-page-rx: private flag not listed (or not off) on $B: $(ip netns exec $NSB ethtool --show-priv-flags "$B" 2>&1 | tr '\n' ' ')"
		return
	fi
	full_page_phase on
	on_x=$PH_XFER on_b=$PH_BUF on_rc=$PH_RC on_f=$PH_FLAG
	full_page_phase off
	# page_pool fragments (two buffers a page at MTU 1500) exist from 5.15 on (compat/net.h)
	case $(uname -r) in
	5.10.*) frags=0; exp="1 (no page_pool fragments on 5.10: a page per buffer either way)" ;;
	*) frags=1; exp="2 (two buffers share a page)" ;;
	esac
	set -- $on_b; local on_n=${1:-0} on_hi=${3:-0}
	set -- $PH_BUF; local off_n=${1:-0} off_hi=${3:-0}
	if [ "${on_x%% *}" = 1 ] && [ "${PH_XFER%% *}" = 1 ] && [ $((on_rc + PH_RC)) -eq 0 ] &&
	   [ "$on_f" = on ] && [ "$PH_FLAG" = off ] && [ "$on_n" -ge 1 ] && [ "$on_hi" = 1 ] &&
	   [ "$off_n" -ge 1 ] && [ "$off_hi" = $((frags + 1)) ]; then
		pass "full-page-rx on/off on $B under 30 MiB TCP transfers (${on_x#* } / ${PH_XFER#* }); device saw buffer offsets per page: on 1, off $exp"
	else
		fail "full-page-rx: on: rc $on_rc flag '$on_f' transfer '$on_x' model RQs/min/max offsets '$on_b'; off: rc $PH_RC flag '$PH_FLAG' transfer '$PH_XFER' offsets '$PH_BUF' (expected max $exp)"
	fi
	wait_up $NSB "$B"
}

check_net_shaper() {
	local out rc bad badrc speed del delrc c1 c2 c3
	if [ ! -x /e2e/nlshaper ]; then
		skip "net_shaper: no /e2e/nlshaper in the guest (tests/e2e/ethtool/build.sh could not build it, see the run log)"
		return
	fi
	out=$(ip netns exec $NSA /e2e/nlshaper set "$A" 200000000); rc=$?
	if [ $rc -eq 2 ]; then
		host clamp 0
		# the API is mainline 6.13: a newer kernel without the family is a defect of the setup
		if [ "$(uname -r | awk -F. '{ print ($1 * 1000 + $2 >= 6013) }')" = 1 ]; then
			fail "net_shaper: kernel $(uname -r) (>= 6.13) shows no net-shaper netlink family in $NSA"
			return
		fi
		skip "net_shaper: kernel $(uname -r) has no net-shaper netlink family (API since 6.13), so the driver registers no shaper; device clamp state: $HOST_REPLY"
		return
	fi
	host clamp 0; c1=$HOST_REPLY
	# not a multiple of 100 Mbit/s: refused, the device keeps 200
	bad=$(ip netns exec $NSA /e2e/nlshaper set "$A" 150000000); badrc=$?
	host clamp 0; c2=$HOST_REPLY
	speed=$(ip netns exec $NSA ethtool "$A" 2>/dev/null | awk '/Speed:/ { print $2 }')
	del=$(ip netns exec $NSA /e2e/nlshaper delete "$A"); delrc=$?
	host clamp 0; c3=$HOST_REPLY
	if [ $rc -eq 0 ] && [ "${c1% *}" = "ok on 200" ] && [ $badrc -eq 1 ] && [ "${c2% *}" = "ok on 200" ] &&
	   [ $delrc -eq 0 ] && [ "${c3% *}" = "ok off 0" ] && [ "$speed" = 100000Mb/s ] && nsping $NSA $IPB; then
		pass "net_shaper on $A: bw-max 200 Mbit/s -> SET_BW_CLAMP 200 ($c1); 150 Mbit/s refused ($bad); ethtool speed $speed (QoS speed); delete -> clamp off ($c3)"
	else
		fail "net_shaper on $A: set 200M '$out' (rc $rc) -> '$c1'; set 150M '$bad' (rc $badrc) -> '$c2'; speed '$speed'; delete '$del' (rc $delrc) -> '$c3'"
	fi
}

# ---- coalescing -------------------------------------------------------------------------
# mvals KEY: every number stored under KEY in the model's stats (host vm.py "jvals")
mvals() {
	host jvals "$1"
	case $HOST_REPLY in none | error*) echo ;; *) echo "$HOST_REPLY" ;; esac
}
# mstat KEY: their sum
mstat() { mvals "$1" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { printf "%.0f", s }'; }
# mcqs USEC COMPS: model CQs whose last moderation request was USEC/COMPS
mcqs() {
	local u c
	u=$(mvals modr_usec)
	c=$(mvals modr_comps)
	echo "$u" | awk -v c="$c" -v wu="$1" -v wc="$2" '{ split(c, cc, " ")
		for (i = 1; i <= NF; i++) if ($i == wu && cc[i] == wc) n++ } END { print n + 0 }'
}

# How rx-cqe-frames is set on this kernel: the driver's module parameter (kernels whose
# ethtool API has no rx-cqe-frames; applied at the next ifup) or ethtool -C (7.x; the
# guest's bookworm ethtool predates the knob: ethtool-cqe is Debian sid's).
CQE_HOW=
cqe_how() {
	CQE_HOW=
	if [ -e /sys/module/mana/parameters/rx_cqe_frames ]; then
		CQE_HOW=param
	elif [ -x /usr/sbin/ethtool-cqe ] &&
	     ip netns exec $NSB /usr/sbin/ethtool-cqe -c "$B" 2>/dev/null | grep -q '^rx-cqe-frames:'; then
		CQE_HOW=ethtool
	fi
}
cqe_set() {
	case $CQE_HOW in
	param)
		echo "$1" 2>/tmp/cqe.err > /sys/module/mana/parameters/rx_cqe_frames || return 1
		ip -n $NSB link set "$B" down
		ip -n $NSB link set "$B" up
		wait_up $NSB "$B"
		;;
	ethtool) ip netns exec $NSB /usr/sbin/ethtool-cqe -C "$B" rx-cqe-frames "$1" 2>/tmp/cqe.err ;;
	*) return 1 ;;
	esac
}
cqe_get() {
	case $CQE_HOW in
	param) cat /sys/module/mana/parameters/rx_cqe_frames ;;
	ethtool) ip netns exec $NSB /usr/sbin/ethtool-cqe -c "$B" | awk '/^rx-cqe-frames:/ { print $2 }' ;;
	esac
}
cqe_nsecs() {
	[ $CQE_HOW = ethtool ] || { echo n/a; return; }
	ip netns exec $NSB /usr/sbin/ethtool-cqe -c "$B" | awk '/^rx-cqe-nsecs:/ { print $2 }'
}

# cqe_run N: set N packets per RX completion on B, then a 10 MiB transfer A -> B; sets
# CQE_MSG and CQE_OK (1 when the setting reads back, the model packs N and both the
# model's coalesced-CQE counter and B's rx_N_coalesced_cqe_K moved, sha256 equal)
cqe_run() {
	local n=$1 rc got v c0 s0 b0 c1 s1 b1
	cqe_set "$n"; rc=$?
	got=$(cqe_get)
	v=$(mvals rx_cqe_packets)
	c0=$(mstat rx_coalesced_cqes); s0=$(qsum $NSB "$B" rx 'coalesced_cqe_[2-8]')
	b0=$(qsum $NSB "$B" rx 'coalesced_cqe_[5-8]')
	tcp_transfer 10
	c1=$(fsub "$(mstat rx_coalesced_cqes)" "$c0")
	s1=$(fsub "$(qsum $NSB "$B" rx 'coalesced_cqe_[2-8]')" "$s0")
	b1=$(fsub "$(qsum $NSB "$B" rx 'coalesced_cqe_[5-8]')" "$b0")
	CQE_OK=0
	# 4: never more than 4 packets in a completion; 8: type-7 completions (5..8) seen
	case " $v " in *" $n "*) [ $rc = 0 ] && [ "$got" = "$n" ] && [ "$XFER_OK" = 1 ] &&
		[ "$c1" -gt 0 ] && [ "$s1" -gt 0 ] &&
		{ { [ "$n" = 4 ] && [ "$b1" = 0 ]; } || { [ "$n" = 8 ] && [ "$b1" -gt 0 ]; }; } &&
		CQE_OK=1 ;; esac
	CQE_MSG="rx-cqe-frames $n (rc $rc, reads $got, model packs [$v]): model +$c1 coalesced CQEs, $B rx_N_coalesced_cqe_2..8 +$s1 (5..8: +$b1); $XFER_MSG"
}

check_rx_cqe_coalescing() {
	local ok4 msg4 ok8 msg8 rc3 got3 v1 ns
	cqe_how
	if [ -z "$CQE_HOW" ]; then
		skip "RX CQE coalescing: no way to set rx-cqe-frames in this guest (no rx_cqe_frames module parameter, no ethtool with rx-cqe-frames: Debian sid's ethtool was not fetched)"
		return
	fi
	cqe_run 4; ok4=$CQE_OK msg4=$CQE_MSG
	ns=$(cqe_nsecs)
	cqe_run 8; ok8=$CQE_OK msg8=$CQE_MSG
	cqe_set 3; rc3=$?
	got3=$(cqe_get)
	cqe_set 1
	v1=$(mvals rx_cqe_packets)
	if [ $ok4 = 1 ] && [ $ok8 = 1 ] && [ $rc3 != 0 ] && [ "$got3" = 8 ] &&
	   [ "$(echo "$v1" | tr -d ' 1')" = "" ]; then
		pass "RX CQE coalescing via $CQE_HOW: $msg4; rx-cqe-nsecs $ns; $msg8; 3 refused; back to 1 (model [$v1])"
	else
		fail "RX CQE coalescing via $CQE_HOW: ok4=$ok4 $msg4; ok8=$ok8 $msg8; rx-cqe-frames 3: rc $rc3 reads $got3 ($(head -n 1 /tmp/cqe.err 2>/dev/null)); after 1: model [$v1]"
	fi
}

# ethtool -c of B as "adaptive-rx/adaptive-tx rx-usecs rx-frames tx-usecs tx-frames"
coal_show() {
	ip netns exec $NSB ethtool -c "$B" | awk '/^Adaptive RX:/ { a = $3 "/" $5 }
		/^rx-usecs:/ { ru = $2 } /^rx-frames:/ { rf = $2 } /^tx-usecs:/ { tu = $2 }
		/^tx-frames:/ { tf = $2 } END { print a, ru, rf, tu, tf }'
}

check_moderation() {
	local n def d0 d1 rc st rx tx bad1 bad2 bad3 after d2 d3 ad rc2
	n=$(nchan $NSB "$B")
	def=$(coal_show)
	d0=$(mstat dim)
	ip netns exec $NSB ethtool -C "$B" adaptive-rx off adaptive-tx off rx-usecs 50 rx-frames 16 \
		tx-usecs 30 tx-frames 8 2>/tmp/coal.err
	rc=$?
	d1=$(fsub "$(mstat dim)" "$d0")
	st=$(coal_show)
	rx=$(mcqs 50 16); tx=$(mcqs 30 8)
	ip netns exec $NSB ethtool -C "$B" rx-usecs 2000 2>/dev/null; bad1=$?
	ip netns exec $NSB ethtool -C "$B" tx-frames 300 2>/dev/null; bad2=$?
	ip netns exec $NSB ethtool -C "$B" rx-usecs 1024 rx-frames 256 2>/dev/null; bad3=$?
	after=$(coal_show)
	tcp_transfer 10
	ip netns exec $NSB ethtool -C "$B" adaptive-rx on adaptive-tx on rx-usecs 0 rx-frames 0 \
		tx-usecs 0 tx-frames 0 2>>/tmp/coal.err
	rc2=$?
	ad=$(coal_show)
	d2=$(mstat dim)
	# lib/dim under traffic: reported, not required (it writes only when it changes profile)
	ping_back $NSA $IPB 5 > /dev/null
	flows 4 6201
	d3=$(fsub "$(mstat dim)" "$d2")
	if [ $rc = 0 ] && [ "$st" = "off/off 50 16 30 8" ] && [ "$d1" -ge $((2 * n)) ] &&
	   [ "$rx" -ge "$n" ] && [ "$tx" -ge "$n" ] && [ $bad1 != 0 ] && [ $bad2 != 0 ] &&
	   [ $bad3 != 0 ] && [ "$after" = "$st" ] && [ "$XFER_OK" = 1 ] && [ $rc2 = 0 ] &&
	   [ "$ad" = "on/on 0 0 0 0" ]; then
		pass "interrupt moderation: default '$def'; ethtool -C static 50us/16 rx 30us/8 tx -> $d1 DIM doorbells ($n channels), model CQs rx $rx tx $tx, reads '$st'; 2000 us / 300 frames / 1024 us refused; TCP under it: $XFER_MSG; adaptive back on ('$ad', lib/dim wrote $d3 doorbells under 4 flows)"
	else
		fail "interrupt moderation: default '$def'; set rc $rc reads '$st' ($(head -n 1 /tmp/coal.err 2>/dev/null)); DIM doorbells +$d1 for $n channels; model CQs rx $rx tx $tx; out-of-range rc $bad1/$bad2/$bad3, reads '$after'; transfer $XFER_OK $XFER_MSG; adaptive on rc $rc2 reads '$ad'"
	fi
}

check_fault_bad_coalesced_cqe() {
	local r0 m0 r1 m1 x
	if [ -z "$CQE_HOW" ]; then
		skip "fault: malformed coalesced CQE: rx-cqe-frames cannot be set in this guest (see the RX CQE coalescing check)"
		return
	fi
	cqe_set 4
	r0=$(dmesg | grep -c "resetting the port's queues")
	m0=$(dmesg | grep -c "malformed coalesced completion")
	host fault bad_coalesced_cqe 1
	tcp_transfer 5; x="$XFER_OK $XFER_MSG"
	if ping_back $NSA $IPB 40 && nsping $NSB $IPA; then
		r1=$(( $(dmesg | grep -c "resetting the port's queues") - r0 ))
		m1=$(( $(dmesg | grep -c "malformed coalesced completion") - m0 ))
		if [ "$m1" -ge 1 ] && [ "$r1" -ge 1 ]; then
			pass "fault: malformed coalesced CQE ($HOST_REPLY) -> '$(dmesg | grep -m1 "malformed coalesced completion" | sed 's/^\[[^]]*\] //')', port queue reset ($r1), ping both ways works again (transfer during it: ${x%% *})"
		else
			fail "fault: malformed coalesced CQE ($HOST_REPLY): traffic works but error messages +$m1, queue resets +$r1 (transfer: $x)"
		fi
	else
		fail "fault: malformed coalesced CQE ($HOST_REPLY): no traffic 40 s later: $(dmesg | grep -i mana | tail -n 2 | tr '\n' ' ')"
	fi
	host fault clear
	cqe_set 1
}

eth_features() {
	NSA=$1 A=$2 NSB=$3 B=$4
	ip -n $NSA link set "$A" mtu 1500
	ip -n $NSB link set "$B" mtu 1500
	wait_up $NSA "$A"
	wait_up $NSB "$B"
	check_ethtool_names
	check_rss
	check_reconfig_under_traffic
	check_phy_stats
	check_full_page_rx
	check_net_shaper
	check_tso
	check_rq_doorbell_batching
	check_vlan
	check_xdp_pass
	check_xdp_drop
	check_xdp_aborted
	check_xdp_tx
	check_xdp_redirect
	check_link_events
	check_fault_corrupt_cqe
	check_fault_error_status
	check_rx_cqe_coalescing
	check_moderation
	check_fault_bad_coalesced_cqe
	# the port must still carry traffic after all of the above
	if nsping $NSA $IPB && nsping $NSB $IPA; then
		pass "after the feature checks: ping both ways still works"
	else
		fail "after the feature checks: ping fails: $(tail -n 2 /tmp/ping.out | tr '\n' ' ')"
	fi
}
