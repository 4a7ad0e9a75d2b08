#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Benchmark phases (MODE=bench), sourced by guest/e2e.sh after its helpers. Each phase is
# framed by "host stats NAME0" / "host stats NAME1": the host runner saves the model's
# counters and, with the insn-count plugin, the guest instruction counters at both points
# while this script waits for the answer, so nothing runs in between but the guest idling.
# Phases (BENCH_PHASES, default "tcp1500 tcp_rr udp_tx udp_rx tcp9000 xdp_drop xdp_tx ring chan
# ifup"):
#   tcp1500 / tcp9000  XFER_MB MiB TCP stream e2ea -> e2eb, received into /dev/null
#   tcp_rr     RR_COUNT TCP request/response transactions of RR_SIZE bytes each way, one in
#              flight (tcprr): figures per transaction, no batching, so no load dependence
#   udp_tx     UDP_COUNT datagrams of UDP_SIZE bytes over UDP_FLOWS source ports to a MAC
#              no vPort has (the model's switch drops them): the send path alone
#   udp_rx     the same to vPort 1's MAC and an address vPort 1 does not own (its IP layer
#              drops them, no ICMP): send and receive path; receive = udp_rx - udp_tx
#   xdp_drop   udp_rx with an XDP_DROP program on vPort 1 (the least a receive can cost)
#   xdp_tx     udp_rx with a program on vPort 1 that sends every frame back (MACs swapped,
#              XDP_TX); vPort 0's IP layer drops the returns: send, XDP_TX, receive
#   ring       ethtool -G on vPort 0 (rings halved, then restored) while udpgen sends
#   chan       ethtool -L on vPort 0 (1 channel, then back to the maximum) while udpgen
#              sends; needs more than one channel (E2E_SMP >= 2)
#   ifup       ip link set down / up on vPort 0 (no traffic beside it): IFUP_ROUNDS cycles
#              counted, then IFUP_ROUNDS cycles timed until the carrier is back and until a
#              ping to vPort 1 is answered
# Around bring-up and each ring/chan/ifup phase the guest traces (ftrace, when the kernel has
# it) the calls that wait: msleep with the milliseconds asked for, usleep_range, RCU and net
# grace periods, timed completions; "@@WAIT phase=P fn=F caller=C n=N ms=M" lines, counts
# that do not depend on how fast the host runs the guest.
# Reports "@@BENCH phase=NAME ok=0|1 secs=S sent=N" per phase and marks around bring-up,
# and after link up the driver's symbols ("@@KSYM ADDR TYPE NAME" from /proc/kallsyms) for
# the per-function profile of tests/bench/report.py.
BENCH_PHASES=${BENCH_PHASES:-tcp1500 tcp_rr udp_tx udp_rx tcp9000 xdp_drop xdp_tx ring chan ifup}
UDP_COUNT=${UDP_COUNT:-20000} UDP_SIZE=${UDP_SIZE:-64} UDP_FLOWS=${UDP_FLOWS:-16}
RR_COUNT=${RR_COUNT:-3000} RR_SIZE=${RR_SIZE:-64} IFUP_ROUNDS=${IFUP_ROUNDS:-3}
IP_SINK=10.77.0.9 IP_VOID=10.77.0.8 MAC_VOID=02:00:5e:00:00:99

# wait tracing: the functions a reconfiguration may sleep or wait in (those this kernel has)
WAIT_FNS="msleep msleep_interruptible usleep_range_state synchronize_rcu
	synchronize_rcu_expedited synchronize_net rcu_barrier wait_for_completion_timeout
	napi_disable"
TRC=/sys/kernel/tracing

# wait_trace_begin: one kprobe event per function of WAIT_FNS with its caller (the return
# address) and, for msleep and usleep_range_state, the time asked for (ms, us); returns 1
# (nothing traced) without tracefs or kprobe events
wait_trace_begin() {
	local f arg
	[ -d $TRC/events ] || mount -t tracefs nodev $TRC 2> /dev/null
	[ -w $TRC/kprobe_events ] || return 1
	echo 0 > $TRC/tracing_on
	for f in $WAIT_FNS; do
		[ ! -d $TRC/events/kprobes/bw_$f ] || continue
		case $f in
		msleep | msleep_interruptible | usleep_range_state) arg=' t=%di:u32' ;;
		*) arg= ;;
		esac
		echo "p:kprobes/bw_$f $f caller=\$stack0:symbol$arg" >> $TRC/kprobe_events 2> /dev/null
	done
	[ -d $TRC/events/kprobes ] || return 1
	echo 1 > $TRC/events/kprobes/enable
	: > $TRC/trace
	echo 1 > $TRC/tracing_on
}

