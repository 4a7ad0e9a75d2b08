# SPDX-License-Identifier: GPL-2.0
# Helpers shared by tests/e2e/{run,bench,demo}.sh: kernel selection, the guest's
# user-space tools, the initramfs, the device model binary and the VM runner.
# Source it from bash after tests/lib/common.sh.

E2E_DIR=$MANA_TOP/tests/e2e
E2E_CACHE=$MANA_CACHE/e2e
# MAC addresses the model is told to give its vPorts (vPort i gets base + i).
E2E_MAC_BASE=${E2E_MAC_BASE:-02:4d:41:4e:41:00}

# e2e_kernel KVER: fetch (or reuse) a Debian kernel image and set KVER, VMLINUZ, MODROOT.
# KVER is a full release (6.1.0-56-cloud-amd64) or a short name: 6.1, 6.12, 5.10, 7.3.
e2e_kernel() {
	local want=$1 suite=bookworm meta out
	# A kernel built locally (5.15: Debian has none; see tests/kunit/README.md for how the
	# same tree runs KUnit): E2E_LOCAL_KDIR=<built tree> E2E_LOCAL_MODROOT=<modules_install
	# root>; the KVER argument is then only a label. Never used by make check.
	if [ -n "${E2E_LOCAL_KDIR:-}" ]; then
		KDIR=$E2E_LOCAL_KDIR VMLINUZ=$E2E_LOCAL_KDIR/arch/x86/boot/bzImage
		MODROOT=${E2E_LOCAL_MODROOT:?E2E_LOCAL_MODROOT: where modules_install put the modules}
		KVER=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$KDIR/include/generated/utsrelease.h")
		[ -f "$VMLINUZ" ] || mana_die "no kernel image at $VMLINUZ"
		[ -d "$MODROOT/lib/modules/$KVER" ] || mana_die "no modules for $KVER under $MODROOT"
		return
	fi
	# the debug kernel (KASAN, lockdep, kmemleak, ...): Debian's linux-source-6.1 built by
	# tests/debugk/build.sh (cached in $MANA_CACHE/debugk); its guests end with a kmemleak
	# scan and the host scans their kernel log (e2e_debug_scan)
	if [ "$want" = 6.1-debug ]; then
		out=$("$MANA_TOP/tests/debugk/build.sh") || mana_die "cannot build the debug kernel"
		eval "$out"
		return
	fi
	case $want in
	6.1) meta=linux-image-cloud-amd64 ;;
	6.12) meta=linux-image-6.12-cloud-amd64 ;;
	5.10) meta=linux-image-cloud-amd64 suite=bullseye ;;
	7.3) meta=linux-image-cloud-amd64 suite=trixie-backports ;;
	*)
		meta=linux-image-$want
		case $want in
		5.10.*) suite=bullseye ;;
		*+deb13*) suite=trixie-backports ;;
		esac
		;;
	esac
	out=$("$MANA_TOP/tests/lib/fetch-kernel.sh" --suite "$suite" "$meta") ||
		mana_die "cannot fetch kernel $want ($meta from $suite)"
	eval "$out"
	[ -f "$VMLINUZ" ] || mana_die "no kernel image at $VMLINUZ"
	[ -d "$MODROOT/lib/modules/$KVER" ] || mana_die "no modules for $KVER under $MODROOT"
}

# e2e_debug_kernel: true when the kernel in $KDIR has KASAN, lockdep or kmemleak (the
# 6.1-debug kernel, or a local tree given by E2E_LOCAL_KDIR built with them)
e2e_debug_kernel() {
	grep -qE '^CONFIG_(KASAN|PROVE_LOCKING|DEBUG_KMEMLEAK)=y' "${KDIR:-/nonexistent}/.config" 2>/dev/null
}

# e2e_debug_scan LABEL WORKDIR: on a debug kernel, tests/debugk/scan-log.sh on the guest's
# console log (one PASS/FAIL line, context lines after a FAIL); nothing on other kernels
e2e_debug_scan() {
	e2e_debug_kernel || return 0
	"$MANA_TOP/tests/debugk/scan-log.sh" "$1" "$2/console.log"
}

