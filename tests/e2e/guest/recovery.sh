#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Device-recovery checks, sourced by guest/e2e.sh (busybox sh) after the Ethernet feature
# checks, with the two vPorts in their namespaces and addressed:
#   recovery_checks NSA A NSB B
# Uses e2e.sh's helpers (pass, fail, say, host, nsping, wait_up, tcp_transfer, fsub, stat_sum)
# and eth-features.sh's ping_back (sourced before this file).
# The device side is driven through the model's control socket: "event 135" (reset request),
# "event 132" (FPGA reconfiguration), "event 134 DATA" (SOC_SERVICE: RDMA suspend/resume),
# "fault hwc_timeout" on QUERY_GF_STAT (the driver's 2 s statistics poll), "fault tx_stall"
# (a send engine that stops: the TX drain timeout of a port close), and "objects"
# (live device objects and SMC handshakes, for leak checks); the last check reloads the
# driver with an error status on QUERY_DEV_CONFIG (probe retry). Our driver only: the in-tree
# drivers of the tested kernels do not implement these flows.
RECOVERY_CHECKS=7
# shorter pause between teardown and bring-up than the device default of 10 s
RC_WAIT_MS=2000
RC_PARAM=/sys/module/mana/parameters/service_wait_ms

rc_skip() { res "SKIP: $*"; }
# rc_objects: the model's live object counts without establish/destroy counters
rc_objects() { host objects; echo "$HOST_REPLY" | sed 's/ establish=.*//'; }
rc_smc() { host objects; echo "$HOST_REPLY" | sed 's/.* establish=\([0-9]*\) destroy=\([0-9]*\).*/\1 \2/'; }
rc_done_count() { dmesg | grep -c "function up again"; }
rc_ifindex() { ip -n "$1" -o link show dev "$2" 2>/dev/null | cut -d: -f1; }
rc_mtu() { ip -n "$1" -o link show dev "$2" 2>/dev/null | sed 's/.* mtu \([0-9]*\).*/\1/'; }
rc_chan() { ip netns exec "$1" ethtool -l "$2" 2>/dev/null | awk '/^Combined:/ { v = $2 } END { print v + 0 }'; }
rc_indir() { ip netns exec "$1" ethtool -x "$2" 2>/dev/null | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) s = s " " $i } END { print s }'; }
rc_aux() { ls -d /sys/bus/auxiliary/devices/mana.rdma.* 2>/dev/null | wc -l; }
rc_warns() { dmesg | grep -cE 'BUG:|WARNING:|Oops|general protection|Call Trace|refcount_t:'; }

# rc_wait_done BEFORE SECS: wait until the driver logged one more completed reset cycle
rc_wait_done() {
	local i=0
	while [ $i -lt $(($2 * 2)) ]; do
		[ "$(rc_done_count)" -gt "$1" ] && return 0
		sleep 0.5
		i=$((i + 1))
	done
	return 1
}

# rc_traffic: both ports carry traffic again (carrier, ping both ways, a 4 MiB TCP transfer)
rc_traffic() {
	RC_MSG=
	wait_up $NSA "$A" || { RC_MSG="$A has no carrier"; return 1; }
	wait_up $NSB "$B" || { RC_MSG="$B has no carrier"; return 1; }
	ping_back $NSA $IPB 20 || { RC_MSG="no ping $A -> $B: $(tail -n 1 /tmp/ping.out)"; return 1; }
	nsping $NSB $IPA || { RC_MSG="no ping $B -> $A"; return 1; }
	tcp_transfer 4
	[ "$XFER_OK" = 1 ] || { RC_MSG="TCP: $XFER_MSG"; return 1; }
	RC_MSG="ping both ways, TCP $XFER_MSG"
}

