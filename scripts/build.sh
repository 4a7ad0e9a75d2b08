#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the package's modules for one target kernel: run the compat probes for
# that kernel, then Kbuild.
#
# Usage: scripts/build.sh [options] KDIR|KVER [KBUILD-ARGS...]
#   KDIR         the kernel build directory; a release name means /lib/modules/KVER/build
#   KBUILD-ARGS  passed to make, e.g. W=1 C=1
# Options:
#   --in-place   build in the source tree itself (what DKMS does); the default
#                builds in build/<release>/, a copy kept in sync with the source,
#                so that builds for several kernels can coexist
#   --out DIR    build in DIR instead of build/<release>/
#   --jobs N     parallel jobs (default 2)
#   --clean      remove the build output for this kernel instead of building
#   --rebuild    clean the objects first, so every file is compiled (and every
#                warning shows) again; the probe results are kept
#   --probe-only stop after the compat probes
# Output: the modules (mana/mana.ko, mana/ib/mana_ib.ko when the kernel can host
# it) and compat/generated/<release>/ with the probe results, in the build dir.
# Prints "BUILD_DIR=<dir>" last. Exit status 3 when the kernel cannot host the
# package (CONFIG_MICROSOFT_MANA=y, no MSI, ...), with the reason on stderr.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"

inplace=0 out= jobs=2 clean=0 probe_only=0 rebuild=0
while [ $# -gt 0 ]; do
	case $1 in
	--in-place) inplace=1; shift ;;
	--out) out=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--clean) clean=1; shift ;;
	--rebuild) rebuild=1; shift ;;
	--probe-only) probe_only=1; shift ;;
	-*) mana_die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || mana_die "usage: scripts/build.sh [--in-place|--out DIR] [--jobs N] [--clean] KDIR|KVER [KBUILD-ARGS...]"
kdir=$1; shift
[ -d "$kdir" ] || [ ! -d "/lib/modules/$kdir/build" ] || kdir=/lib/modules/$kdir/build
[ -f "$kdir/Makefile" ] || mana_die "no kernel build directory at $kdir (install linux-headers-<release>, or pass KDIR=)"
kdir=$(readlink -f "$kdir")
kver=$(mana_kernel_release "$kdir")
[ -n "$kver" ] || mana_die "$kdir has no kernel release (not a prepared kernel build directory)"

if [ $inplace = 1 ]; then
	out=$top
elif [ -z "$out" ]; then
	out=$top/build/$kver
fi
mkdir -p "$out" && out=$(readlink -f "$out")
gen=$out/compat/generated/$kver
export MANA_KB_BIND="$out"
# one build per folder at a time (check steps may run side by side)
mana_lock "$out/.build.lock" || mana_die "cannot lock $out/.build.lock"

if [ $clean = 1 ]; then
	mana_kbuild "$kdir" M="$out" MANA_GEN="$gen" clean > /dev/null 2>&1
	rm -rf "$gen"
	[ $inplace = 1 ] || [ "$out" != "$top/build/$kver" ] || rm -rf "$out"
	mana_log "cleaned $kver in $out"
	exit 0
fi

# Keep the per-kernel copy in sync with the source (generated and ignored files
# stay, so Kbuild only rebuilds what changed).
if [ "$out" != "$top" ]; then
	# Developer/CI builds install their tools (DKMS builds run in place and DKMS
	# already depends on make and gcc).
	# pahole: BTF of modules for kernels whose headers ship vmlinux (6.12);
	# libelf1: the headers' prebuilt objtool.
	for t in make:make gcc:gcc rsync:rsync modinfo:kmod pahole:dwarves; do
		command -v "${t%%:*}" > /dev/null || mana_need_pkgs "${t#*:}" || mana_die "${t#*:} is needed"
	done
	mana_need_pkgs libelf1 || mana_die "libelf1 is needed"
	# (status 24: files vanished meanwhile, e.g. another build's temporaries)
	# Content decides what is copied (--checksum) and a copied file gets the
	# time of the copy (no -t): an output folder shared by two checkouts may
	# hold objects newer than the other checkout's sources, which make would
	# otherwise not rebuild.
	rsync -rlpD --checksum --delete --exclude=/.git --exclude=/.build.lock --exclude=/build --exclude=/compat/generated --exclude='.tmp_*' \
		--filter=':- .gitignore' "$top/" "$out/"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 24 ] || mana_die "cannot copy the sources to $out (rsync status $rc)"
fi

mana_kbuild_plan "$kdir"
mana_log "building for $kver in $out ($MANA_KB_WHY)"
"$top/scripts/compat-probe.sh" --jobs "$jobs" "$kdir" "$gen"
rc=$?
if [ $rc -ne 0 ]; then
	[ $rc -eq 3 ] && mana_log "not building: see $gen/config-check.txt"
	exit $rc
fi
if [ $probe_only = 1 ]; then
	echo "BUILD_DIR=$out"
	exit 0
fi

if [ $rebuild = 1 ]; then
	mana_kbuild "$kdir" M="$out" MANA_GEN="$gen" clean > /dev/null 2>&1
fi
mana_kbuild_fix_args "$kdir" "$@"
mana_kbuild "$kdir" M="$out" MANA_GEN="$gen" -j"$jobs" ${MANA_KB_ARGS[@]+"${MANA_KB_ARGS[@]}"} modules
rc=$?
[ $rc -eq 0 ] || { mana_log "Kbuild failed for $kver (status $rc)"; exit $rc; }

[ -f "$out/mana/mana.ko" ] || mana_die "Kbuild succeeded but $out/mana/mana.ko is missing"
mana_log "built $out/mana/mana.ko"
if grep -q '^MANA_BUILD_IB := m' "$gen/config.mk" && [ -f "$out/mana/ib/Kbuild" ]; then
	[ -f "$out/mana/ib/mana_ib.ko" ] || mana_die "mana_ib should have been built for $kver but $out/mana/ib/mana_ib.ko is missing"
	mana_log "built $out/mana/ib/mana_ib.ko"
fi
echo "BUILD_DIR=$out"
