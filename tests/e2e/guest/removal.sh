#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Surprise-removal checks, sourced by guest/e2e.sh (busybox sh) when REMOVAL=1, after the
# reload check, with the driver bound and both vPorts in their namespaces:
#   removal_tests NSA NSB
# The function is taken away the way the PCI core does it on a hot-unplug: the guest's
# /sys/bus/pci/devices/X/remove runs the driver's remove() (QMP device_del would be the
# host-side way, but QEMU 11.1 aborts on device_del of a vfio-user-pci device: see
# tests/e2e/vm.py --hotplug), and /sys/bus/pci/rescan plugs it back. The device model
# supplies the "device gone" state (host "remove [disconnect]": BAR reads all-ones,
# doorbells and HWC ignored, no completions or interrupts; disconnect also closes the
# vfio-user connection for good) and "replug" (a fresh function in the same slot).
# Scenarios, in this order:
#   1-2  orderly removal (driver remove, netdevs gone), rescan (probe again, ping)
#   3-4  device gone under TCP traffic: "ip link set down" on both ports, then rmmod,
#        each within REMOVAL_BOUND seconds
#   5    (replug, probe) device gone with the connection closed, then PCI removal:
#        remove() runs, netdevs gone within the bound
#   6    kernel log: no hung task, BUG/WARNING, page_pool pages left in flight, netdev
#        reference left (the leak symptoms a kernel without kmemleak shows), rmmod works
# A step that hangs (a task stuck under RTNL) fails the remaining checks with the reason.
REMOVAL_CHECKS=6
REMOVAL_BOUND=${REMOVAL_BOUND:-30}

# secs T0 [T1]: seconds from uptime T0 to T1 (default now), one decimal
secs() { awk -v a="$1" -v b="${2:-$(up)}" 'BEGIN { printf "%.1f", b - a }'; }
# le A B: A <= B for decimals
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# all_netdevs: names of the netdevs with the model's MACs in the init namespace and in
# NSA/NSB (the driver's netdevs wherever the test moved them)
all_netdevs() {
	local ns
	for ns in "" $RM_NSA $RM_NSB; do
		ip ${ns:+-n "$ns"} -o link show 2>/dev/null |
			awk -v macs=" $MACS " '{ n = $2; sub(":$", "", n); sub("@.*", "", n)
				for (i = 1; i < NF; i++) if ($i == "link/ether" && index(macs, " " $(i + 1) " ")) print n }'
	done | tr '\n' ' ' | sed 's/ $//'
}

# bg_wait PID SECS: wait up to SECS for PID; 0 if it ended (status in BG_RC), 1 if not
bg_wait() {
	local i=0 n=$(($2 * 5))
	BG_RC=
	while [ $i -lt $n ]; do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"
			BG_RC=$?
			return 0
		fi
		usleep 200000
		i=$((i + 1))
	done
	return 1
}

# removal_hung WHAT: a step did not finish; fail the checks left and stop
removal_hung() {
	say "removal: $1 hangs; tasks:"
	echo w > /proc/sysrq-trigger 2>/dev/null
	while [ "$RM_LEFT" -gt 0 ]; do
		fail "removal check not run: $1 did not finish (task stuck, see console)"
		RM_LEFT=$((RM_LEFT - 1))
	done
}
rpass() { RM_LEFT=$((RM_LEFT - 1)); pass "$@"; }
rfail() { RM_LEFT=$((RM_LEFT - 1)); fail "$@"; }

# wait_gone SECS: wait until the PCI function and every mana netdev are gone
wait_gone() {
	local i=0
	while [ $i -lt $(($1 * 5)) ]; do
		find_pci
		[ -z "$PCI" ] && [ -z "$(all_netdevs)" ] && return 0
		usleep 200000
		i=$((i + 1))
	done
	return 1
}

