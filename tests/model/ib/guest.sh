#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest (busybox sh) in place of tests/e2e/guest/e2e.sh: our mana.ko on the
# device model, then our mana_ib.ko on the "mana.rdma" auxiliary device mana.ko creates.
# Reports on fd 3 like the e2e guest (@@PLAN, @@R PASS|FAIL: ...). /e2e/config: KVER, MACS;
# /ib/order lists the in-tree modules mana_ib needs, in load order. The device model is
# driven through vm.py's @@SYNC requests (host objects, host event 135).
. /e2e/config
IB=/sys/class/infiniband/manae_0

# say/res/pass/fail/skip, check, wait_for, host: tests/lib/guest.sh
GUEST_TAG=IB
. /e2e/guest-lib.sh

# 19 + 6 checks here (3 of them the hv_netvsc stand-in's), 21 + 18 from verbs-smoke (its
# success path), 9 per traffic run (3), 46 from the bad-input run, 2 per fatal run (2)
echo "@@PLAN 140" >&3
PCI=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1414:0x00ba ] && PCI=${d##*/}
done

# mana.ko (ours) and its two netdevs; the error-level check at the end reads the log from
# this mark on (a kernel's own boot messages, such as a local kernel's missing-retpoline
# notice, are not the drivers')
echo "ib-guest: loading mana" > /dev/kmsg
modprobe mana
if wait_for 60 '[ "$(ls /sys/bus/pci/devices/$PCI/net 2> /dev/null | wc -l)" = 2 ]'; then
	pass "our mana.ko bound to $PCI with 2 netdevs"
else
	fail "our mana.ko bound to $PCI with 2 netdevs ($(dmesg | tail -n 3))"
fi
ETH0=$(ls /sys/bus/pci/devices/$PCI/net | head -n 1)

ok=1
for m in $(cat /ib/order); do insmod "/ib/$m" || ok=0; done
insmod /ib/mana_ib.ko dyndbg=+p || ok=0
[ $ok = 1 ] && pass "mana_ib.ko and its in-tree dependencies load" ||
	fail "mana_ib.ko and its in-tree dependencies load"

if wait_for 20 '[ -d $IB ]'; then pass "mana_ib registered IB device manae_0"
else fail "mana_ib registered IB device manae_0 ($(ls /sys/class/infiniband 2>&1))"; fi
ports=$(ls $IB/ports 2> /dev/null | tr '\n' ' ')
[ "$ports" = "1 2 " ] && pass "manae_0 has one IB port per vPort (1 2)" ||
	fail "manae_0 has one IB port per vPort (got '$ports')"
ll=$(cat $IB/ports/1/link_layer 2> /dev/null)
[ "$ll" = Ethernet ] && pass "port 1 link layer Ethernet" || fail "port 1 link layer Ethernet (got '$ll')"

# node GUID = EUI-64 of vPort 0's MAC (universal/local bit flipped, ff:fe in the middle)
set -- $(echo "${MACS%% *}" | tr ':' ' ')
want="$(printf %02x $((0x$1 ^ 2)))$2:${3}ff:fe$4:$5$6"
guid=$(cat $IB/node_guid 2> /dev/null)
[ "$guid" = "$want" ] && pass "node GUID $guid from vPort 0 MAC ${MACS%% *}" ||
	fail "node GUID from vPort 0 MAC ${MACS%% *} (want $want, got '$guid')"

# port state follows the netdev
st=$(cat $IB/ports/1/state 2> /dev/null)
case $st in *DOWN*) pass "port 1 DOWN while $ETH0 is down ($st)" ;;
*) fail "port 1 DOWN while $ETH0 is down (got '$st')" ;; esac
ip link set "$ETH0" up
if wait_for 20 'grep -q ACTIVE $IB/ports/1/state'; then pass "port 1 ACTIVE once $ETH0 is up"
else fail "port 1 ACTIVE once $ETH0 is up (got '$(cat $IB/ports/1/state)')"; fi
ip link set "$ETH0" down

# the port's netdev is the vPort netdev, or its master while it has one (netvsc on Azure)
rnd() { /usr/bin/rdma link show manae_0/1 2>&1 | sed -n 's/.* netdev \([^ ]*\).*/\1/p'; }
n=$(rnd)
[ "$n" = "$ETH0" ] && pass "port 1 netdev is $ETH0" || fail "port 1 netdev is $ETH0 (got '$n')"
ip link add mib0 type bridge && ip link set "$ETH0" master mib0
n=$(rnd)
[ "$n" = mib0 ] && pass "port 1 netdev follows $ETH0 to its master mib0" ||
	fail "port 1 netdev follows $ETH0 to its master mib0 (got '$n')"
