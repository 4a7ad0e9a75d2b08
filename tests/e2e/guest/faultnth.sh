#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Allocation failures by the kernel's per-task systematic fault injection, sourced by
# guest/faults.sh (its helpers: sc_begin, sc_end, sc_back, sc_objects_back, ...).
# /e2e/failnth (tests/debugk/failnth.c) writes N to its own /proc/thread-self/fail-nth right
# before one ioctl (ring resize, channel change, open): the Nth slab or page allocation
# that this one system call makes fails, wherever it is (driver, ethtool core, netlink
# notification, page_pool, DMA-coherent pages), and nothing else.
#
# A census first: the call made with N past its end counts the injectable allocations C
# (and those of each kind alone). Then the call is repeated with N = 1..C, every
# allocation failed once (FAULTS_NTH_ITERS=0), or, to stay in step 47's budget, with
# FAULTS_NTH_ITERS values of N spread over 1..C: stride ceil(C/ITERS) from an offset below
# it drawn from FAULTS_NTH_SEED (printed, so a run replays; successive runs cover other N).

# sc_nth_cfg KINDS: which allocations fail-nth counts. It only sees the calls that pass
# the filters of failslab and fail_page_alloc, whose defaults leave out everything that may
# sleep (ignore-gfp-wait Y) and, for pages, highmem and order 0 (min-order 1): all off
# here. A kind left out of KINDS is filtered away whole: failslab by its cache filter (no
# cache is marked), fail_page_alloc by a min-order above any allocation. Probability 0:
# nothing else fails. Verbose 1: the failed call says its kind in a NOTICE line (no stack;
# none at all for __GFP_NOWARN allocations, whose callers expect failures).
sc_nth_cfg() {
	local d
	for d in failslab fail_page_alloc; do
		echo 0 > $SC_DBG/$d/probability
		echo 0 > $SC_DBG/$d/times
		echo 1 > $SC_DBG/$d/verbose
		echo N > $SC_DBG/$d/ignore-gfp-wait
	done
	echo N > $SC_DBG/fail_page_alloc/ignore-gfp-highmem
	case $1 in *slab*) echo N ;; *) echo Y ;; esac > $SC_DBG/failslab/cache-filter
	case $1 in *page*) echo 0 ;; *) echo 30 ;; esac > $SC_DBG/fail_page_alloc/min-order
}

# sc_nth_defaults: the kernel's defaults again, for the other scenarios
sc_nth_defaults() {
	echo Y > $SC_DBG/failslab/ignore-gfp-wait
	echo N > $SC_DBG/failslab/cache-filter
	echo Y > $SC_DBG/fail_page_alloc/ignore-gfp-wait
	echo Y > $SC_DBG/fail_page_alloc/ignore-gfp-highmem
	echo 1 > $SC_DBG/fail_page_alloc/min-order
	echo 0 > $SC_DBG/failslab/verbose
	echo 0 > $SC_DBG/fail_page_alloc/verbose
}

# sc_nth_kind LINES: the kind of the allocation failed since the log had LINES lines:
# slab, page, or nowarn (a __GFP_NOWARN one: no NOTICE)
sc_nth_kind() {
	case $(sc_log_since "$1" | grep -oE 'name (failslab|fail_page_alloc),' | tail -n 1) in
	*failslab*) echo slab ;;
	*fail_page_alloc*) echo page ;;
	*) echo nowarn ;;
	esac
}

# sc_nth_call N WHAT: one call with the Nth injectable allocation failed; SC_NTH the
# helper's line. rings, up: vPort A; channels: vPort B. up takes vPort A down first (an
# administrator's ifdown).
sc_nth_call() {
	case $2 in
	rings) SC_NTH=$(ip netns exec $NSA /e2e/failnth "$1" rings "$FA" "$SC_RX" 256 2>&1) ;;
	channels) SC_NTH=$(ip netns exec $NSB /e2e/failnth "$1" channels "$FB" "$SC_CH" 1 2>&1) ;;
	up)
		ip -n $NSA link set "$FA" down
		SC_NTH=$(ip netns exec $NSA /e2e/failnth "$1" up "$FA" 2>&1)
		;;
	esac
}

# sc_nth_val KEY: a value of the helper's line
sc_nth_val() { echo "$SC_NTH" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

# sc_nth_reset WHAT: after a call that changed the setting, the setup's one again (plain
# ethtool, nothing injected), so that every call makes the same change (rings: RX SC_RX /
# TX SC_TX to 256/256; channels: SC_CH to 1) and the same allocations
sc_nth_reset() {
	case $1 in
	rings)
		[ "$(sc_nth_val now)" = "$SC_RX" ] ||
			ip netns exec $NSA ethtool -G "$FA" rx "$SC_RX" tx "$SC_TX" 2>/dev/null
		;;
	channels)
		[ "$(sc_nth_val now)" = "$SC_CH" ] ||
			ip netns exec $NSB ethtool -L "$FB" combined "$SC_CH" 2>/dev/null
		;;
	esac
}