# pci_remove: remove the function through sysfs (the driver's remove() runs in the write)
pci_remove() {
	[ -n "$PCI" ] && echo 1 > "/sys/bus/pci/devices/$PCI/remove"
}

# rescan_and_probe: rescan the bus, wait for the function and the driver's two netdevs
rescan_and_probe() {
	local i=0
	echo 1 > /sys/bus/pci/rescan
	while [ $i -lt 150 ]; do
		find_pci
		[ -n "$PCI" ] && break
		usleep 200000
		i=$((i + 1))
	done
	[ -n "$PCI" ] || { PLUG_MSG="no 1414:00ba function 30 s after a rescan"; return 1; }
	if ! load_driver; then
		PLUG_MSG="driver=$(driver_name || echo none) netdevs='$NETDEVS' on $PCI"
		return 1
	fi
	return 0
}

removal_tests() {
	local t0 t1 d got sender srv mem0 rm_t0 pids
	RM_NSA=$1 RM_NSB=$2 RM_LEFT=$REMOVAL_CHECKS
	# a task blocked for 20 s is reported (the default 120 s is longer than our bound)
	[ ! -w /proc/sys/kernel/hung_task_timeout_secs ] ||
		echo 20 > /proc/sys/kernel/hung_task_timeout_secs
	mem0=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
	dmesg | wc -l > /tmp/rm.dmesg0

	# ---- 1. orderly removal
	t0=$(up)
	find_pci
	if pci_remove && wait_gone 20; then
		rpass "PCI removal (orderly): driver remove ran, function and netdevs gone in $(secs "$t0") s"
	else
		find_pci
		rfail "PCI removal (orderly): function '${PCI:-gone}', netdevs '$(all_netdevs)' after $(secs "$t0") s"
	fi

	# ---- 2. back again
	t0=$(up)
	if rescan_and_probe; then
		set -- $NETDEVS
		got=$(macs_of $NETDEVS)
		if [ "$got" = "$(echo $MACS)" ] && to_netns "$1" "$2" && nsping $RM_NSA $IPB; then
			rpass "PCI rescan: $PCI probed again in $(secs "$t0") s, $1 $2 with the same MACs, ping works"
		else
			rfail "PCI rescan: netdevs '$NETDEVS' MACs '$got', ping: $(tail -n 2 /tmp/ping.out 2>/dev/null | tr '\n' ' ')"
		fi
	else
		rfail "PCI rescan: $PLUG_MSG"
	fi

	# ---- 3./4. device gone under traffic, then link down and rmmod
	set -- $NETDEVS
	if [ $# -eq 2 ] && [ "$(driver_name)" = "$PCI_DRIVER" ]; then
		printf '#!/bin/sh\ncat > /dev/null\n' > /tmp/sink.sh
		chmod +x /tmp/sink.sh
		ip netns exec $RM_NSB nc -l -p 5009 -e /tmp/sink.sh &
		srv=$!
		sleep 1
		dd if=/dev/zero bs=64k count=200000 2>/dev/null |
			/usr/sbin/ip netns exec $RM_NSA nc $IPB 5009 &
		sender=$!
		sleep 3
		host remove
		d=$HOST_REPLY
		sleep 2
		t0=$(up)
		( ip -n $RM_NSA link set "$1" down; ip -n $RM_NSB link set "$2" down ) &
		pids=$!
		if ! bg_wait $pids 120; then
			removal_hung "ip link set down after the device was gone"
			return
		fi
		t1=$(up)
		if le "$(secs "$t0" "$t1")" "$REMOVAL_BOUND" && [ "$BG_RC" = 0 ]; then
			rpass "device gone under TCP traffic (model: $d): ip link set down on $1 and $2 in $(secs "$t0" "$t1") s"
		else
			rfail "device gone under TCP traffic (model: $d): ip link set down took $(secs "$t0" "$t1") s (bound $REMOVAL_BOUND s), status $BG_RC"
		fi
		kill "$sender" "$srv" 2>/dev/null
		rm_t0=$(up)
		rmmod "$UNLOAD_MOD" &
		pids=$!
		if ! bg_wait $pids 120; then
			removal_hung "rmmod $UNLOAD_MOD of a gone device"
			return
		fi
		t1=$(up)
		if [ "$BG_RC" = 0 ] && le "$(secs "$rm_t0" "$t1")" "$REMOVAL_BOUND" &&
		   [ ! -e /sys/module/"$UNLOAD_MOD" ] && [ -z "$(all_netdevs)" ]; then
			rpass "device gone: rmmod $UNLOAD_MOD in $(secs "$rm_t0" "$t1") s, module unloaded, netdevs gone"
		else
			rfail "device gone: rmmod $UNLOAD_MOD status $BG_RC after $(secs "$rm_t0" "$t1") s (bound $REMOVAL_BOUND s); module $([ -e /sys/module/"$UNLOAD_MOD" ] && echo loaded || echo gone), netdevs '$(all_netdevs)'"
		fi
	else
		rfail "device gone under traffic: no bound driver with two netdevs after the re-plug"
		rfail "device gone then rmmod: no bound driver with two netdevs after the re-plug"
		rmmod "$UNLOAD_MOD" 2>/dev/null
	fi

	# ---- 5. a fresh function, then gone with its connection closed, then PCI removal
	host replug
	d=$HOST_REPLY
	if ! case $d in ok*) true ;; *) false ;; esac; then
		rfail "device gone then PCI removal: the model did not replug the function ($d)"
	elif ! load_driver; then
		rfail "device gone then PCI removal: no probe after the replug: driver=$(driver_name || echo none) netdevs='$NETDEVS'"
	else
		set -- $NETDEVS
		ip link set "$1" up
		ip link set "$2" up
		wait_up - "$1"
		host remove disconnect
		d=$HOST_REPLY
		sleep 1
		t0=$(up)
		pci_remove &
		pids=$!
		if ! bg_wait $pids 150; then
			removal_hung "PCI removal of a gone device (driver remove)"
			return
		fi
		if wait_gone 20 && le "$(secs "$t0")" "$REMOVAL_BOUND"; then
			rpass "device gone ($d: connection closed) then PCI removal: driver remove ran, netdevs gone in $(secs "$t0") s"
		else
			find_pci
			rfail "device gone ($d) then PCI removal: function '${PCI:-gone}', netdevs '$(all_netdevs)' after $(secs "$t0") s (bound $REMOVAL_BOUND s)"
		fi
	fi

	# ---- 6. what a leak or a hang leaves in the log; the module still unloads.
	# page_pool reports pages never returned after 60 s: wait that long past the first
	# teardown of a gone device.
	[ -z "${rm_t0:-}" ] || while ! le 65 "$(secs "$rm_t0")"; do sleep 2; done
	rmmod "$UNLOAD_MOD" 2> /tmp/rm.err &
	pids=$!
	if ! bg_wait $pids 60; then
		removal_hung "the final rmmod $UNLOAD_MOD"
		return
	fi
	d=$(dmesg | tail -n +"$(($(cat /tmp/rm.dmesg0) + 1))" |
		grep -E 'blocked for more than|BUG:|WARNING:|Oops|stalled pool shutdown|inflight|waiting for .* to become free|refcount_t:' |
		head -n 1)
	got=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
	if [ -z "$d" ] && [ ! -e /sys/module/"$UNLOAD_MOD" ]; then
		rpass "removal: module unloads, kernel log has no hung task, BUG/WARNING, page_pool pages in flight or netdev reference wait (unreclaimable slab ${mem0} -> ${got} kB; no kmemleak in this kernel)"
	else
		rfail "removal: kernel log: '${d:-clean}', module $([ -e /sys/module/"$UNLOAD_MOD" ] && echo "still loaded: $(cat /tmp/rm.err)" || echo unloaded)"
	fi
}
