#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest (busybox sh) in place of tests/e2e/guest/e2e.sh (see tests/dpdk/run.sh):
# mana + mana_ib, vPort 0 for DPDK (netdev down), vPort 1's netdev in namespace ns1
# (10.20.0.2), then dpdk-testpmd (trixie root under /dpdk, chroot) driven through a FIFO:
#   a) the PMD probes the function, port 0 has vPort 0's MAC;
#   b) icmpecho: pings from ns1 to 10.20.0.1 are answered;
#   c) txonly towards vPort 1's MAC and macswap of UDP from ns1: testpmd's port counters,
#      the netdev's counters and the model's vPort counters agree;
#   d) --rxq=2 --txq=2, RSS: UDP to 8 addresses, both RX queues receive.
# Reports on fd 3 like the e2e guest. /e2e/config: DRIVER, KVER, MACS; /ib/order: the
# modules mana_ib needs (intree: mana_ib.ko itself last).
# shellcheck disable=SC2046,SC3045 # counter lists are split on purpose; busybox read has -t
. /e2e/config
R=/dpdk
# busybox sh runs its own applets before searching PATH: use the real tools explicitly
ip() { /usr/sbin/ip "$@"; }
NS="ip netns exec ns1"

# say/res/pass/fail/skip: tests/lib/guest.sh
GUEST_TAG=DPDK
. /e2e/guest-lib.sh
sync_host() { echo "@@SYNC $*" >&3; r=; read -r -t 120 r <&3; echo "${r#@@ACK }"; }
step_t0=$(cut -d. -f1 /proc/uptime)
step() { now=$(cut -d. -f1 /proc/uptime); echo "@@OUT step '$1': $((now - step_t0)) s (guest uptime $now s)" >&3; step_t0=$now; }

