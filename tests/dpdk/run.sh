#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DPDK's net/mana PMD (dpdk-testpmd from Debian trixie, DPDK 24.11, rdma-core 56) on the
# software MANA device: boots a Debian kernel (TCG) with mana + mana_ib (the kernel's own,
# DRIVER=intree, or ours, DRIVER=ours) and runs tests/dpdk/guest.sh there: vPort 0 belongs
# to testpmd (its netdev stays down), vPort 1's netdev sits in a network namespace; the PMD
# probes, answers pings (icmpecho), sends and forwards bulk traffic (txonly, io, macswap)
# with testpmd's, the netdev's and the model's counters agreeing, and spreads flows over
# two RX queues with RSS.
#
# Usage: tests/dpdk/run.sh [KVER] [intree|ours]     (make dpdk KVER=<k> DRIVER=intree|ours)
# The trixie userland (testpmd, the PMDs it needs, libibverbs + the mana provider, libc) is
# resolved with apt (an empty dpkg status, trixie's lists from mana_suite_opts; nothing is
# installed on the host), unpacked with dpkg -x and trimmed to the ELF closure of what runs;
# cached under $MANA_CACHE/dpdk/<key>/root. It is appended to the e2e initramfs as an
# extra cpio archive under /dpdk; the guest chroots into it.
# Then (DPDK_SERVICE=1, the default where the driver has a reset cycle) a reset request and
# an RDMA SOC_SERVICE while testpmd forwards; DPDK_BENCH=N: N rounds of figures instead
# (tests/dpdk/bench.sh).
# Prints PASS/FAIL lines and "N passed, N failed". DPDK_DEBUG=1: the PMD's info logs and
# libibverbs' debug log in the console (not for bulk runs: it slows the guest).
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"
here=$MANA_TOP/tests/dpdk


# What the guest runs. dpdk-testpmd is in trixie's dpdk-dev (not in dpdk): that package
# itself is downloaded, and the apt closure (no recommends) of its run-time libraries
# (its Depends without libdpdk-dev and python3) and of these packages.
DPDK_TOOL_PKG=dpdk-dev
DPDK_PKGS=(librte-net-mana25 librte-mempool-ring25 libibverbs1 ibverbs-providers)
# The PMDs testpmd loads (-d): only these are kept in the root.
DPDK_PMDS=(librte_net_mana.so.25 librte_mempool_ring.so.25 librte_bus_pci.so.25)
DPDK_ROOT_VERSION=3	# bump when the way the root is assembled changes
# DPDK_RDMA=bookworm: replace trixie's libibverbs + mana provider (rdma-core 56) in the root
# by Debian 12's (rdma-core 44, from this machine's own suites): the user space a 6.1
# appliance image has, under the same testpmd.
DPDK_RDMA=${DPDK_RDMA:-trixie}
case $DPDK_RDMA in trixie | bookworm) ;; *) mana_die "DPDK_RDMA must be trixie or bookworm" ;; esac