# rc_cycle NAME EVENT...: a device service event -> full reset cycle, netdevs and their
# configuration kept, traffic resumes, device objects back to the baseline
rc_cycle() {
	local name=$1 d0 o0 o1 s0 s1 ia ib ia1 ib1 w0 st0 st1 t0 t1
	shift
	d0=$(rc_done_count); o0=$(rc_objects); s0=$(rc_smc); w0=$(rc_warns)
	ia=$(rc_ifindex $NSA "$A"); ib=$(rc_ifindex $NSB "$B")
	st0="$(rc_chan $NSA "$A")/$(rc_mtu $NSB "$B")/$(rc_indir $NSB "$B" | md5sum | cut -c1-8)"
	t0=$(up)
	host "$@"
	if [ "${HOST_REPLY%% *}" != ok ]; then
		fail "$name: the model refused '$*': $HOST_REPLY"
		return
	fi
	if ! rc_wait_done "$d0" 90; then
		fail "$name: no completed reset cycle within 90 s: $(dmesg | grep -iE 'mana|gdma' | tail -n 3 | tr '\n' ' ')"
		return
	fi
	t1=$(up)
	ia1=$(rc_ifindex $NSA "$A"); ib1=$(rc_ifindex $NSB "$B")
	st1="$(rc_chan $NSA "$A")/$(rc_mtu $NSB "$B")/$(rc_indir $NSB "$B" | md5sum | cut -c1-8)"
	if ! rc_traffic; then
		fail "$name: traffic does not resume after the reset: $RC_MSG"
		return
	fi
	o1=$(rc_objects); s1=$(rc_smc)
	set -- $s0
	local e0=$1 x0=$2
	set -- $s1
	if [ "$ia1" != "$ia" ] || [ "$ib1" != "$ib" ]; then
		fail "$name: netdevs were replaced (ifindex $A $ia -> $ia1, $B $ib -> $ib1)"
	elif [ "$st1" != "$st0" ]; then
		fail "$name: port configuration changed across the reset (channels/MTU/RSS $st0 -> $st1)"
	elif [ "$1" -le "$e0" ] || [ "$2" -le "$x0" ]; then
		fail "$name: the driver did not destroy and re-establish the HWC (SMC establish $e0 -> $1, destroy $x0 -> $2)"
	elif [ "$o1" != "$o0" ]; then
		fail "$name: device objects not back to the baseline: before '$o0', after '$o1'"
	elif [ "$(rc_warns)" != "$w0" ]; then
		fail "$name: kernel warnings: $(dmesg | grep -E 'BUG:|WARNING:|Oops|Call Trace' | tail -n 1)"
	else
		pass "$name: reset cycle in $(fsub "$t1" "$t0")s, same netdevs (ifindex $ia/$ib), channels/MTU/RSS kept ($st1), HWC re-established (SMC establish $e0 -> $1), objects back to '${o1#ok }'; $RC_MSG"
	fi
}