[ "${DPDK_SERVICE:-1}" = 1 ] && echo "@@PLAN 23" >&3 || echo "@@PLAN 15" >&3
PCI=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1414:0x00ba ] && PCI=${d##*/}
done
set -- $MACS
MAC0=$1 MAC1=$2

# 1. drivers
modprobe mana
ok=1
for m in $(cat /ib/order); do insmod "/ib/$m" || ok=0; done
[ "$DRIVER" = ours ] && { insmod /ib/mana_ib.ko || ok=0; }
netdev_of() { for n in /sys/bus/pci/devices/$PCI/net/*; do
	[ "$(cat "$n/address")" = "$1" ] && echo "${n##*/}"; done; }
wait_for 60 '[ -n "$(netdev_of $MAC1)" ] && [ -n "$(netdev_of $MAC0)" ]'
ETH0=$(netdev_of "$MAC0") ETH1=$(netdev_of "$MAC1")
wait_for 30 '[ -n "$(ls /sys/class/infiniband 2> /dev/null)" ] && [ -e /dev/infiniband/uverbs0 ]'
IBDEVS=$(ls /sys/class/infiniband 2> /dev/null | tr '\n' ' ')
if [ $ok = 1 ] && [ -n "$ETH0" ] && [ -n "$ETH1" ] && [ -n "$IBDEVS" ]; then
	pass "$DRIVER mana + mana_ib loaded: $ETH0 ($MAC0), $ETH1 ($MAC1), IB device(s) $IBDEVS"
else
	fail "$DRIVER mana + mana_ib loaded (modules ok=$ok, netdevs '$ETH0' '$ETH1', IB '$IBDEVS'; $(dmesg | tail -n 3))"
fi
step drivers

# 2. vPort 1 in ns1, vPort 0 down for DPDK
ip link set "$ETH0" down
ip netns add ns1
ip link set "$ETH1" netns ns1
$NS sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
$NS ip link set lo up
$NS ip addr add 10.20.0.2/24 dev "$ETH1"
$NS ip link set "$ETH1" up
# the addresses testpmd answers for: fixed neighbours (vPort 0's MAC)
for i in 1 10 11 12 13 14 15 16 17; do
	$NS ip neigh replace "10.20.0.$i" lladdr "$MAC0" dev "$ETH1" nud permanent
done
wait_for 20 "$NS cat /sys/class/net/$ETH1/operstate 2> /dev/null | grep -q up || $NS ip link show $ETH1 | grep -q LOWER_UP"

# 3. hugepages and the chroot
echo 64 > /proc/sys/vm/nr_hugepages
hp=$(cat /proc/sys/vm/nr_hugepages)
mount -t hugetlbfs nodev $R/mnt/huge
for d in proc sys dev; do mount -o bind /$d $R/$d; done
mkdir -p $R/run $R/tmp
[ "$hp" -ge 32 ] && pass "hugepages: $hp x 2 MiB, hugetlbfs in the DPDK root" ||
	fail "hugepages: only $hp x 2 MiB"

# 4. testpmd, fed commands through a FIFO; its output in /tmp/tp.log
PMDDIR=$(cat $R/pmddir)
DBG=
[ "${DPDK_DEBUG:-0}" = 1 ] && DBG="--log-level=pmd.net.mana.*:info" &&
	export VERBS_LOG_LEVEL=5 VERBS_LOG_FILE=/dev/stderr
prompts() { grep -o 'testpmd> ' /tmp/tp.log | wc -l; }
alive() { kill -0 $TP 2> /dev/null; }
# tp CMD [TIMEOUT]: run one command, its output in /tmp/tp.out
tp() {
	n=$(prompts) sz=$(wc -c < /tmp/tp.log)
	echo "$1" >&4
	wait_for "${2:-60}" '[ "$(prompts)" -gt "$n" ] || ! alive'
	tail -c +$((sz + 1)) /tmp/tp.log > /tmp/tp.out
	cat /tmp/tp.out > /dev/console
}
# tp_start MODE: testpmd on port 0 in forwarding mode MODE, up to its first prompt
tp_start() {
	rm -f $R/tmp/cmd
	mkfifo $R/tmp/cmd
	say "starting testpmd: -a $PCI,mac=$MAC0 --rxq=2 --txq=2"
	LD_PRELOAD=/usr/lib/unbuf.so chroot $R /usr/bin/dpdk-testpmd -l 0,1 -n 1 --huge-dir=/mnt/huge --file-prefix=mana $DBG \
		-d "/$PMDDIR" -a "$PCI,mac=$MAC0" -- -i --port-topology=loop --nb-cores=1 \
		--rxq=2 --txq=2 --rxd=256 --txd=256 --total-num-mbufs=4096 \
		--forward-mode="$1" --eth-peer="0,$MAC1" < $R/tmp/cmd > /tmp/tp.log 2>&1 &
	TP=$!
	exec 4> $R/tmp/cmd
	if wait_for 300 '[ "$(prompts)" -ge 1 ] || ! alive'; then :; fi
	cat /tmp/tp.log > /dev/console
}
# the device objects with DPDK not running (leak baseline), without the handshake counts
objs() { sync_host objects | sed 's/ establish=.*//'; }
OBJ0=$(objs)
tp_start icmpecho
umac=$(echo "$MAC0" | tr a-f A-F)
if alive && grep -q "Port 0: $umac" /tmp/tp.log; then
	pass "testpmd $(cat $R/dpdk-version) (rdma-core $(cat $R/rdma-version)) probed $PCI through the net/mana PMD: port 0 is vPort 0 ($MAC0)"
else
	fail "testpmd probed $PCI through the net/mana PMD: port 0 = $MAC0 ($(grep -iE 'mana|error|fail|port 0' /tmp/tp.log | tail -n 4 | tr '\n' '|'))"
fi
step "testpmd start-up"
tp "show port info 0"
grep -q "Driver name: net_mana" /tmp/tp.out && pass "port 0 driver is net_mana" ||
	fail "port 0 driver is net_mana ($(grep -i driver /tmp/tp.out))"

# b) icmpecho
tp "start"
out=$($NS ping -c 5 -W 3 10.20.0.1 2>&1)
case $out in *" 5 packets received"*) pass "icmpecho: 5 of 5 pings from ns1 to 10.20.0.1 answered by testpmd" ;;
*) fail "icmpecho: pings from ns1 answered ($(echo "$out" | tail -n 2 | tr '\n' ' '))" ;; esac
tp "stop"
step icmpecho