# dpdk_copy_elf_from SRC FROM DST TO: copy SRC/FROM to DST/TO and its DT_NEEDED closure,
# libraries looked up in SRC's library folders and put in DST's usr/lib/x86_64-linux-gnu.
dpdk_copy_elf_from() {
	local src=$1 from=$2 dst=$3 to=$4 lib d found
	[ -e "$dst/$to" ] && return 0
	mkdir -p "$dst/$(dirname "$to")"
	cp -L "$src/$from" "$dst/$to" || return 1
	for lib in $(readelf -d "$src/$from" 2> /dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for d in usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu usr/lib64 lib64; do
			[ -e "$src/$d/$lib" ] && { found=$d/$lib; break; }
		done
		# already in DST (the libraries a replacement needs come from the first root)
		[ -n "$found" ] || [ ! -e "$dst/usr/lib/x86_64-linux-gnu/$lib" ] || continue
		[ -n "$found" ] || { mana_log "dpdk root: $lib (needed by $from) missing"; return 1; }
		dpdk_copy_elf_from "$src" "$found" "$dst" "usr/lib/x86_64-linux-gnu/$lib" || return 1
	done
}

# dpdk_root: print the trixie DPDK root, building it once per package list.
dpdk_root() {
	local opts key base x r uris pmddir p
	opts=$(mana_suite_opts trixie) || return 1
	key=$( { echo "v$DPDK_ROOT_VERSION $DPDK_TOOL_PKG ${DPDK_PKGS[*]} ${DPDK_PMDS[*]} $DPDK_RDMA"
		# shellcheck disable=SC2086 # apt options, one word each
		apt-cache $opts policy "$DPDK_TOOL_PKG" "${DPDK_PKGS[@]}" 2> /dev/null | grep Candidate; } |
		sha256sum | cut -c1-16)
	base=$MANA_CACHE/dpdk/trixie-$DPDK_RDMA-$key
	mana_lock "$base.lock" || return 1
	if [ -e "$base/.complete" ]; then
		echo "$base/root"
		return 0
	fi
	mana_log "assembling the trixie DPDK root in $base"
	rm -rf "$base"
	mkdir -p "$base/debs" "$base/x"
	chmod 777 "$base/debs"
	: > "$base/empty-status"
	# the whole dependency closure: resolve against an empty dpkg status
	local tooldeps
	# shellcheck disable=SC2086
	tooldeps=$(apt-cache $opts show --no-all-versions "$DPDK_TOOL_PKG" | sed -n 's/^Depends: //p' |
		tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | grep -vx 'libdpdk-dev\|python3\|')
	# shellcheck disable=SC2086
	uris=$(apt-get $opts -o Dir::State::status="$base/empty-status" \
		-o Dir::Cache="$base/apt-cache" -o Debug::NoLocking=1 install --print-uris -qq \
		--no-install-recommends "${DPDK_PKGS[@]}" $tooldeps 2> "$base/apt.log" |
		awk '{print $2}') ||
		{ mana_log "apt could not resolve ${DPDK_PKGS[*]} (log $base/apt.log)"; return 1; }
	[ -n "$uris" ] || { mana_log "apt resolved nothing (log $base/apt.log)"; return 1; }
	# name=version from the file names (name_version_arch.deb, version %-escaped)
	local pv=("$DPDK_TOOL_PKG")
	for p in $uris; do
		p=${p%.deb}
		p=${p%_*}
		pv+=("${p%%_*}=$(printf '%b' "${p#*_}" | sed 's/%3a/:/g')")
	done
	# shellcheck disable=SC2086
	( cd "$base/debs" && apt-get $opts -q download "${pv[@]}" ) > "$base/download.log" 2>&1 ||
		{ mana_log "apt-get download failed (log $base/download.log)"; return 1; }
	for p in "$base"/debs/*.deb; do dpkg -x "$p" "$base/x" || return 1; done
	x=$base/x
	r=$base/root.tmp
	rm -rf "$r"
	mkdir -p "$r/usr/bin" "$r/usr/lib/x86_64-linux-gnu" "$r/usr/lib64" "$r/etc/libibverbs.d" \
		"$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/run" "$r/mnt/huge" "$r/var"
	for p in bin lib lib64 sbin; do ln -s "usr/$p" "$r/$p"; done
	ln -s /run "$r/var/run"
	dpdk_copy_elf_from "$x" usr/bin/dpdk-testpmd "$r" usr/bin/dpdk-testpmd || return 1
	pmddir=$(cd "$x" && ls -d usr/lib/x86_64-linux-gnu/dpdk/pmds-* | head -n1)
	[ -n "$pmddir" ] || { mana_log "no PMD folder in the dpdk packages"; return 1; }
	mkdir -p "$r/$pmddir"
	for p in "${DPDK_PMDS[@]}"; do
		dpdk_copy_elf_from "$x" "usr/lib/x86_64-linux-gnu/$p" "$r" "usr/lib/x86_64-linux-gnu/$p" ||
			return 1
		ln -s "../../$p" "$r/$pmddir/${p%.25}"
	done
	# glibc dlopens libgcc_s for pthread_cancel (testpmd's exit)
	dpdk_copy_elf_from "$x" usr/lib/x86_64-linux-gnu/libgcc_s.so.1 "$r" \
		usr/lib/x86_64-linux-gnu/libgcc_s.so.1 || return 1
	# the rdma-core provider testpmd's PMD ends up in, and its loader
	dpdk_copy_elf_from "$x" usr/lib/x86_64-linux-gnu/libibverbs/libmana-rdmav34.so "$r" \
		usr/lib/x86_64-linux-gnu/libibverbs/libmana-rdmav34.so || return 1
	cp "$x/etc/libibverbs.d/mana.driver" "$r/etc/libibverbs.d/"
	p=$(cd "$x" && ls usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 lib64/ld-linux-x86-64.so.2 \
		usr/lib64/ld-linux-x86-64.so.2 2> /dev/null | head -n1)
	[ -n "$p" ] || { mana_log "no dynamic loader in libc6"; return 1; }
	cp -L "$x/$p" "$r/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
	ln -sf ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/usr/lib64/ld-linux-x86-64.so.2"
	echo "$pmddir" > "$r/pmddir"
	(cd "$x" && ls "$base"/debs | sed 's/_.*//') > "$r/packages" 2> /dev/null
	dpkg-deb -f "$base"/debs/${DPDK_TOOL_PKG}_*.deb Version > "$r/dpdk-version"
	dpkg-deb -f "$base"/debs/libibverbs1_*.deb Version > "$r/rdma-version"
	if [ "$DPDK_RDMA" = bookworm ]; then
		mkdir -p "$base/bw"
		chmod 777 "$base/bw"
		[ -e "$MANA_CACHE/.apt-updated" ] || { mana_apt update > /dev/null; touch "$MANA_CACHE/.apt-updated"; }
		( cd "$base/bw" && apt-get -q download libibverbs1 ibverbs-providers ) > "$base/bw.log" 2>&1 ||
			{ mana_log "apt-get download of bookworm's rdma-core failed ($base/bw.log)"; return 1; }
		for p in "$base"/bw/*.deb; do dpkg -x "$p" "$base/bw/x" || return 1; done
		# libibverbs, every provider library the root has (testpmd links mlx5's too) and
		# the mana provider plug-in
		for p in $(cd "$base/bw/x/usr/lib/x86_64-linux-gnu" && ls lib*.so.[0-9]) \
				libibverbs/libmana-rdmav34.so; do
			[ -e "$r/usr/lib/x86_64-linux-gnu/$p" ] || continue
			rm -f "$r/usr/lib/x86_64-linux-gnu/$p"
			dpdk_copy_elf_from "$base/bw/x" "usr/lib/x86_64-linux-gnu/$p" "$r" \
				"usr/lib/x86_64-linux-gnu/$p" || return 1
		done
		dpkg-deb -f "$base"/bw/libibverbs1_*.deb Version > "$r/rdma-version"
		rm -rf "$base/bw"
	fi
	rm -rf "$base/debs" "$base/x" "$base/apt-cache"
	mv "$r" "$base/root"
	touch "$base/.complete"
	mana_log "DPDK root: $(du -sh "$base/root" | cut -f1), $(wc -l < "$base/root/packages") packages"
	echo "$base/root"
}

kver_arg=${1:-7.3}
driver=${2:-intree}
case $driver in intree | ours) ;; *) mana_die "DRIVER must be intree or ours (got $driver)" ;; esac
t0=$(date +%s)
e2e_host_deps || { mana_result "FAIL: dpdk on the model: host packages"; mana_finish; }
eval "$("$E2E_DIR/qemu-bundle.sh")" || { mana_result "FAIL: dpdk on the model: no QEMU bundle"; mana_finish; }
e2e_kernel "$(e2e_pick_kver "$kver_arg")"

droot=$(dpdk_root) || { mana_result "FAIL: trixie DPDK userland assembled"; mana_finish; }
mana_log "DPDK $(cat "$droot/dpdk-version"), rdma-core $(cat "$droot/rdma-version") ($DPDK_RDMA) root ready ($(($(date +%s) - t0))s)"

ko='' ibko=''
if [ "$driver" = ours ]; then
	if ! ko=$(e2e_ours_ko "$KDIR"); then
		mana_result "FAIL: build our mana.ko for $KVER"
		mana_finish
	fi
	ibko=$(dirname "$ko")/ib/mana_ib.ko
	[ -f "$ibko" ] || { mana_result "FAIL: our mana_ib.ko built for $KVER (no $ibko)"; mana_finish; }
else
	p=$(modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends mana_ib 2> /dev/null | tail -n1)
	[ -n "$p" ] || { mana_result "FAIL: the $KVER image has a mana_ib module"; mana_finish; }
fi
# servicing cycles (guest.sh, DPDK_SERVICE): by default wherever the driver has a reset
# cycle: ours, and in-tree drivers that have mainline's mana_serv_reset() (6.15+; 6.12's
# has none)
if [ -z "${DPDK_SERVICE:-}" ]; then
	DPDK_SERVICE=1
	if [ "$driver" = intree ]; then
		p=$(modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends mana 2> /dev/null | awk '$1 == "insmod" {print $2}' | tail -n1)
		case $p in
		*.xz) c="xz -dc" ;;
		*.zst) c="zstd -qdc" ;;
		*) c="cat" ;;
		esac
		# (grep -c, not -q: with pipefail an early exit of grep fails the pipe)
		n=$($c "$p" 2> /dev/null | grep -ac "MANA reset cycle")
		[ "${n:-0}" -gt 0 ] || DPDK_SERVICE=0
	fi
	[ "$DPDK_SERVICE" = 1 ] || mana_log "the $KVER in-tree mana has no reset cycle: no servicing cycles"
fi
# shellcheck disable=SC2034 # used by e2e_vm
model=$(e2e_model) || { mana_result "FAIL: device model did not build"; mana_finish; }

mkdir -p "$E2E_CACHE/runs"
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-dpdk-$driver.XXXXXX")
config="MODE=test
DRIVER=$driver
KVER=$KVER
MACS='$(e2e_macs 2)'
XFER_MB=0
FEATURES=0
DPDK_DEBUG=${DPDK_DEBUG:-0}
DPDK_SERVICE=$DPDK_SERVICE
DPDK_HWC_SILENT=${DPDK_HWC_SILENT:-0}
DPDK_BENCH=${DPDK_BENCH:-0}"
e2e_mkinitramfs "$work/initrd-base.gz" "$KVER" "$MODROOT" "$driver" "$ko" "$config" ||
	{ mana_result "FAIL: initramfs build"; mana_finish; }

# second archive: mana_ib (ours or the kernel's) with its in-tree dependencies in load
# order, the DPDK root under /dpdk, guest.sh as e2e.sh
x=$work/extra
mkdir -p "$x/ib" "$x/e2e"
: > "$x/ib/order"
if [ "$driver" = ours ]; then
	cp "$ibko" "$x/ib/mana_ib.ko"
	deps=$(modinfo -F depends "$ibko" | tr ',' ' ')
else
	deps=mana_ib
fi
# the user-verbs device node (/dev/infiniband/uverbsN) comes from ib_uverbs, which not every
# mana_ib imports from
deps="$deps ib_uverbs"
for dep in $deps; do
	[ "$dep" = mana ] && continue
	for rel in $(modprobe -C /dev/null -d "$MODROOT" -S "$KVER" --show-depends "$dep" 2> /dev/null |
			awk '$1 == "insmod" {print $2}'); do
		name=$(basename "$rel")
		name=${name%.xz}
		name=${name%.zst}
		[ "$name" = mana.ko ] && continue
		grep -qx "$name" "$x/ib/order" && continue
		case $rel in
		*.xz) xz -dc "$rel" > "$x/ib/$name" ;;
		*.zst) zstd -qdc "$rel" > "$x/ib/$name" ;;
		*) cp "$rel" "$x/ib/$name" ;;
		esac
		echo "$name" >> "$x/ib/order"
	done
done
cp -a "$droot" "$x/dpdk"
# the UDP sender for the namespace (static: the guest has no bookworm libc of its own)
if ! gcc -O2 -Wall -Wextra -Werror -static -o "$x/e2e/udpburst" "$here/udpburst.c" 2> "$work/udpburst.log"; then
	mana_result "FAIL: build tests/dpdk/udpburst.c ($(head -c 300 "$work/udpburst.log"))"
	mana_finish
fi
if ! gcc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$x/dpdk/usr/lib/unbuf.so" "$here/unbuf.c" \
		2> "$work/unbuf.log"; then
	mana_result "FAIL: build tests/dpdk/unbuf.c ($(head -c 300 "$work/unbuf.log"))"
	mana_finish
fi
cp "$here/guest.sh" "$x/e2e/e2e.sh"
cp "$MANA_TOP/tests/lib/guest.sh" "$x/e2e/guest-lib.sh"
chmod +x "$x/e2e/e2e.sh"
( cd "$x" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$work/extra.gz"
cat "$work/initrd-base.gz" "$work/extra.gz" > "$work/initrd.gz"
mana_log "modules: $(tr '\n' ' ' < "$x/ib/order"); initramfs $(du -h "$work/initrd.gz" | cut -f1); booting (console: $work/console.log)"

tb=$(date +%s)
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(E2E_SMP=${DPDK_SMP:-2} E2E_TIMEOUT=${DPDK_TIMEOUT:-300} e2e_vm "$work" test --checks \
	--mem "${DPDK_MEM:-1536M}")
mana_log "VM $(($(date +%s) - tb))s, total $(($(date +%s) - t0))s ($KVER, $driver)"
if [ "$nfail" -eq 0 ]; then
	rm -rf "$work"
else
	echo "logs: $work"
	tail -n 30 "$work/console.log" 2> /dev/null | sed 's/^/  | /'
fi
mana_finish