rc_soc_service() {
	local n0 n1 n2 i
	if [ "$(rc_aux)" -eq 0 ]; then
		rc_skip "SOC_SERVICE: no mana.rdma auxiliary device to begin with (kernel $(uname -r) has no auxiliary bus)"
		return
	fi
	n0=$(rc_aux)
	host event 134 0x10000000
	i=0
	while [ "$(rc_aux)" -ne 0 ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
	n1=$(rc_aux)
	host event 134 0x20000000
	i=0
	while [ "$(rc_aux)" -eq 0 ] && [ $i -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
	n2=$(rc_aux)
	if [ "$n1" -eq 0 ] && [ "$n2" -eq "$n0" ] && nsping $NSA $IPB; then
		pass "SOC_SERVICE: type 1 removed the mana.rdma auxiliary device, type 2 added it back ($(ls /sys/bus/auxiliary/devices | grep mana | tr '\n' ' ')); Ethernet unaffected"
	else
		fail "SOC_SERVICE: mana.rdma devices $n0 -> $n1 (type 1) -> $n2 (type 2), ping: $(grep -o '[0-9]* packets received' /tmp/ping.out)"
	fi
}

# the statistics poll hits an HWC timeout (3 s, set by a SOC_RECONFIG_DATA event) and its
# immediate retry one more (a single lost response or event costs no reset): the driver
# resets the function; afterwards the polled ethtool -S device counters move again
rc_gf_timeout() {
	local d0 h0 h1 i
	host event 133 0x1000bb8
	d0=$(rc_done_count)
	host fault hwc_timeout 2 0x20002
	if ! rc_wait_done "$d0" 90; then
		fail "HWC timeout in the GF stats poll: no reset cycle within 90 s: $(dmesg | grep -iE 'mana|gdma' | tail -n 3 | tr '\n' ' ')"
		host fault clear
		return
	fi
	host fault clear
	if ! rc_traffic; then
		fail "HWC timeout in the GF stats poll -> reset, but traffic does not resume: $RC_MSG"
		return
	fi
	h0=$(stat_sum $NSB "$B" '^hc_rx_bytes$')
	nsping $NSA $IPB 3
	i=0
	while [ $i -lt 10 ]; do
		sleep 1
		h1=$(stat_sum $NSB "$B" '^hc_rx_bytes$')
		[ "$h1" -gt "$h0" ] && break
		i=$((i + 1))
	done
	if [ "$h1" -gt "$h0" ] && dmesg | grep -q "statistics poll: HWC timeout"; then
		pass "HWC timeout in the GF stats poll -> function reset, traffic resumes ($RC_MSG), polled hc_rx_bytes moves again ($h0 -> $h1)"
	else
		fail "HWC timeout in the GF stats poll: hc_rx_bytes $h0 -> $h1 within 10 s, poll message: $(dmesg | grep -c 'statistics poll')"
	fi
}

# A send engine that hangs: closing the port waits tx_drain_timeout_ms (3 s here) for its
# sends, then resets the function. The model offers no FLR, so the driver says so and resets
# through the HWC (the reset cycle), which must leave the port usable with no objects leaked.
rc_tx_drain() {
	local p=/sys/module/mana/parameters/tx_drain_timeout_ms p0 d0 o0 o1 t0 t1 el
	if [ ! -w $p ]; then
		rc_skip "TX drain timeout: our mana.ko has no $p"
		return
	fi
	p0=$(cat $p)
	echo 3000 > $p
	o0=$(rc_objects)
	d0=$(rc_done_count)
	host fault tx_stall
	nsping $NSA $IPB 2
	t0=$(cut -d' ' -f1 /proc/uptime)
	ip -n $NSA link set "$A" down
	t1=$(cut -d' ' -f1 /proc/uptime)
	host fault clear
	el=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
	if ! rc_wait_done "$d0" 60; then
		fail "TX drain timeout: closing $A took ${el}s, but no reset cycle followed within 60 s: $(dmesg | grep -iE 'mana|gdma' | tail -n 3 | tr '\n' ' ')"
		ip -n $NSA link set "$A" up
		echo "$p0" > $p
		return
	fi
	echo "$p0" > $p
	ip -n $NSA link set "$A" up
	if ! rc_traffic; then
		fail "TX drain timeout -> function reset, but traffic does not resume: $RC_MSG"
		return
	fi
	o1=$(rc_objects)
	if ! awk "BEGIN { exit !($el >= 2.5 && $el < 30) }"; then
		fail "TX drain timeout: closing $A took ${el}s (expected the 3 s drain timeout, well under 30 s)"
	elif ! dmesg | grep -q "sends never completed, resetting the function" ||
	     ! dmesg | grep -q "function-level reset not done"; then
		fail "TX drain timeout: missing log lines: $(dmesg | grep -iE 'never completed|function-level' | tail -n 2 | tr '\n' ' ')"
	elif [ "$o0" != "$o1" ]; then
		fail "TX drain timeout: device objects '$o0' before, '$o1' after the reset"
	else
		pass "TX drain timeout: stalled sends held '$A' down for ${el}s, then function reset (no FLR on the model: reset through the HWC), $RC_MSG, objects back to '$o1'"
	fi
}

# PM suspend/resume through the kernel's system-sleep code: the image-creation phase of
# hibernation freezes every device (our PCI .suspend with PMSG_FREEZE) and thaws it again
# (.resume) before the image would be written; there is no swap in the guest, so the write
# fails and "echo disk" returns an error, as expected. Suspend-to-idle was tried first: no
# wake-up source of the TCG guest (RTC alarm) ends it, and the Debian kernels have no
# CONFIG_PM_DEBUG (no /sys/power/pm_test).
rc_suspend() {
	local o0 o1 w0 s0 s1 n0 r0 n1 r1
	if ! grep -qw disk /sys/power/state 2>/dev/null; then
		rc_skip "suspend/resume: no hibernation in /sys/power/state ('$(cat /sys/power/state 2>/dev/null)')"
		return
	fi
	# never power off: with test_resume a written image would be restored at once
	grep -qw test_resume /sys/power/disk && echo test_resume > /sys/power/disk
	o0=$(rc_objects); s0=$(rc_smc); w0=$(rc_warns)
	n0=$(dmesg | grep -c "mana .*: suspend$"); r0=$(dmesg | grep -c "mana .*: resume$")
	echo disk > /sys/power/state 2>/tmp/pm.err
	n1=$(dmesg | grep -c "mana .*: suspend$"); r1=$(dmesg | grep -c "mana .*: resume$")
	s1=$(rc_smc)
	if [ "$n1" -le "$n0" ] || [ "$r1" -le "$r0" ]; then
		fail "suspend/resume: the driver's PM callbacks did not run ($(cat /tmp/pm.err)): $(dmesg | grep -iE 'PM:|hibernat|mana' | tail -n 3 | tr '\n' ' ')"
		return
	fi
	if ! rc_traffic; then
		fail "suspend/resume: traffic does not resume: $RC_MSG"
		return
	fi
	o1=$(rc_objects)
	if [ "$o1" != "$o0" ]; then
		fail "suspend/resume: device objects before '$o0', after '$o1'"
	elif [ "$(rc_warns)" != "$w0" ]; then
		fail "suspend/resume: kernel warnings: $(dmesg | grep -E 'BUG:|WARNING:|Call Trace' | tail -n 1)"
	else
		pass "suspend/resume (hibernation freeze/thaw; image write then failed: $(tr -d '\n' < /tmp/pm.err | cut -c1-60)): driver suspended and resumed, SMC establish/destroy $s0 -> $s1, $RC_MSG, objects back to '${o1#ok }'"
	fi
}

# a probe that fails with -EPROTO (error status on QUERY_DEV_CONFIG) leaves the function
# bound and is retried service_wait_ms later; the ports end up in their namespaces again
rc_probe_retry() {
	local i=0 f0 devs
	f0=$(dmesg | grep -c "bring-up failed (-71)")
	if ! timeout 120 rmmod mana; then
		fail "probe retry: rmmod mana failed"
		return
	fi
	host fault opcode 0x20001 2 1
	timeout 150 modprobe mana service_wait_ms=$RC_WAIT_MS
	devs=
	while [ $i -lt 60 ]; do
		devs=$(mana_netdevs)
		[ "$(echo $devs | wc -w)" -ge 2 ] && break
		sleep 0.5
		i=$((i + 1))
	done
	host fault clear
	set -- $devs
	if [ $# -lt 2 ]; then
		fail "probe retry: no netdevs 30 s after modprobe (driver '$(driver_name)'): $(dmesg | grep -iE 'mana|gdma' | tail -n 3 | tr '\n' ' ')"
		return
	fi
	A=$1 B=$2
	if [ "$(dmesg | grep -c "bring-up failed (-71)")" -le "$f0" ]; then
		fail "probe retry: netdevs $A $B appeared but the first probe did not fail as injected"
	elif ! to_netns "$A" "$B" || ! rc_traffic; then
		fail "probe retry: $A/$B do not carry traffic after the retried probe: $RC_MSG"
	else
		pass "probe retry: QUERY_DEV_CONFIG error status -> bring-up failed (-71), retried after ${RC_WAIT_MS} ms: $A $B up, $RC_MSG"
	fi
}

recovery_checks() {
	NSA=$1 A=$2 NSB=$3 B=$4
	local n
	if [ "$DRIVER" != ours ] || [ ! -w $RC_PARAM ]; then
		n=0
		while [ $n -lt $RECOVERY_CHECKS ]; do
			rc_skip "recovery check $((n + 1)): needs our mana.ko (driver '$DRIVER', no $RC_PARAM)"
			n=$((n + 1))
		done
		return
	fi
	echo $RC_WAIT_MS > $RC_PARAM
	wait_up $NSA "$A"
	wait_up $NSB "$B"
	# a non-default configuration that the reset must keep
	ip netns exec $NSA ethtool -L "$A" combined 1
	ip -n $NSB link set "$B" mtu 1400
	ip netns exec $NSB ethtool -X "$B" equal 1
	rc_cycle "reset request (EQE 135)" event 135
	ip netns exec $NSA ethtool -L "$A" combined "$(ip netns exec $NSA ethtool -l "$A" | awk '/^Combined:/ { print $2; exit }')"
	ip -n $NSB link set "$B" mtu 1500
	ip netns exec $NSB ethtool -X "$B" default
	rc_cycle "FPGA reconfiguration (EQE 132)" event 132
	rc_soc_service
	rc_gf_timeout
	rc_tx_drain
	rc_suspend
	rc_probe_retry
	[ ! -w $RC_PARAM ] || echo 10000 > $RC_PARAM
}