# wait_trace_end PHASE: stop tracing; per function and caller the calls and the sum of the
# time asked for ("@@WAIT phase=P fn=F caller=C n=N t=T": msleep ms, usleep_range_state
# us); "@@WAIT phase=P lost=1" when the trace buffer overflowed
wait_trace_end() {
	[ -d $TRC/events/kprobes ] || return 0
	echo 0 > $TRC/tracing_on
	echo 0 > $TRC/events/kprobes/enable
	awk -v ph="$1" '
		/^#/ { next }
		/ bw_[a-z_]*: / {
			fn = ""; c = "?"; t = 0
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^bw_.*:$/) fn = substr($i, 4, length($i) - 4)
				else if ($i ~ /^caller=/) c = substr($i, 8)
				else if ($i ~ /^t=/) t = substr($i, 3) + 0
			}
			sub(/\+0x.*/, "", c)
			k = fn " " c; n[k]++; tt[k] += t
		}
		END { for (k in n) { split(k, a, " "); printf "@@WAIT phase=%s fn=%s caller=%s n=%d t=%d\n", ph, a[1], a[2], n[k], tt[k] } }
	' $TRC/trace >&3
	grep -q 'LOST.*EVENTS' $TRC/trace && echo "@@WAIT phase=$1 lost=1" >&3
	: > $TRC/trace
}

# bench_stream NAME: TCP stream of XFER_MB MiB into nc > /dev/null on the far side
bench_stream() {
	local t0 t1 rc srv i
	# -e: a listening nc whose stdin is /dev/null would end the connection at once
	printf '#!/bin/sh\ncat > /dev/null\n' > /tmp/sink.sh
	chmod +x /tmp/sink.sh
	ip netns exec $NSB nc -l -p $PORT -e /tmp/sink.sh &
	srv=$!
	i=0
	while ! ip netns exec $NSB netstat -ltn 2>/dev/null | grep -q ":$PORT "; do
		sleep 0.2
		i=$((i + 1))
		[ $i -lt 50 ] || break
	done
	host stats "${1}0"
	t0=$(up)
	timeout 300 /usr/sbin/ip netns exec $NSA nc -w 10 $IPB $PORT < /tmp/tx.bin
	rc=$?
	wait $srv
	t1=$(up)
	host stats "${1}1"
	echo "@@BENCH phase=$1 ok=$([ $rc -eq 0 ] && echo 1 || echo 0) secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') sent=$((XFER_MB * MIB))" >&3
}

# bench_rr NAME: RR_COUNT request/response transactions e2ea -> e2eb (tcprr)
bench_rr() {
	local t0 t1 r srv port=$((PORT + 1))
	tcprr_server $NSB $port
	host stats "${1}0"
	t0=$(up)
	r=$(timeout 300 /usr/sbin/ip netns exec $NSA /e2e/tcprr $IPB $port "$RR_COUNT" "$RR_SIZE")
	t1=$(up)
	host stats "${1}1"
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	echo "@@BENCH phase=$1 ok=$([ "$r" = "done=$RR_COUNT" ] && echo 1 || echo 0) secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') sent=${r#done=}" >&3
}

# bench_udp NAME DST: UDP_COUNT datagrams from e2ea to DST (a static neighbour)
bench_udp() {
	local t0 t1 r
	host stats "${1}0"
	t0=$(up)
	r=$(ip netns exec $NSA /e2e/udpgen "$2" 9 "$UDP_COUNT" "$UDP_SIZE" "$UDP_FLOWS")
	# let the last completions and receives land before the closing reading
	sleep 1
	t1=$(up)
	host stats "${1}1"
	echo "@@BENCH phase=$1 ok=$(case $r in "sent=$UDP_COUNT "*) echo 1 ;; *) echo 0 ;; esac) secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') sent=${r#sent=}" >&3
}