# sc_nth_census WHAT KINDS: the number of injectable allocations of one call (N far past
# the end: nothing fails), or "?" with SC_NTH saying why
sc_nth_census() {
	sc_nth_cfg "$2"
	sc_nth_call 1000000 "$1"
	if [ "$(sc_nth_val fired)" = 0 ] && [ "$(sc_nth_val rc)" = 0 ]; then
		sc_nth_val calls
	else
		echo "?"
	fi
	if [ "$1" = up ]; then
		wait_up $NSA "$FA"
	else
		sc_nth_reset "$1"
	fi
}

# sc_nth_after N WHAT: the assertions after one injected call; empty SC_BAD if all hold.
# A failed call kept the old setting (rings, channels) or left the port down, and an
# administrator's retry (ip link set up) works; a successful one has the new setting;
# both ways ping (or the driver gave the port up with a message and ifdown/ifup brings it
# back: counted in SC_NGIVE); then the setup's setting again (sc_nth_reset); device
# objects at the baseline; no new kernel report.
sc_nth_after() {
	local n=$1 what=$2 rc
	SC_BAD=
	rc=$(sc_nth_val rc)
	case $(sc_nth_val fired) in
	1) ;;
	*) SC_BAD="n=$n: helper said '$SC_NTH'"; return ;;
	esac
	if [ "$rc" = 0 ]; then
		SC_NOK=$((SC_NOK + 1))
		SC_OKS="$SC_OKS $n:$SC_KIND"
		[ "$what" = up ] || [ "$(sc_nth_val now)" = "$(sc_nth_val to)" ] ||
			{ SC_BAD="n=$n: succeeded, but the setting reads $(sc_nth_val now), not $(sc_nth_val to)"; return; }
	else
		SC_NERR=$((SC_NERR + 1))
		SC_RCS="$SC_RCS $n:$rc:$SC_KIND"
		if [ "$what" = up ]; then
			ip -n $NSA link set "$FA" up ||
				{ SC_BAD="n=$n: the open failed ($rc), then ip link set up failed too"; return; }
		elif [ "$(sc_nth_val now)" != "$(sc_nth_val from)" ]; then
			SC_BAD="n=$n: failed ($rc), but the setting reads $(sc_nth_val now), not the old $(sc_nth_val from)"
			return
		fi
	fi
	if ! { wait_up $NSA "$FA" && wait_up $NSB "$FB" && nsping $NSA $IPB "" 1 && nsping $NSB $IPA "" 1; }; then
		# an open that succeeded, vPort A up with its address but without its
		# connected route: IPv4's NETDEV_UP handler (fib_add_ifaddr() -> fib_magic(),
		# which returns nothing) lost the route to the failed allocation, not the
		# driver; the administrator's ifdown/ifup adds it again
		if [ "$what" = up ] && [ "$rc" = 0 ] &&
			[ "$(ip -n $NSA -4 addr show dev "$FA" 2>/dev/null | grep -c 'inet ')" -ge 1 ] &&
			[ -z "$(ip -n $NSA -4 route show dev "$FA" 2>/dev/null)" ]; then
			ip -n $NSA link set "$FA" down
			ip -n $NSA link set "$FA" up
			if wait_up $NSA "$FA" && nsping $NSA $IPB "" 2 && nsping $NSB $IPA "" 2; then
				SC_NROUTE="$SC_NROUTE $n"
				say "fail-nth up n=$n: the kernel lost vPort A's connected route (IPv4 fib); back after ifdown/ifup"
			fi
		fi
	fi
	if ! { wait_up $NSA "$FA" && wait_up $NSB "$FB" && nsping $NSA $IPB "" 1 && nsping $NSB $IPA "" 1; }; then
		sc_back || {
			SC_BAD="n=$n ($SC_NTH kind=$SC_KIND): no traffic within $SC_RECOVER s (A: '$(ip -n $NSA link show dev "$FA" 2>&1 | head -n 1)', $(ip -n $NSA -4 addr show dev "$FA" 2>/dev/null | grep -c 'inet ') IPv4 address(es), routes '$(ip -n $NSA -4 route show dev "$FA" 2>&1 | tr '\n' ';')')"
			return
		}
		case $SC_HOW in port*) SC_NGIVE=$((SC_NGIVE + 1)) ;; esac
		say "fail-nth $what n=$n: $SC_HOW"
		fz_where
	fi
	# the setup's setting again before the objects are counted (fewer channels: fewer)
	sc_nth_reset "$what"
	sc_objects_back || { SC_BAD="n=$n ($SC_NTH): device objects '$SC_OBJ', baseline '$SC_BASE'"; return; }
	[ "$(sc_splats)" = "$SC_W0" ] ||
		SC_BAD="n=$n ($SC_NTH): kernel report: $(sc_log_since "$SC_L0" | grep -E "$sc_splat_re" | head -n 1)"
}