# counters: model per vPort (jvals), netdev in ns1 (/proc/net/dev), testpmd port 0
mvals() { sync_host jvals "$1"; }
ndev() { $NS cat /proc/net/dev | sed 's/:/ /' | awk -v d="$ETH1" '$1 == d {print $3, $11}'; }
tpstat() { tp "show port stats 0"; sed -n "s/.*$1: *\([0-9]*\).*/\1/p" /tmp/tp.out | head -n 1; }

# fwd KEY FILE: the sum over the streams (one per queue) of a counter in a "stop" output:
# what the forwarding engine got from / handed to the PMD. The port totals in that output
# come from the PMD's stats, whose TX-packets count a packet when its completion is
# processed (during a later burst), i.e. lag by the WQEs still in flight.
fwd() { sed -n '/Forward Stats for RX Port/,/TX-packets/p' "$2" |
	sed -n "s/.*$1: *\([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'; }

# c1) txonly towards vPort 1's MAC
tp "set fwd txonly"
tp "set eth-peer 0 $MAC1"
set -- $(mvals tx_packets); mtx0=$1
set -- $(mvals tx_cqe_suppressed); msup0=$1
set -- $(mvals rx_packets); mrx1=$2
set -- $(mvals rx_drops); mdr1=$2
set -- $(ndev); nrx=$1
tp "start"
sleep 4
tp "stop"
cp /tmp/tp.out /tmp/tp.stop
T=$(fwd TX-packets /tmp/tp.stop)
m_txonly() {
	set -- $(mvals tx_packets); dtx0=$(($1 - mtx0))
	set -- $(mvals tx_cqe_suppressed); dsup0=$(($1 - msup0))
	set -- $(mvals rx_packets); drx1=$(($2 - mrx1))
	set -- $(mvals rx_drops); ddr1=$(($2 - mdr1))
	set -- $(ndev); dnrx=$(($1 - nrx))
}
# the device and the kernel may still be working through what was sent: settle (<= 30 s)
wait_for 30 'm_txonly; [ "$dtx0" = "$T" ] && [ "$drx1" = "$dtx0" ] && [ "$dnrx" = "$((drx1 - ddr1))" ]'
say "txonly: testpmd TX $T, model vPort0 tx $dtx0 (CQE suppressed $dsup0), vPort1 rx $drx1 drops $ddr1, $ETH1 rx $dnrx"
[ "${T:-0}" -ge 100 ] && [ "$T" = "$dtx0" ] && [ "$dsup0" -gt 0 ] && [ "$dsup0" -lt "$T" ] &&
	pass "txonly: testpmd sent $T frames = the model's vPort 0 tx_packets; $dsup0 of them completed through a later CQE (suppress_txcqe_gen)" ||
	fail "txonly: testpmd TX-packets ($T, want >= 100) = model vPort 0 tx_packets ($dtx0), some TX CQEs suppressed ($dsup0)"
[ "$drx1" = "$dtx0" ] && [ "$dnrx" = "$((drx1 - ddr1))" ] && [ "$dnrx" -gt 0 ] &&
	pass "txonly: all $drx1 reached vPort 1; $ETH1 rx_packets +$dnrx = model's $drx1 - $ddr1 dropped (no RX WQE)" ||
	fail "txonly: vPort 1 rx_packets $drx1 = sent $dtx0, $ETH1 rx_packets +$dnrx = model rx $drx1 - drops $ddr1"
step txonly

# c2+d) macswap of UDP from ns1 to 8 addresses, both RX queues
# retry mode: a burst the TX ring cannot take yet (its completions are reaped only by the
# next burst; the model may be slow on a loaded host) waits instead of being dropped
tp "set fwd macswap retry"
tp "set burst tx delay 200 retry 500"
tp "clear port stats 0"
set -- $(mvals tx_packets); mtx0=$1 mtx1=$2
set -- $(mvals rx_packets); mrx0=$1 mrx1=$2
set -- $(mvals rx_drops); mdr0=$1 mdr1=$2
set -- $(ndev); nrx=$1 ntx=$2
tp "start"
sent=$($NS /e2e/udpburst 10.20.0.10 8 3000 200)
m_macswap() {
	set -- $(mvals tx_packets); dtx0=$(($1 - mtx0)) dtx1=$(($2 - mtx1))
	set -- $(mvals rx_packets); drx0=$(($1 - mrx0)) drx1=$(($2 - mrx1))
	set -- $(mvals rx_drops); ddr0=$(($1 - mdr0)) ddr1=$(($2 - mdr1))
	set -- $(ndev); dnrx=$(($1 - nrx)) dntx=$(($2 - ntx))
}
# forwarding runs until testpmd has polled what reached vPort 0 and the kernel has what
# came back (<= 30 s); the PMD counts RX at once, so its port stats can be watched
wait_for 30 'm_macswap; [ "$drx0" = "$dtx1" ] && [ "$(tpstat RX-packets)" = "$((drx0 - ddr0))" ] &&
	[ "$drx1" = "$dtx0" ] && [ "$dnrx" = "$((drx1 - ddr1))" ] && [ "$dtx0" = "$((drx0 - ddr0))" ]'
tp "stop"
cp /tmp/tp.out /tmp/tp.stop
RX=$(fwd RX-packets /tmp/tp.stop)
T=$(fwd TX-packets /tmp/tp.stop)
PRX=$(tpstat RX-packets)
m_macswap
say "macswap: sent $sent, $ETH1 tx $dntx, vPort1 tx $dtx1, vPort0 rx $drx0 drops $ddr0, testpmd RX $RX (port stats $PRX) TX $T, vPort0 tx $dtx0, vPort1 rx $drx1 drops $ddr1, $ETH1 rx $dnrx"
[ "${sent:-0}" -ge 3000 ] && [ "$dntx" -ge "$sent" ] && [ "$dtx1" = "$dntx" ] &&
	pass "macswap: ns1 sent $sent datagrams, $ETH1 tx_packets +$dntx = model vPort 1 tx_packets" ||
	fail "macswap: ns1 sent ${sent:-?} of 3000, $ETH1 tx_packets +$dntx = model vPort 1 tx_packets +$dtx1"
[ "$drx0" = "$dtx1" ] && [ "$RX" = "$((drx0 - ddr0))" ] && [ "$PRX" = "$RX" ] && [ "$RX" -gt 0 ] &&
	pass "macswap: testpmd received $RX (port stats $PRX) = model vPort 0 rx_packets $drx0 - $ddr0 dropped; vPort 0 got all vPort 1 sent" ||
	fail "macswap: testpmd RX-packets $RX (port stats $PRX) = model vPort 0 rx $drx0 - drops $ddr0, = vPort 1 sent $dtx1"
[ "$T" = "$RX" ] && [ "$T" = "$dtx0" ] &&
	pass "macswap: testpmd forwarded all $T (TX-packets = RX-packets = model vPort 0 tx_packets)" ||
	fail "macswap: testpmd TX-packets $T = RX-packets $RX = model vPort 0 tx_packets $dtx0"
[ "$drx1" = "$dtx0" ] && [ "$dnrx" = "$((drx1 - ddr1))" ] && [ "$dnrx" -gt 0 ] &&
	pass "macswap: back in ns1: $ETH1 rx_packets +$dnrx = model vPort 1 rx_packets $drx1 - $ddr1 dropped; vPort 1 got all forwarded" ||
	fail "macswap: $ETH1 rx_packets +$dnrx = model vPort 1 rx $drx1 - drops $ddr1, = forwarded $dtx0"
# per-queue: the "stop" output has one block per stream (port 0 / queue q)
q0=$(sed -n '/RX Port= *0\/Queue= *0/,/TX-packets/p' /tmp/tp.stop | sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | head -n1)
q1=$(sed -n '/RX Port= *0\/Queue= *1/,/TX-packets/p' /tmp/tp.stop | sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | head -n1)
[ "${q0:-0}" -gt 0 ] && [ "${q1:-0}" -gt 0 ] &&
	pass "RSS over --rxq=2: 8 flows, queue 0 received $q0, queue 1 received $q1" ||
	fail "RSS over --rxq=2: every queue receives (queue 0: '${q0}', queue 1: '${q1}')"
tp "show port xstats 0"
sync_host stats after-macswap > /dev/null
step "macswap + RSS"

# DPDK_BENCH=N (tests/dpdk/bench.sh): N rounds of figures, printed as "@@OUT BENCH ..." lines
#   txonly: 3 s of testpmd txonly (64-byte frames) to a MAC no vPort has (the model's switch
#     drops them): the PMD's own send path; pkts = testpmd's forwarding TX-packets
#   fwd: testpmd macswap (retry) of 4000 64-byte UDP datagrams over 8 flows sent by ns1's
#     kernel netdev, timed from the first send until vPort 0 has sent back all it received
#   db / irq: the model's doorbells (all queues) and MSI-X interrupts over that time
if [ "${DPDK_BENCH:-0}" -gt 0 ]; then
	cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
	rnd=1
	while [ $rnd -le "$DPDK_BENCH" ]; do
		tp "set fwd txonly"
		tp "set eth-peer 0 02:00:00:00:00:99"
		set -- $(mvals total); db0=$1 ir0=$2
		c0=$(cs)
		tp "start"
		sleep 3
		tp "stop"
		c1=$(cs)
		T=$(fwd TX-packets /tmp/tp.out)
		set -- $(mvals total)
		echo "@@OUT BENCH round=$rnd mode=txonly pkts=$T cs=$((c1 - c0)) db=$(($1 - db0)) irq=$(($2 - ir0))" >&3
		tp "set eth-peer 0 $MAC1"
		tp "set fwd macswap retry"
		set -- $(mvals total); db0=$1 ir0=$2
		set -- $(mvals tx_packets); t0=$1
		set -- $(mvals rx_packets); r0=$1
		set -- $(mvals rx_drops); d0=$1
		tp "start"
		c0=$(cs)
		sent=$($NS /e2e/udpburst 10.20.0.10 8 4000 64)
		i=0
		while [ $i -lt 300 ]; do
			set -- $(mvals tx_packets); ft=$(($1 - t0))
			set -- $(mvals rx_packets); fr=$(($1 - r0))
			set -- $(mvals rx_drops); fd=$(($1 - d0))
			[ "$fr" -ge "${sent:-0}" ] && [ "$ft" -ge $((fr - fd)) ] && break
			sleep 0.1
			i=$((i + 1))
		done
		c1=$(cs)
		set -- $(mvals total); db=$(($1 - db0)) ir=$(($2 - ir0))
		tp "stop"
		echo "@@OUT BENCH round=$rnd mode=fwd pkts=$ft sent=$sent drops=$fd cs=$((c1 - c0)) db=$db irq=$ir" >&3
		rnd=$((rnd + 1))
	done
fi

# quit: the PMD closes the port (QPs, WQs, CQs, PD destroyed)
echo quit >&4
exec 4>&-
if wait_for 60 '! alive'; then
	wait $TP
	rc=$?
	cat /tmp/tp.log | tail -n 8 > /dev/console
	[ $rc = 0 ] && pass "testpmd quit and exited 0" || fail "testpmd quit and exited 0 (exit $rc)"
else
	fail "testpmd quit within 60 s"
	kill -9 $TP
fi
step quit
if ip link set "$ETH0" up; then
	pass "$ETH0 comes up once DPDK has let vPort 0 go"
else
	fail "$ETH0 comes up once DPDK has let vPort 0 go"
fi
ip link set "$ETH0" down
# e) device servicing while testpmd forwards (DPDK_SERVICE=1): a reset request (EQE 135:
# the function is torn down and brought up again) and an RDMA SOC_SERVICE (EQE 134, type 1
# removes the mana.rdma auxiliary device, type 2 adds it back). Each time: the PMD gets the
# device-fatal event as a device removal event (mana_ib's IB device is unregistered and its
# user contexts disassociated), mana_0 and the netdevs come back within bounded time,
# testpmd stays up (answering commands) or exits, quits, the device objects return to the
# baseline taken before DPDK started, and vPort 0's netdev comes up and talks to vPort 1.
ibdevs() { ls /sys/class/infiniband 2> /dev/null | tr '\n' ' '; }
ups() { cut -d. -f1 /proc/uptime; }
estab() { sync_host objects | sed -n 's/.*establish=\([0-9]*\).*/\1/p'; }
svc_cycle() {
	name=$1
	tp_start io
	if ! alive; then
		fail "$name: testpmd started for the service test ($(tail -n 3 /tmp/tp.log | tr '\n' '|'))"
		return
	fi
	tp "start"
	e0=$(estab)
	t0=$(ups)
	# the PMD sees the removal when the IB device it opened goes; 7.x in-tree drivers give
	# DPDK manae_0 (on mana.eth), which an RDMA SOC_SERVICE leaves alone
	expect=removal
	if [ "$name" = "reset request" ]; then
		# DPDK_HWC_SILENT=1: the device answers no HWC request from the reset request
		# to DESTROY_HWC (what mainline's reset cycle assumes)
		[ "${DPDK_HWC_SILENT:-0}" = 1 ] && sync_host fault hwc_silent > /dev/null
		r=$(sync_host event 135)
	else
		r=$(sync_host event 134 0x10000000)
		wait_for 30 '[ "$(ibdevs)" != "$IBDEVS" ]'
		# let the removal settle: our mana_ib takes its RNIC (mana_0) down before its
		# raw device (manae_0), both on the RDMA auxiliary device
		gone=$(ibdevs)
		i=0
		while [ $i -lt 10 ]; do
			sleep 1
			[ "$(ibdevs)" = "$gone" ] && break
			gone=$(ibdevs)
			i=$((i + 1))
		done
		# some IB devices left (not none, not all): DPDK's may be among them
		[ -n "$gone" ] && [ "$gone" != "$IBDEVS" ] && expect=none
	fi
	if [ $expect = removal ]; then
		wait_for 60 'grep -q "device removal event" /tmp/tp.log'
		rmv=$?
	else
		sleep 2
		! grep -q "device removal event" /tmp/tp.log && alive
		rmv=$?
	fi
	trm=$(($(ups) - t0))
	[ "$name" = "reset request" ] || r="$r, $(sync_host event 134 0x20000000)"
	wait_for 90 '[ "$(ibdevs)" = "$IBDEVS" ] && [ -e /dev/infiniband/uverbs0 ] &&
		$NS ip link show "$ETH1" 2> /dev/null | grep -q LOWER_UP &&
		{ [ "$name" != "reset request" ] || [ "$(estab)" -gt "$e0" ]; }'
	back=$?
	tback=$(($(ups) - t0))
	if [ "$name" = "reset request" ]; then
		what="function reset (SMC establish $e0 -> $(estab))"
	else
		what="IB devices '${gone:-}' during the suspend, then back"
	fi
	if [ $expect = removal ]; then
		ev="the PMD reported the device removal event after ${trm} s"
	else
		ev="testpmd's IB device stayed (no removal event, as expected)"
	fi
	[ $rmv = 0 ] && [ $back = 0 ] &&
		pass "$name while testpmd forwards ($r): $ev; $what, $IBDEVS and $ETH1 up again after ${tback} s" ||
		fail "$name while testpmd forwards ($r): $expect expected (ok: $rmv = 0, ${trm} s), IB devices '$(ibdevs)' = '$IBDEVS' and $ETH1 up (${tback} s, $back = 0)"
	state="exited"
	if alive; then
		tp "show port info 0" 15
		# testpmd's removal handler closes and detaches the port: "Invalid port 0"
		if grep -q "Driver name: net_mana" /tmp/tp.out; then
			state="stayed up with port 0 attached"
		elif grep -q "Invalid port 0" /tmp/tp.out; then
			state="stayed up, answering, with port 0 detached by its removal handler"
		else
			state="stayed up but does not answer"
		fi
	fi
	echo quit >&4
	exec 4>&-
	if wait_for 60 '! alive'; then
		wait $TP
		rc=$?
		[ "$state" != "stayed up but does not answer" ] &&
			pass "$name: testpmd $state, then quit (exit $rc)" ||
			fail "$name: testpmd $state (quit: exit $rc)"
	else
		fail "$name: testpmd ($state) quit within 60 s"
		kill -9 $TP
	fi
	wait_for 30 '[ "$(objs)" = "$OBJ0" ]'
	o=$(objs)
	[ "$o" = "$OBJ0" ] && pass "$name: device objects back to the baseline once testpmd is gone (${o#ok })" ||
		fail "$name: device objects back to the baseline once testpmd is gone ('${o#ok }', baseline '${OBJ0#ok }')"
	ip link set "$ETH0" up && ip addr add 10.20.0.1/24 dev "$ETH0"
	wait_for 20 'ip link show "$ETH0" | grep -q LOWER_UP'
	out=$($NS ping -c 3 -W 3 10.20.0.1 2>&1)
	case $out in *" 3 packets received"*) pass "$name: $ETH0 (vPort 0) up again, 3 of 3 pings from $ETH1 (vPort 1, ns1) answered" ;;
	*) fail "$name: $ETH0 (vPort 0) up, pings from $ETH1 in ns1 answered ($(echo "$out" | tail -n 2 | tr '\n' ' '))" ;; esac
	ip addr flush dev "$ETH0"
	ip link set "$ETH0" down
	step "service: $name"
}
if [ "${DPDK_SERVICE:-1}" = 1 ]; then
	# ours: a short pause between teardown and bring-up (the in-tree driver waits 10 s)
	p=/sys/module/mana/parameters/service_wait_ms
	[ -w $p ] && echo 2000 > $p
	svc_cycle "reset request"
	svc_cycle "SOC_SERVICE (RDMA suspend/resume)"
fi
bad=$(dmesg | grep -E 'BUG|WARNING|Oops|refcount|Call Trace|general protection')
# Debian 7.3's in-tree mana_ib warns when a teardown request of its reset cycle is
# answered late (seen in session 7's make check at load 10 with "Failed to fence RQ 0:
# -110" just after). ref_warnings (guest-lib.sh): only for the in-tree reference, and only
# when every warning is a known one, is that tolerated (and said); a failure names the
# lines that are not known ones; ours gets no allowance.
ref_warnings "$bad"
bad=$(echo "$WARN_BAD" | head -n 3)
[ -z "$bad" ] && pass "kernel log has no warning or oops$WARN_KNOWN" || fail "kernel log has no warning or oops: $bad"
for d in dev sys proc; do umount $R/$d; done
umount $R/mnt/huge
dmesg | grep -E 'mana|infiniband' | tail -n 30 > /dev/console
