#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RDMA clients on the model's RNIC: Debian trixie's rdma-core 56 tools (ibverbs-utils,
# perftest, rdmacm-utils) in a guest running a Debian kernel with mana + mana_ib (the
# kernel's own, DRIVER=intree, or ours, DRIVER=ours) on the software MANA device
# (tests/model). guest.sh runs ibv_devinfo -v, ibv_rc_pingpong, ibv_ud_pingpong,
# ib_send_bw, ib_write_bw, ib_read_bw, ib_send_lat and rping (rdma_cm), client and server
# both on the RNIC's port 1 (the model lists one RNIC port: no multi-port feature), then
# rdma-bad (tests/rdma/rdma-bad.c): out-of-bounds WRITE/READ, bad rkey, missing access
# rights and a QP in the wrong state must end in QP-fatal events, not in a crash;
# `rdma statistic` (mainline's counter names, READ/WRITE counters moving, no per-QP
# counters); rdma_kverbs (tests/rdma/kverbs): a kernel consumer's DMA MRs and their
# bad input; dmabuf-mr (tests/rdma/dmabuf-mr.c): dma-buf MRs from /dev/udmabuf through
# the uverbs ioctl, WRITE/READ with the data checked, bad input. The ibv_devinfo -v
# output is kept in $E2E_CACHE/runs/rdma-devinfo-<kver>-<driver>.txt.
#
# Usage: tests/rdma/run.sh [KVER] [intree|ours]      (make rdma KVER=7.3 DRIVER=intree)
# With RDMA_BENCH_ROUNDS=N the guest runs N rounds of perftest figures instead of the
# checks (tests/rdma/bench.sh).
# The trixie userland (the tools, libibverbs + the mana provider, librdmacm, libc) is
# resolved with apt against an empty dpkg status, extracted once into
# $MANA_CACHE/rdma/<key>/root and appended to the e2e initramfs under /rdma; the guest
# chroots into it. Prints PASS/FAIL lines and "N passed, N failed".
set -uo pipefail
. "$(dirname "$(readlink -f "$0")")/../lib/common.sh"
. "$MANA_TOP/tests/e2e/lib.sh"
here=$MANA_TOP/tests/rdma

RDMA_PKGS=(ibverbs-utils perftest rdmacm-utils ibverbs-providers libibverbs1 librdmacm1)
RDMA_ROOT_VERSION=2	# bump when the way the root is assembled changes