ip link set "$ETH0" nomaster
n=$(rnd)
[ "$n" = "$ETH0" ] && pass "port 1 netdev back to $ETH0 after it leaves the master" ||
	fail "port 1 netdev back to $ETH0 after it leaves the master (got '$n')"
ip link del mib0

# the join to hv_netvsc (the test stand-in, tests/netvsc-standin): the port's netdev is the
# synthetic NIC; a port re-created for a missed join (stand-in reloaded without the
# probe-time scan, mana's vf_rejoin=act) unbinds and rebinds mana_ib, which finds the join
M0=${MACS%% *} M1=${MACS##* }
modprobe netvsc_standin macs="$M0,$M1"
if wait_for 10 '[ "$(rnd)" = sn0 ]'; then pass "port 1 netdev follows $ETH0's join to the hv_netvsc stand-in sn0"
else fail "port 1 netdev follows $ETH0's join to sn0 (got '$(rnd)', master '$(readlink /sys/class/net/$ETH0/master)')"; fi
rmmod netvsc_standin
n=$(rnd)
modprobe netvsc_standin macs="$M0,$M1" probe_scan=0
if wait_for 20 'dmesg | grep -q "vPort 0: netdev re-created" && [ -d $IB ] && [ "$(rnd)" = sn0 ]'; then
	pass "missed join: port re-created, manae_0 back with port 1 netdev sn0 (before the reload: '$n')"
else
	fail "missed join: re-created '$(dmesg | grep -c 're-created')', IB '$(ls /sys/class/infiniband)', port 1 netdev '$(rnd)'"
fi
rmmod netvsc_standin
ETH0=$(ls /sys/bus/pci/devices/$PCI/net | head -n 1)
if wait_for 10 '[ "$(rnd)" = "$ETH0" ]'; then pass "port 1 netdev back to $ETH0 once the stand-in is gone"
else fail "port 1 netdev back to $ETH0 once the stand-in is gone (got '$(rnd)')"; fi

# user verbs the DPDK way (rdma-core's mana provider): PD, MR, CQ, WQ, RSS and send QPs
vs() { VERBS_LOG_LEVEL=5 /usr/bin/verbs-smoke "$@" 2>&1 | while IFS= read -r l; do
	case $l in PASS:* | FAIL:*) res "${l%%:*}: verbs: ${l#*: }" ;; *) say "$l" ;; esac; done; }
vs 1 "$ETH0"
ip link set "$ETH0" up
vs 1 expect-busy
ip link set "$ETH0" down

# packets through the raw queues (verbs-traffic.c): vPort 0 (port 1) stays down for the
# verbs program, vPort 1's netdev is up (no IPv6: its own multicast would reach our RQ too)
ETH1=$(ls /sys/bus/pci/devices/$PCI/net | sed -n 2p)
echo 1 > /proc/sys/net/ipv6/conf/"$ETH1"/disable_ipv6
ip link set "$ETH1" up
wait_for 20 '[ "$(cat /sys/class/net/$ETH1/carrier 2> /dev/null)" = 1 ]'
VT=/usr/bin/verbs-traffic
# trixie's rdma-core 56 under /trixie, run with its own loader and libc
V56="env VT_LIBDIR=/trixie/ IBV_CONFIG_DIR=/trixie/etc/libibverbs.d
	/trixie/usr/lib64/ld-linux-x86-64.so.2 --library-path /trixie/usr/lib/x86_64-linux-gnu"
vt() { tag=$1; shift; "$@" 2>&1 | while IFS= read -r l; do
	case $l in PASS:* | FAIL:*) res "${l%%:*}: $tag: ${l#*: }" ;; *) say "$l" ;; esac; done; }
vt "verbs v44" $VT traffic "$ETH0" "$ETH1"
vt "verbs v56" $V56 $VT traffic "$ETH0" "$ETH1"

# bad input to our uverbs: every case refused or cleaned up, device objects back
objs() { host objects; echo "$HOST_REPLY" | sed 's/ establish=.*//'; }
o0=$(objs)
vt "verbs v44" $VT bad "$ETH0"
o1=$(objs)
[ "$o0" = "$o1" ] && pass "bad input: the model's objects are back at the baseline ($o1)" ||
	fail "bad input: the model's objects are back at the baseline (before '$o0', after '$o1')"