# sc_nth KINDS WHAT DESC: the census, then N over 1..C as above, each with sc_nth_after
sc_nth() {
	local kinds=$1 what=$2 c cs cp n stride off iters=${FAULTS_NTH_ITERS:-6} t0 t1 l0 done=0 cover early=
	sc_begin "fail-nth: $kinds allocations of $3 failed one at a time" 0
	if [ ! -e /proc/self/fail-nth ] || [ ! -d $SC_DBG/failslab ] || [ ! -d $SC_DBG/fail_page_alloc ]; then
		res "SKIP: $SC_NAME ($(uname -r) has no fail-nth, failslab and fail_page_alloc: CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and FAULT_INJECTION_DEBUG_FS are off; the debug kernel has them)"
		return
	fi
	[ -x /e2e/failnth ] || { fail "$SC_NAME: /e2e/failnth is missing (not built on the host?)"; return; }
	fz_where
	cs=$(sc_nth_census "$what" failslab)
	cp=$(sc_nth_census "$what" fail_page_alloc)
	c=$(sc_nth_census "$what" "$kinds")
	case $c in
	'?' | 0)
		sc_nth_defaults
		fail "$SC_NAME: census: no injectable allocation counted ('$SC_NTH')"
		sc_repair
		return
		;;
	esac
	sc_nth_cfg "$kinds"
	if [ "$iters" = 0 ] || [ "$iters" -ge "$c" ]; then
		stride=1 off=0
	else
		stride=$(( (c + iters - 1) / iters ))
		off=$(( ${FAULTS_NTH_SEED:-0} % stride ))
	fi
	# replay of a range (FAULTS_NTH_FROM/TO, every N in it)
	[ -z "${FAULTS_NTH_FROM:-}" ] || { stride=1 off=$((FAULTS_NTH_FROM - 1)); }
	[ -z "${FAULTS_NTH_TO:-}" ] || [ "$FAULTS_NTH_TO" -ge "$c" ] || c=$FAULTS_NTH_TO
	SC_NERR=0 SC_NOK=0 SC_NGIVE=0 SC_RCS='' SC_OKS='' SC_NROUTE='' SC_BAD=''
	n=$((off + 1))
	t0=$(up)
	while [ $n -le "$c" ]; do
		t1=$(up)
		l0=$(sc_lines)
		sc_nth_call $n "$what"
		# the counts vary a little from call to call (slab pages): an end before
		# the census's is the end of this call, unless the call failed
		if [ "$(sc_nth_val fired)" = 0 ]; then
			[ "$(sc_nth_val rc)" = 0 ] || SC_BAD="n=$n: the call failed with no fault injected: '$SC_NTH'"
			early=" (this call ended after $(sc_nth_val calls))"
			sc_nth_reset "$what"
			break
		fi
		SC_KIND=$(sc_nth_kind "$l0")
		sc_nth_after $n "$what"
		say "fail-nth $what n=$n/$c: $SC_NTH kind=$SC_KIND ($(secs "$t1") s)"
		[ -z "$SC_BAD" ] || break
		done=$((done + 1))
		n=$((n + stride))
	done
	sc_nth_defaults
	if [ -n "${FAULTS_NTH_FROM:-}" ]; then
		cover="N = $FAULTS_NTH_FROM..$c (a replay)$early"
	elif [ $stride = 1 ]; then
		cover="all $c$early"
	else
		cover="$done of $c (N = $((off + 1)), +$stride ...; seed ${FAULTS_NTH_SEED:-0})$early"
	fi
	sc_end "$([ -z "$SC_BAD" ] && [ "$done" -ge 1 ] && echo 1)" \
		"${SC_BAD:+$SC_BAD; }census $c injectable allocations ($cs slab, $cp page); failed one at a time: $cover in $(secs "$t0") s; $SC_NERR returned an error (old setting kept / port down, retry fine; N:status:kind${SC_RCS:- none}), $SC_NOK succeeded anyway (the caller tolerated it; N:kind${SC_OKS:- none}), $SC_NGIVE gave the port up (back after ifdown/ifup)${SC_NROUTE:+; at N =$SC_NROUTE the open succeeded but IPv4 lost the connected route (fib_magic() ignores a failed insert), back after ifdown/ifup}"
}