# rdma_root: print the trixie root, building it once per package list.
rdma_root() {
	local opts key base uris p pv=()
	opts=$(mana_suite_opts trixie) || return 1
	key=$( { echo "v$RDMA_ROOT_VERSION ${RDMA_PKGS[*]}"
		# shellcheck disable=SC2086 # apt options, one word each
		apt-cache $opts policy "${RDMA_PKGS[@]}" 2> /dev/null | grep Candidate; } |
		sha256sum | cut -c1-16)
	base=$MANA_CACHE/rdma/trixie-$key
	if [ -e "$base/.complete" ]; then
		echo "$base/root"
		return 0
	fi
	mana_log "assembling the trixie RDMA root in $base"
	rm -rf "$base"
	mkdir -p "$base/debs" "$base/root"
	chmod 777 "$base/debs"
	: > "$base/empty-status"
	# shellcheck disable=SC2086
	uris=$(apt-get $opts -o Dir::State::status="$base/empty-status" \
		-o Dir::Cache="$base/apt-cache" -o Debug::NoLocking=1 install --print-uris -qq \
		--no-install-recommends "${RDMA_PKGS[@]}" 2> "$base/apt.log" | awk '{print $2}') ||
		{ mana_log "apt could not resolve ${RDMA_PKGS[*]} (log $base/apt.log)"; return 1; }
	[ -n "$uris" ] || { mana_log "apt resolved nothing (log $base/apt.log)"; return 1; }
	for p in $uris; do
		p=${p%.deb}
		p=${p%_*}
		pv+=("${p%%_*}=$(printf '%b' "${p#*_}" | sed 's/%3a/:/g')")
	done
	# shellcheck disable=SC2086
	( cd "$base/debs" && apt-get $opts -q download "${pv[@]}" ) > "$base/download.log" 2>&1 ||
		{ mana_log "apt-get download failed (log $base/download.log)"; return 1; }
	for p in "$base"/debs/*.deb; do dpkg -x "$p" "$base/root" || return 1; done
	# what the guest does not need (documentation, locales, headers)
	rm -rf "$base/root/usr/share/doc" "$base/root/usr/share/man" "$base/root/usr/share/locale" \
		"$base/root/usr/include" "$base/root/usr/share/info"
	mkdir -p "$base/root/proc" "$base/root/sys" "$base/root/dev" "$base/root/tmp" "$base/root/run"
	# the merged-/usr links base-files would make (the ELF interpreter is /lib64/...)
	for p in bin lib lib64 sbin; do
		mkdir -p "$base/root/usr/$p"
		[ -e "$base/root/$p" ] || ln -s "usr/$p" "$base/root/$p"
	done
	dpkg-deb -f "$base"/debs/libibverbs1_*.deb Version > "$base/root/rdma-version"
	dpkg-deb -f "$base"/debs/perftest_*.deb Version > "$base/root/perftest-version"
	rm -rf "$base/debs" "$base/apt-cache"
	touch "$base/.complete"
	mana_log "RDMA root: $(du -sh "$base/root" | cut -f1)"
	echo "$base/root"
}

kver_arg=${1:-7.3}
driver=${2:-intree}
case $driver in intree | ours) ;; *) mana_die "DRIVER must be intree or ours (got $driver)" ;; esac
t0=$(date +%s)
e2e_host_deps || { mana_result "FAIL: rdma on the model: host packages"; mana_finish; }
eval "$("$E2E_DIR/qemu-bundle.sh")" || { mana_result "FAIL: rdma on the model: no QEMU bundle"; mana_finish; }
e2e_kernel "$(e2e_pick_kver "$kver_arg")"
rroot=$(rdma_root) || { mana_result "FAIL: trixie RDMA userland assembled"; mana_finish; }
mana_log "rdma-core $(cat "$rroot/rdma-version"), perftest $(cat "$rroot/perftest-version") root ready"

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
# shellcheck disable=SC2034 # used by e2e_vm
model=$(e2e_model) || { mana_result "FAIL: device model did not build"; mana_finish; }

mkdir -p "$E2E_CACHE/runs"
work=$(mktemp -d "$E2E_CACHE/runs/$KVER-rdma-$driver.XXXXXX")
config="MODE=test
DRIVER=$driver
KVER=$KVER
MACS='$(e2e_macs 2)'
XFER_MB=0
FEATURES=0
BENCH_ROUNDS=${RDMA_BENCH_ROUNDS:-}
BENCH_BW_ITERS=${RDMA_BENCH_BW_ITERS:-500}
BENCH_LAT_ITERS=${RDMA_BENCH_LAT_ITERS:-1000}"
e2e_mkinitramfs "$work/initrd-base.gz" "$KVER" "$MODROOT" "$driver" "$ko" "$config" ||
	{ mana_result "FAIL: initramfs build"; mana_finish; }

# second archive: mana_ib with the modules user verbs and rdma_cm need (load order), the
# trixie root under /rdma, rdma-bad, guest.sh as e2e.sh
x=$work/extra
mkdir -p "$x/ib" "$x/e2e"
: > "$x/ib/order"
if [ "$driver" = ours ]; then
	cp "$ibko" "$x/ib/mana_ib.ko"
	deps=$(modinfo -F depends "$ibko" | tr ',' ' ')
else
	deps=mana_ib
fi
deps="$deps ib_uverbs rdma_ucm"
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
cp -a "$rroot" "$x/rdma"
# the kernel-consumer checks (DMA MRs) and iproute2's rdma tool (`rdma statistic`)
if ! kv=$("$here/kverbs/build.sh" "$KDIR" 2> "$work/kverbs.log"); then
	mana_result "FAIL: build tests/rdma/kverbs for $KVER ($(tail -n 3 "$work/kverbs.log" | tr '\n' ' '))"
	mana_finish
fi
cp "$kv" "$x/ib/rdma_kverbs.ko"
e2e_copy_elf "$(e2e_guest_tools)" usr/bin/rdma "$x"
mana_need_pkgs libibverbs-dev gcc > /dev/null ||
	{ mana_result "FAIL: host packages for rdma-bad"; mana_finish; }
# built here against bookworm's libibverbs headers; runs in the trixie root (same ABI)
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/rdma/usr/bin/rdma-bad" "$here/rdma-bad.c" -libverbs \
		2> "$work/rdma-bad.log"; then
	mana_result "FAIL: build tests/rdma/rdma-bad.c ($(head -c 300 "$work/rdma-bad.log"))"
	mana_finish
fi
if ! gcc -O2 -Wall -Wextra -Werror -o "$x/rdma/usr/bin/dmabuf-mr" "$here/dmabuf-mr.c" -libverbs \
		2> "$work/dmabuf-mr.log"; then
	mana_result "FAIL: build tests/rdma/dmabuf-mr.c ($(head -c 300 "$work/dmabuf-mr.log"))"
	mana_finish
fi
cp "$here/guest.sh" "$x/e2e/e2e.sh"
chmod +x "$x/e2e/e2e.sh"
( cd "$x" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$work/extra.gz"
cat "$work/initrd-base.gz" "$work/extra.gz" > "$work/initrd.gz"
mana_log "modules: $(tr '\n' ' ' < "$x/ib/order"); initramfs $(du -h "$work/initrd.gz" | cut -f1); booting (console: $work/console.log)"

tb=$(date +%s)
while IFS= read -r line; do
	case $line in
	PASS:* | FAIL:* | SKIP:*) mana_result "$line" ;;
	*) echo "$line" ;;
	esac
done < <(E2E_SMP=${RDMA_SMP:-2} E2E_TIMEOUT=${RDMA_TIMEOUT:-420} e2e_vm "$work" test --checks \
	--mem "${RDMA_MEM:-1536M}")
mana_log "VM $(($(date +%s) - tb))s, total $(($(date +%s) - t0))s ($KVER, $driver)"
# ibv_devinfo -v of this driver, kept for a field-by-field comparison between drivers
grep -a "DEVINFO: " "$work/console.log" 2> /dev/null | sed 's/.*DEVINFO: //' \
	> "$E2E_CACHE/runs/rdma-devinfo-$KVER-$driver.txt"
# device and port attributes as mainline reports them: tests/rdma/devinfo-rnic.txt is
# `ibv_devinfo -v` of Debian 7.3's in-tree mana_ib on this model (two vCPUs, these MACs
# and 10.30.0.1); step 43 holds the reference to it, steps 49 ours
if [ -z "${RDMA_BENCH_ROUNDS:-}" ] && [ "${RDMA_SMP:-2}" = 2 ]; then
	if d=$(diff "$here/devinfo-rnic.txt" "$E2E_CACHE/runs/rdma-devinfo-$KVER-$driver.txt"); then
		mana_result "PASS: ibv_devinfo -v of $driver on $KVER equals 7.3 in-tree's (tests/rdma/devinfo-rnic.txt, $(wc -l < "$here/devinfo-rnic.txt") lines)"
	else
		mana_result "FAIL: ibv_devinfo -v of $driver on $KVER differs from 7.3 in-tree's: $(echo "$d" | grep '^[<>]' | head -n 6 | tr '\n\t' '  ' | tr -s ' ')"
	fi
fi
if [ "$nfail" -eq 0 ]; then
	rm -rf "$work"
else
	echo "logs: $work"
	tail -n 30 "$work/console.log" 2> /dev/null | sed 's/^/  | /'
fi
mana_finish