# device reset (RESET_REQUEST) and RDMA servicing (SOC_SERVICE suspend, then resume) with a
# user context open: IBV_EVENT_DEVICE_FATAL on its async fd, then mana_ib comes back
[ -w /sys/module/mana/parameters/service_wait_ms ] &&
	echo 2000 > /sys/module/mana/parameters/service_wait_ms
# fatal_run NAME EVENT...: verbs-traffic fatal, the model's EVENT once it is ready
fatal_run() {
	name=$1
	shift
	$VT fatal > /tmp/fatal.out 2>&1 &
	vpid=$!
	if wait_for 30 'grep -q READY /tmp/fatal.out'; then
		host event "$@"
		say "$name: $HOST_REPLY"
	fi
	wait_for 120 '! kill -0 $vpid 2> /dev/null' || kill $vpid
	grep -E '^(PASS|FAIL):' /tmp/fatal.out | while IFS= read -r l; do
		res "${l%%:*}: verbs v44, $name: ${l#*: }"; done
	grep -qE '^(PASS|FAIL): fatal: IBV' /tmp/fatal.out ||
		fail "verbs v44, $name: fatal: no result ($(tail -c 200 /tmp/fatal.out))"
}
fatal_run "RDMA suspend" 134 0x10000000
wait_for 20 '[ ! -d $IB ]'
host event 134 0x20000000
if wait_for 60 '[ -d $IB ]'; then pass "manae_0 registered again when the device resumes RDMA"
else fail "manae_0 registered again when the device resumes RDMA ($(ls /sys/class/infiniband 2>&1))"; fi
fatal_run "reset request" 135
if wait_for 90 '[ -d $IB ] && grep -q ACTIVE $IB/ports/2/state'; then
	pass "manae_0 registered again after the reset (port 2 ACTIVE with $ETH1)"
else
	fail "manae_0 registered again after the reset ($(ls /sys/class/infiniband 2>&1); $(dmesg | tail -n 2))"
fi
vt "verbs v44 after the reset" $VT traffic "$ETH0" "$ETH1"
o2=$(objs)
[ "$o2" = "$o1" ] && pass "after the reset and a traffic run the model's objects are at the baseline again ($o2)" ||
	fail "after the reset and a traffic run the model's objects are at the baseline again (before '$o1', after '$o2')"
ip link set "$ETH1" down

# PCI unbind removes the auxiliary device, which unbinds mana_ib first; bind brings it back
echo "$PCI" > /sys/bus/pci/drivers/mana/unbind
if wait_for 20 '[ ! -d $IB ]'; then pass "unbinding mana from $PCI unregisters manae_0"
else fail "unbinding mana from $PCI unregisters manae_0"; fi
echo "$PCI" > /sys/bus/pci/drivers/mana/bind
if wait_for 60 '[ -d $IB ]'; then pass "binding mana again registers an IB device again"
else fail "binding mana again registers an IB device again ($(ls /sys/class/infiniband 2>&1))"; fi

check "rmmod mana_ib" rmmod mana_ib
check "rmmod mana after mana_ib" rmmod mana

# error-level messages (mana_ib logs as "manae_0: ..."): only the refused netdev open is expected
# (from the mark on; the whole log if the mark has left the ring buffer)
dmesg -r > /tmp/dmesg.raw
! grep -q 'ib-guest: loading mana' /tmp/dmesg.raw || sed -i -n '/ib-guest: loading mana/,$p' /tmp/dmesg.raw
errs=$(grep -E '^<[0-3]>' /tmp/dmesg.raw | grep -v 'vPort in use by RDMA raw QPs' | head -n 3)
[ -z "$errs" ] && pass "no error-level kernel message besides the refused netdev open" ||
	fail "no error-level kernel message besides the refused netdev open: $errs"
bad=$(dmesg | grep -E 'BUG|WARNING|Oops|refcount|Call Trace|mana_ib.*(fail|error)' | head -n 3)
[ -z "$bad" ] && pass "kernel log has no warning, oops or mana_ib error" ||
	fail "kernel log has no warning, oops or mana_ib error: $bad"
dmesg | grep -E 'mana|infiniband' > /dev/console