# e2e_pick_kver ARG: the kernel to boot. make passes KVER=$(uname -r) when none was given;
# if that (or an empty ARG) is not a Debian image we can fetch, use 6.1 and say so.
e2e_pick_kver() {
	local arg=${1:-}
	if [ -z "$arg" ]; then
		echo 6.1
	elif [ "$arg" = "$(uname -r)" ] && [ ! -e "$MANA_CACHE/kernels/$arg/.complete" ] &&
	     ! apt-cache show "linux-image-$arg" > /dev/null 2>&1; then
		mana_log "KVER=$arg (the running kernel) is not a Debian image: using 6.1"
		echo 6.1
	else
		echo "$arg"
	fi
}

# e2e_guest_tools: bookworm's iproute2 (busybox ip has no netns) and ethtool with the
# libraries they load, unpacked under $E2E_CACHE/guest-tools. Prints that root.
e2e_guest_tools() {
	local root=$E2E_CACHE/guest-tools debs
	mana_lock "$E2E_CACHE/.guest-tools.lock" || return 1
	if [ ! -e "$root/.complete" ]; then
		rm -rf "$root"
		mkdir -p "$root/debs"
		chmod 777 "$root/debs"
		[ -e "$MANA_CACHE/.apt-updated" ] || { mana_apt update >/dev/null; touch "$MANA_CACHE/.apt-updated"; }
		debs=(iproute2 ethtool libc6 libbpf1 libelf1 libmnl0 libbsd0 libcap2 zlib1g libmd0 libzstd1)
		( cd "$root/debs" && apt-get -q download "${debs[@]}" ) >/dev/null ||
			mana_die "apt-get download ${debs[*]} failed"
		for d in "$root"/debs/*.deb; do dpkg -x "$d" "$root/x"; done
		rm -rf "$root/debs"
		touch "$root/.complete"
	fi
	echo "$root/x"
}

# e2e_guest_ethtool_cqe: ethtool from Debian sid, unpacked under
# $E2E_CACHE/guest-ethtool-sid: bookworm's 6.1 has no rx-cqe-frames (RX CQE coalescing,
# kernel 7.x); it needs only libc >= 2.34 and libmnl, which the guest has. Prints the
# binary, or nothing when it cannot be fetched (the check then says so).
e2e_guest_ethtool_cqe() {
	local root=$E2E_CACHE/guest-ethtool-sid opts
	mana_lock "$E2E_CACHE/.guest-ethtool-sid.lock" || return 0
	if [ ! -e "$root/.complete" ]; then
		rm -rf "$root"
		mkdir -p "$root/debs"
		chmod 777 "$root/debs"
		opts=$(mana_suite_opts sid) || return 0
		# shellcheck disable=SC2086 # apt options, one word each
		( cd "$root/debs" && apt-get -q $opts download ethtool ) >/dev/null 2>&1 || return 0
		dpkg -x "$root"/debs/ethtool_*.deb "$root/x" || return 0
		rm -rf "$root/debs"
		touch "$root/.complete"
	fi
	echo "$root/x/usr/sbin/ethtool"
}

# e2e_copy_elf SRCROOT FILE DESTROOT: copy FILE (a path inside SRCROOT) and every shared
# library it needs (DT_NEEDED, recursively, looked up in SRCROOT) into DESTROOT.
e2e_copy_elf() {
	local src=$1 file=$2 dst=$3 lib found d
	[ -e "$dst/$file" ] && return 0
	mkdir -p "$dst/$(dirname "$file")"
	cp -L "$src/$file" "$dst/$file"
	for lib in $(readelf -d "$src/$file" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for d in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu lib64; do
			if [ -e "$src/$d/$lib" ]; then found=$d/$lib; break; fi
		done
		[ -n "$found" ] || mana_die "guest tools: $lib (needed by $file) is not in $src"
		e2e_copy_elf "$src" "$found" "$dst"
	done
}

# e2e_modules MODROOT KVER DRIVER OURS_KO DESTROOT: put mana.ko (in-tree or ours) and
# the in-tree modules it depends on, decompressed, under DESTROOT/lib/modules/KVER and
# run depmod there, so that busybox modprobe/rmmod work in the guest.
e2e_modules() {
	local modroot=$1 kver=$2 driver=$3 ours=$4 dst=$5 m rel mdir
	mdir=$modroot/lib/modules/$kver
	mkdir -p "$dst/lib/modules/$kver"
	local wanted=()
	if [ "$driver" = intree ]; then
		wanted=(mana)
		# mana_ib (6.12+) for guest/rnic.sh; the guest loads it itself (no udev)
		modprobe -C /dev/null -d "$modroot" -S "$kver" --show-depends mana_ib > /dev/null 2>&1 &&
			wanted+=(mana_ib)
	elif [ "$driver" = selftest ]; then
		wanted=(virtio_pci virtio_net)
	else
		# our mana.ko: its in-tree dependencies come from the image's modules
		local dep
		for dep in $(modinfo -F depends "$ours" | tr ',' ' '); do wanted+=("$dep"); done
		mkdir -p "$dst/lib/modules/$kver/updates"
		cp "$ours" "$dst/lib/modules/$kver/updates/mana.ko"
	fi
	# test-only modules next to it (E2E_EXTRA_KO: the hv_netvsc stand-in)
	local ko
	for ko in ${E2E_EXTRA_KO:-}; do
		mkdir -p "$dst/lib/modules/$kver/updates"
		cp "$ko" "$dst/lib/modules/$kver/updates/"
	done
	# 8021q for the VLAN checks of guest/eth-features.sh (when the image has it)
	[ "$driver" = selftest ] || wanted+=(8021q)
	# -C /dev/null here and in every guest module lookup: the host's modprobe.d (our own
	# package's softdeps while step 41 has it installed) must not add modules to a guest
	for m in "${wanted[@]}"; do
		for rel in $(modprobe -C /dev/null -d "$modroot" -S "$kver" --show-depends "$m" 2>/dev/null |
				awk '$1 == "insmod" {print $2}'); do
			rel=${rel#"$modroot"/}
			local out=$dst/${rel%.xz}
			out=${out%.zst}
			mkdir -p "$(dirname "$out")"
			case $rel in
			*.xz) xz -dc "$modroot/$rel" > "$out" ;;
			*.zst) zstd -qdc "$modroot/$rel" > "$out" ;;
			*) cp "$modroot/$rel" "$out" ;;
			esac
		done
	done
	[ "$driver" != intree ] || [ -n "$(find "$dst/lib/modules/$kver" -name mana.ko)" ] ||
		mana_die "the $kver image has no mana module"
	cp "$mdir"/modules.order "$mdir"/modules.builtin* "$dst/lib/modules/$kver/" 2>/dev/null || true
	for m in modules.order modules.builtin modules.builtin.modinfo; do
		[ -e "$dst/lib/modules/$kver/$m" ] || : > "$dst/lib/modules/$kver/$m"
	done
	depmod -b "$dst" "$kver" || mana_die "depmod for the guest modules failed"
}

# e2e_mkinitramfs OUT KVER MODROOT DRIVER OURS_KO CONFIG_TEXT: build the guest initramfs.
e2e_mkinitramfs() {
	local out=$1 kver=$2 modroot=$3 driver=$4 ours=$5 config=$6 tools r
	tools=$(e2e_guest_tools)
	r=$(mktemp -d "$E2E_CACHE/initramfs.XXXXXX")
	mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,e2e,lib64,etc}
	ln -s /run "$r/var" 2>/dev/null || true
	cp /bin/busybox "$r/bin/busybox"
	e2e_copy_elf "$tools" bin/ip "$r"
	e2e_copy_elf "$tools" sbin/ethtool "$r"
	mv "$r/bin/ip" "$r/usr/sbin/ip"
	mv "$r/sbin/ethtool" "$r/usr/sbin/ethtool"
	# the dynamic loader at the path the binaries ask for
	e2e_copy_elf "$tools" lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r"
	ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/lib64/ld-linux-x86-64.so.2"
	e2e_modules "$modroot" "$kver" "$driver" "$ours" "$r"
	cp "$E2E_DIR/guest/init" "$r/init"
	# debug kernels: kmemleak baseline at boot, final scan and kernel log at the end
	! e2e_debug_kernel || cp "$MANA_TOP/tests/debugk/guest-scan.sh" "$r/e2e/debugk.sh"
	cp "$E2E_DIR/guest/e2e.sh" "$r/e2e/e2e.sh"
	cp "$MANA_TOP/tests/lib/guest.sh" "$r/e2e/guest-lib.sh"
	# Ethernet feature checks (owned by the Ethernet work), run when FEATURES=1
	[ ! -f "$E2E_DIR/guest/eth-features.sh" ] || cp "$E2E_DIR/guest/eth-features.sh" "$r/e2e/"
	[ ! -f "$E2E_DIR/guest/recovery.sh" ] || cp "$E2E_DIR/guest/recovery.sh" "$r/e2e/"
	# surprise removal / PCI removal checks, run when REMOVAL=1
	cp "$E2E_DIR/guest/removal.sh" "$r/e2e/"
	# VF join checks against the hv_netvsc stand-in, run when NETVSC=1
	cp "$E2E_DIR/guest/netvsc.sh" "$r/e2e/"
	case $config in
	*NETVSC=1*)
		install -m 0755 "$MANA_TOP/scripts/mana-check" "$r/usr/sbin/mana-check"
		install -m 0755 "$MANA_TOP/scripts/mana-bringup" "$r/usr/sbin/mana-bringup"
		# mana-bringup's xdp step: /e2e/xdp_pass.o
		"$E2E_DIR/xdp/build.sh" "$r/e2e" > /dev/null ||
			mana_log "XDP test objects not built (clang?): mana-bringup's xdp step will fail"
		;;
	esac
	# benchmark phases (tests/e2e/bench.sh), run when MODE=bench: the UDP load generator
	# and the XDP_DROP program
	case $config in
	*MODE=bench*)
		cp "$E2E_DIR/guest/bench.sh" "$r/e2e/"
		"$MANA_TOP/tests/bench/build.sh" "$r/e2e" > /dev/null ||
			mana_log "bench helpers not built: the UDP and XDP phases will fail"
		;;
	esac
	# device-side fuzz run (tests/e2e/fuzz.sh), run when MODE=fuzz
	cp "$E2E_DIR/guest/fuzz.sh" "$r/e2e/"
	# fault scenarios (tests/e2e/faults.sh), run when MODE=faults
	cp "$E2E_DIR/guest/faults.sh" "$r/e2e/"
	# its fail-nth allocation-failure scenarios (guest/faultnth.sh, tests/debugk/failnth.c)
	case $config in
	*MODE=faults*)
		cp "$E2E_DIR/guest/faultnth.sh" "$r/e2e/"
		gcc -O2 -Wall -Wextra -Werror -static -o "$r/e2e/failnth" "$MANA_TOP/tests/debugk/failnth.c" ||
			mana_log "tests/debugk/failnth.c not built: the fail-nth scenarios will FAIL"
		;;
	esac
	# load/unload and reconfiguration soak (tests/debugk/soak.sh), run when MODE=soak
	cp "$E2E_DIR/guest/soak.sh" "$r/e2e/"
	# in-tree mana_ib checks, run when RNIC=1 (iproute2's rdma shows the port netdevs)
	case $config in
	*RNIC=1*)
		cp "$E2E_DIR/guest/rnic.sh" "$r/e2e/"
		e2e_copy_elf "$tools" usr/bin/rdma "$r"
		;;
	esac
	case $config in
	*FEATURES=1*)
		"$E2E_DIR/xdp/build.sh" "$r/e2e" > /dev/null ||
			mana_log "XDP test objects not built (clang?): the XDP checks will say so"
		"$E2E_DIR/ethtool/build.sh" "$r/e2e" ||
			mana_log "ethtool/netdev check helpers incomplete: those checks will say so"
		# the request/response load of the RQ doorbell batching check
		gcc -O2 -Wall -Wextra -Werror -static -o "$r/e2e/tcprr" "$MANA_TOP/tests/bench/tcprr.c" ||
			mana_log "tests/bench/tcprr.c not built: the RQ doorbell batching check will say so"
		tools=$(e2e_guest_ethtool_cqe)
		if [ -n "$tools" ] && [ -x "$tools" ]; then
			cp "$tools" "$r/usr/sbin/ethtool-cqe"
		else
			mana_log "no ethtool with rx-cqe-frames (Debian sid): the RX CQE coalescing check on 7.x will say so"
		fi
		;;
	esac
	chmod +x "$r/init" "$r/e2e/e2e.sh"
	printf '%s\n' "$config" > "$r/e2e/config"
	( cd "$r" && find . | cpio -o -H newc --quiet | gzip -1 ) > "$out"
	rm -rf "$r"
}

# e2e_model: print the path of the device model server, building it when needed.
# E2E_MODEL overrides it (a development aid, e.g. a prototype server).
e2e_model() {
	if [ -n "${E2E_MODEL:-}" ]; then
		echo "$E2E_MODEL"
		return
	fi
	[ -f "$MANA_TOP/tests/model/Makefile" ] || return 1
	local bin=build/mana-model
	# E2E_MODEL_ASAN=1: the AddressSanitizer/UBSan build, driven by a real driver
	[ -z "${E2E_MODEL_ASAN:-}" ] || bin=build/asan/mana-model
	make -s -C "$MANA_TOP/tests/model" "$bin" >&2 || return 1
	[ -x "$MANA_TOP/tests/model/$bin" ] || return 1
	echo "$MANA_TOP/tests/model/$bin"
}

# e2e_host_deps: what the host needs to build the initramfs and run a VM.
e2e_host_deps() {
	mana_need_pkgs busybox-static cpio gzip xz-utils zstd kmod binutils python3 make gcc \
		debian-archive-keyring >&2
}

# e2e_ours_ko KDIR: build our mana.ko for the kernel in KDIR with scripts/build.sh (it
# builds in build/<release>/) and print its path; return 1 when that fails.
e2e_ours_ko() {
	local kdir=$1 out bdir ko
	local log=$E2E_CACHE/build-ours-${KVER:-any}.log
	out=$("$MANA_TOP/scripts/build.sh" "$kdir" 2> "$log") || {
		tail -n 20 "$log" >&2
		return 1
	}
	bdir=$(echo "$out" | sed -n 's/^BUILD_DIR=//p' | tail -n1)
	ko=$bdir/mana/mana.ko
	[ -f "$ko" ] || return 1
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$KVER" ] || return 1
	echo "$ko"
}

# e2e_macs N: the MACs the model gives vPorts 0..N-1 (E2E_MAC_BASE + i), space separated
e2e_macs() {
	local n=$1 i pre last
	pre=${E2E_MAC_BASE%:*}
	last=$((16#${E2E_MAC_BASE##*:}))
	for ((i = 0; i < n; i++)); do
		printf '%s:%02x ' "$pre" $(((last + i) & 255))
	done | sed 's/ $//'
}

# e2e_vm WORKDIR MODE [vm.py options]: run the guest built into WORKDIR/initrd.gz on the
# model (path in $model) with the kernel in $VMLINUZ; vm.py's output on stdout.
e2e_vm() {
	local work=$1 mode=$2 margs
	shift 2
	# shellcheck disable=SC2206
	margs=(${E2E_MODEL_ARGS:-})
	if [ "$mode" = selftest ]; then
		# harness self-test: two virtio-net NICs joined by a QEMU hub, no model;
		# E2E_SELFTEST_UNPLUGGED=1 puts them on separate hubs (negative control: every
		# traffic check must fail)
		local m0 m1
		read -r m0 m1 <<< "$(e2e_macs 2)"
		mode="test"
		set -- "$@" --no-model \
			--qemu-arg=-netdev --qemu-arg=hubport,id=n0,hubid=0 \
			--qemu-arg=-device --qemu-arg="virtio-net-pci,netdev=n0,mac=$m0,romfile=" \
			--qemu-arg=-netdev --qemu-arg="hubport,id=n1,hubid=${E2E_SELFTEST_UNPLUGGED:-0}" \
			--qemu-arg=-device --qemu-arg="virtio-net-pci,netdev=n1,mac=$m1,romfile="
	elif [ -n "${E2E_MODEL_PROTO:-}" ]; then
		# the prototype server from docs/emulator.md (development only)
		set -- "$@" --no-control -- "$model" -s -q "{socket}"
	else
		set -- "$@" -- "$model" --socket "{socket}" --control "{control}" --vports 2 \
			--mac-base "$E2E_MAC_BASE" --log "$work/model-events.log" "${margs[@]}"
	fi
	python3 "$E2E_DIR/vm.py" --qemu "$QEMU" --kernel "$VMLINUZ" --initrd "$work/initrd.gz" \
		--workdir "$work" --timeout "${E2E_TIMEOUT:-600}" --smp "${E2E_SMP:-1}" \
		--append "e2e.mode=$mode" "$@"
}