# stop_udpgen: end any udpgen still running once its phase is over. "$!" of the
# background sender names a busybox subshell whose child is udpgen, so "kill $gen" ended
# the subshell only and udpgen, re-parented to init, sent on through every later phase
# (ifup after chan counted its datagrams). Says so (@@OUT), SIGKILLs it by pid (pidof;
# nothing else of that name runs in the guest) and waits until none is left.
stop_udpgen() {
	local p i=0
	p=$(pidof udpgen) || return 0
	echo "@@OUT udpgen left running: pid(s) $p, background job was $gen; $(grep -h '^PPid\|^SigIgn' "/proc/${p%% *}/status" 2>/dev/null | tr '\t\n' '  ')" >&3
	# shellcheck disable=SC2086 # one or more pids
	kill -KILL $p 2>/dev/null
	while pidof udpgen > /dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# bench_reconf NAME: two reconfigurations of vPort 0 (NAME ring: ethtool -G to half the
# ring sizes and back; chan: ethtool -L combined 1 and back) while udpgen sends to vPort 1
bench_reconf() {
	local gen t0 t1 rc=1 cur max opt set1 set2
	if [ "$1" = ring ]; then
		cur=$(ip netns exec $NSA ethtool -g "$A" 2>/dev/null | awk '/^Current/ { c = 1 }
			c && /^RX:/ { r = $2 } c && /^TX:/ { t = $2 } END { print r + 0, t + 0 }')
		opt=-G set1="rx $((${cur% *} / 2)) tx $((${cur#* } / 2))" set2="rx ${cur% *} tx ${cur#* }"
	else
		max=$(ip netns exec $NSA ethtool -l "$A" 2>/dev/null | awk '/^Pre-set/ { p = 1 }
			/^Current/ { p = 0 } p && /^Combined:/ { print $2 + 0 }')
		opt=-L set1="combined 1" set2="combined $max"
		if [ "${max:-0}" -lt 2 ]; then
			echo "@@BENCH phase=$1 ok=0 secs=0 sent=0 why=one_channel_(E2E_SMP=1)" >&3
			return
		fi
	fi
	ip netns exec $NSA /e2e/udpgen $IP_SINK 9 1000000000 "$UDP_SIZE" "$UDP_FLOWS" > /dev/null 2>&1 &
	gen=$!
	sleep 1
	wait_trace_begin
	host stats "${1}0"
	t0=$(up)
	# shellcheck disable=SC2086 # set1/set2 are ethtool argument lists
	ip netns exec $NSA ethtool $opt "$A" $set1 && ip netns exec $NSA ethtool $opt "$A" $set2 &&
		rc=0
	t1=$(up)
	host stats "${1}1"
	wait_trace_end "$1"
	kill $gen 2>/dev/null
	wait $gen 2>/dev/null
	stop_udpgen
	wait_up $NSA "$A"
	nsping $NSA $IPB "" 1 > /dev/null 2>&1
	echo "@@BENCH phase=$1 ok=$([ $rc -eq 0 ] && echo 1 || echo 0) secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') sent=0 n=2" >&3
}

# bench_ifup: ip link set down / up on vPort 0 with nothing else sending. First
# IFUP_ROUNDS cycles counted (instructions, HWC requests, waits) with nothing else in the
# window: both drivers set the carrier before "ip link set up" returns. Then IFUP_ROUNDS
# cycles timed (guest clock, polled every 10 ms inside the namespace, outside the counted
# window: the polls cost instructions per unit of time) until the carrier is back and until
# a ping to vPort 1 is answered; secs and carrier are per cycle
bench_ifup() {
	local r out rc=0 t_up=0 t_ping=0
	wait_trace_begin
	host stats ifup0
	for r in $(seq "$IFUP_ROUNDS"); do
		ip -n $NSA link set dev "$A" down && ip -n $NSA link set dev "$A" up || rc=1
	done
	host stats ifup1
	wait_trace_end ifup
	[ "$(ip netns exec $NSA cat /sys/class/net/"$A"/carrier 2>/dev/null)" = 1 ] || rc=1
	for r in $(seq "$IFUP_ROUNDS"); do
		[ $rc -eq 0 ] || break
		# one process in the namespace: its /sys shows vPort 0, and no fork per poll
		out=$(ip netns exec $NSA sh -c '
			up() { cut -d" " -f1 /proc/uptime; }
			ip link set dev "$1" down || exit 1
			t0=$(up)
			ip link set dev "$1" up || exit 1
			i=0
			until [ "$(cat /sys/class/net/$1/carrier 2>/dev/null)" = 1 ]; do
				i=$((i + 1)); [ $i -lt 3000 ] || exit 1; sleep 0.01
			done
			t1=$(up)
			i=0
			until ping -q -c 1 -W 1 "$2" > /dev/null 2>&1; do
				i=$((i + 1)); [ $i -lt 30 ] || exit 1; sleep 0.01
			done
			echo "$t0 $t1 $(up)"' sh "$A" $IPB) || rc=1
		[ $rc -eq 0 ] || break
		set -- $out
		t_up=$(awk -v s="$t_up" -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", s + b - a }')
		t_ping=$(awk -v s="$t_ping" -v a="$1" -v c="$3" 'BEGIN { printf "%.3f", s + c - a }')
	done
	echo "@@BENCH phase=ifup ok=$([ $rc -eq 0 ] && echo 1 || echo 0) secs=$(awk -v s="$t_ping" -v n="$IFUP_ROUNDS" 'BEGIN { printf "%.3f", s / n }') carrier=$(awk -v s="$t_up" -v n="$IFUP_ROUNDS" 'BEGIN { printf "%.3f", s / n }') sent=0 n=$IFUP_ROUNDS" >&3
}

run_bench() {
	local p mb
	wait_trace_begin
	host stats boot
	bring_up || return 1
	host stats linkup
	wait_trace_end probe
	# ours-static: adaptive moderation off on both vPorts (the in-tree 6.1/6.12 driver has
	# none); the run is marked failed when the driver does not take it
	if [ "${BENCH_STATIC_COAL:-0}" = 1 ]; then
		ip netns exec $NSA ethtool -C "$A" adaptive-rx off adaptive-tx off &&
			ip netns exec $NSB ethtool -C "$B" adaptive-rx off adaptive-tx off &&
			[ "$( (ip netns exec $NSA ethtool -c "$A"; ip netns exec $NSB ethtool -c "$B") |
				awk '/^Adaptive RX:/ && $3 == "off" && $5 == "off"' | wc -l)" = 2 ] || {
			echo "@@BENCH phase=static_coal ok=0 secs=0 sent=0" >&3
			return 1
		}
		echo "@@OUT adaptive moderation off on $A and $B (ethtool -C)" >&3
	fi
	grep '\[mana\]' /proc/kallsyms | while read -r addr type name _; do
		echo "@@KSYM $addr $type $name"
	done >&3
	# where mana.ko ends: blocks beyond it (other modules, BPF JIT code) are not its own
	awk '$1 == "mana" { print "@@KMOD " $6 " " $2 }' /proc/modules >&3
	nsping $NSA $IPB "" 2
	dd if=/dev/urandom of=/tmp/tx.bin bs=1M count="$XFER_MB" 2>/dev/null
	ip -n $NSA neigh replace $IP_VOID lladdr $MAC_VOID dev "$A" nud permanent
	ip -n $NSA neigh replace $IP_SINK lladdr "$(cat /sys/class/net/"$B"/address 2>/dev/null ||
		ip netns exec $NSB cat /sys/class/net/"$B"/address)" dev "$A" nud permanent
	for p in $BENCH_PHASES; do
		case $p in
		tcp1500) bench_stream $p ;;
		tcp_rr) bench_rr $p ;;
		tcp9000)
			ip -n $NSA link set dev "$A" mtu 9000 && ip -n $NSB link set dev "$B" mtu 9000 &&
				wait_up $NSA "$A" && wait_up $NSB "$B" && nsping $NSA $IPB "" 1 &&
				bench_stream $p
			ip -n $NSA link set dev "$A" mtu 1500
			ip -n $NSB link set dev "$B" mtu 1500
			wait_up $NSA "$A"
			wait_up $NSB "$B"
			;;
		udp_tx) bench_udp $p $IP_VOID ;;
		udp_rx) bench_udp $p $IP_SINK ;;
		xdp_drop)
			if ip -n $NSB link set dev "$B" xdp obj /e2e/xdp_drop.o sec xdp 2>/tmp/xdp.err; then
				bench_udp $p $IP_SINK
				ip -n $NSB link set dev "$B" xdp off
			else
				echo "@@BENCH phase=$p ok=0 secs=0 sent=0 why=$(head -c 80 /tmp/xdp.err | tr ' \n' '__')" >&3
			fi
			;;
		xdp_tx)
			if ip -n $NSB link set dev "$B" xdp obj /e2e/xdp_bounce.o sec xdp 2>/tmp/xdp.err; then
				bench_udp $p $IP_SINK
				# where frames not bounced went: $B's non-zero drop, queue
				# stop/wake and XDP counters (since boot; for the log only)
				echo "@@OUT xdp_tx $B counters: $(ip netns exec $NSB ethtool -S "$B" 2>/dev/null |
					awk '$1 ~ /drop|stop|wake|xdp/ && $2 != 0 { printf "%s%s ", $1, $2 }')" >&3
				ip -n $NSB link set dev "$B" xdp off
			else
				echo "@@BENCH phase=$p ok=0 secs=0 sent=0 why=$(head -c 80 /tmp/xdp.err | tr ' \n' '__')" >&3
			fi
			;;
		ring | chan) bench_reconf $p ;;
		ifup) bench_ifup ;;
		esac
	done
	echo "@@BENCH phase=done ok=1" >&3
}
