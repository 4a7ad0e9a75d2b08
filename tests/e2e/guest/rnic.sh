#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# RDMA-device (RNIC) checks of an in-tree mana_ib, sourced by guest/e2e.sh (busybox sh) when
# the image has mana_ib.ko (6.12, 7.x) and the model lists its RDMA device (type 3):
#   rnic_checks A        (A: vPort 0's netdev, up, in the init namespace)
# mana_ib is loaded, checked and unloaded again, with mana bound the whole time:
#  - it registers mana_0 (the RNIC, on 6.12 and 7.x) and on 7.x also manae_0 (raw/DPDK,
#    mana.eth), port 1 of mana_0 on A;
#  - the model's RDMA device has what the driver set up (host command "rnic"): one adapter,
#    vPort 0's MAC, as many GIDs as the port's GID table shows (the link-local default GID
#    and an IPv4 GID for an address put on A for the check, which then goes away again),
#    and on 7.x the GSI QP (QP 1, created by ib_core's MAD layer) in RTS with its receive
#    queue rung; mana_ib logged no failure;
#  - rmmod mana_ib removes the IB devices and puts the model's objects (EQs, CQs, regions,
#    PDs, MRs, registered devices, adapters, RNIC QPs) back to what they were before.
# Uses e2e.sh's helpers (pass, fail, host, up).
RNIC_CHECKS=3
RNIC_IP=10.78.0.1

rnic_objects() { host objects; echo "$HOST_REPLY" | sed 's/ hwc=.*//; s/^ok //'; }
rnic_ibdevs() { ls /sys/class/infiniband 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
# rnic_gids DEV PORT: non-zero entries of the port's GID table
rnic_gids() {
	local g n=0
	for g in /sys/class/infiniband/"$1"/ports/"$2"/gids/*; do
		case $(cat "$g" 2>/dev/null) in
		"" | 0000:0000:0000:0000:0000:0000:0000:0000) ;;
		*) n=$((n + 1)) ;;
		esac
	done
	echo $n
}
# rnic_kv KEY: a value of the last "rnic" reply
rnic_kv() { echo " $HOST_REPLY " | sed -n "s/.* $1=\([^ ]*\) .*/\1/p"; }
# rnic_gids_settle N: wait until the model's GID count equals mana_0's GID table and that is N
rnic_gids_settle() {
	local i=0
	while [ $i -lt 20 ]; do
		host rnic
		gids=$(rnic_gids mana_0 1)
		[ "$(rnic_kv gids)" = "$gids" ] && [ "$gids" = "$1" ] && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}
rnic_errs() { dmesg | grep -iE 'mana_ib|mana_0|manae_0|infiniband' | grep -ciE 'fail|error'; }

rnic_checks() {
	local A=$1 t0 o0 o1 want i devs link gids mac nd ok d gsi e0 g1 g0 r1 aux
	t0=$(up)
	# mana's auxiliary device for the RNIC (7.x adds it only for a listed RDMA device)
	aux=$(ls -d /sys/bus/auxiliary/devices/mana.rdma.* 2>/dev/null | wc -l)
	o0=$(rnic_objects)
	e0=$(rnic_errs)
	# an IPv4 address: one more GID (v4-mapped) for the port
	ip addr add $RNIC_IP/24 dev "$A"
	# 7.x: the Ethernet driver made mana.rdma only because the model listed the RDMA device
	want=mana_0
	case $KVER in
	6.*) ;;
	*) want="mana_0 manae_0" ;;
	esac
	timeout 120 modprobe mana_ib
	i=0
	while [ $i -lt 40 ]; do
		devs=$(rnic_ibdevs)
		ok=1
		for d in $want; do
			case " $devs " in *" $d "*) ;; *) ok=0 ;; esac
		done
		[ $ok = 1 ] && break
		sleep 0.5
		i=$((i + 1))
	done
	nd=$(cat /sys/class/infiniband/mana_0/ports/1/gid_attrs/ndevs/0 2>/dev/null)
	link=$(rdma link show mana_0/1 2>/dev/null | head -n 1)
	if [ $ok = 1 ] && [ "$aux" = 1 ] &&
	   { [ "$nd" = "$A" ] || case $link in *"netdev $A"*) true ;; *) false ;; esac; }; then
		pass "RNIC: mana.rdma present, modprobe mana_ib registers $devs; mana_0 port 1 on $A (${link:-GID 0 on $nd})"
	else
		fail "RNIC: $aux mana.rdma device(s) (want 1), modprobe mana_ib: IB devices '$devs' (want $want), port 1 netdev '${nd:-?}' link '$link' (want $A): $(dmesg | grep -iE 'mana_ib|infiniband|mana_0' | tail -n 2 | tr '\n' ' ')"
	fi

	# what the device saw; GIDs arrive asynchronously (ib_core's GID work): the default
	# GID (fe80::/64 from the MAC) and the IPv4 one; then the address goes away again
	rnic_gids_settle 2
	g1=$gids r1=$HOST_REPLY
	ip addr del $RNIC_IP/24 dev "$A"
	rnic_gids_settle 1
	g0=$gids
	HOST_REPLY=$r1 gids=$g1
	mac=$(cat "/sys/class/net/$A/address")
	# 7.x creates the GSI QP (ib_core's MAD layer) and moves it to RTS; 6.12 has no UD/GSI
	want=- gsi="no GSI QP (6.12 has none)"
	case $KVER in 6.*) ;; *) want=RTS gsi="GSI QP in RTS" ;; esac
	d=$(rnic_kv gsi_doorbells)
	if [ "$(rnic_kv adapters)" = 1 ] && [ "$(rnic_kv macs)" = "$mac" ] &&
	   [ "$(rnic_kv gids)" = 2 ] && [ "$g1" = 2 ] && [ "$g0" = 1 ] && [ "$(rnic_kv gsi)" = "$want" ] &&
	   { [ "$want" = - ] || [ "${d:-0}" -gt 0 ]; } && [ "$(rnic_errs)" = "$e0" ]; then
		pass "RNIC: the model's RDMA device has 1 adapter, MAC $mac, GIDs = mana_0's GID table (2 with $RNIC_IP on $A, 1 after its removal), $gsi: '${HOST_REPLY#ok }'"
	else
		fail "RNIC: the model's RDMA device: '${HOST_REPLY}' with $RNIC_IP on $A ($g1 GIDs in mana_0's table, $g0 after removing it), want adapters=1 macs=$mac gids=2 gsi=$want (rung on 7.x); mana_ib errors: $(dmesg | grep -iE 'mana_ib|mana_0|manae_0|infiniband' | grep -iE 'fail|error' | tail -n 2 | tr '\n' ' ')"
	fi

	# unload: IB devices gone, device objects back to the baseline
	timeout 120 rmmod mana_ib
	i=0
	while [ -n "$(rnic_ibdevs)" ] && [ $i -lt 20 ]; do
		sleep 0.5
		i=$((i + 1))
	done
	o1=$(rnic_objects)
	host rnic
	if [ -z "$(rnic_ibdevs)" ] && [ "$o1" = "$o0" ] && [ "$(rnic_kv adapters)" = 0 ]; then
		pass "RNIC: rmmod mana_ib: no IB device left, model objects back to '$o1' ($(awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }') s for the RNIC checks)"
	else
		fail "RNIC: rmmod mana_ib: IB devices '$(rnic_ibdevs)', model objects before '$o0', after '$o1', rnic '${HOST_REPLY#ok }'"
	fi
}
