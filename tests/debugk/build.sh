#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the debug kernel of the tests: Debian's own linux-source-6.1 (the apt
# package, installed here when missing) configured as allnoconfig + tests/debugk/debug.config
# (KASAN, lockdep, kmemleak, DEBUG_OBJECTS, atomic-sleep checks, failslab/fail_page_alloc,
# KUnit, and only what the e2e/KUnit guests use, all built in).
#
# Usage: tests/debugk/build.sh [--key]
#   --key  print the cache key only (hash of debug.config, the recipe number below, the
#          source package version and the compiler) and exit
# Prints eval-able lines like tests/lib/fetch-kernel.sh: KVER=... KDIR=... VMLINUZ=...
# MODROOT=... The tree is built in place under $MANA_CACHE/debugk/6.1-<key>/src (KDIR: build
# our modules against it), modules_install goes to .../modroot. tests/e2e/run.sh and
# tests/e2e/fuzz.sh boot it as KVER "6.1-debug"; tests/kunit/run.sh with KDIR/VMLINUZ/MODROOT.
# Environment: DEBUGK_JOBS (make -j, default nproc). Build log: <out>/build.log.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
. "$here/../lib/common.sh"
frag=$here/debug.config
pkg=linux-source-6.1
tarball=/usr/src/$pkg.tar.xz

mana_need_pkgs "$pkg" gcc make bc flex bison libelf-dev libssl-dev cpio xz-utils kmod >&2
srcver=$(dpkg-query -W -f='${Version}' "$pkg")
# the recipe: bump it when the build steps below change what gets built
recipe=1
key=$( { cat "$frag"; echo "recipe $recipe $pkg $srcver"; gcc --version | head -n1; } | sha256sum | cut -c1-16)
if [ "${1:-}" = --key ]; then
	echo "$key"
	exit 0
fi
out=$MANA_CACHE/debugk/6.1-$key
mkdir -p "$MANA_CACHE/debugk"
# one build at a time; concurrent callers wait for it and reuse it
exec 9> "$MANA_CACHE/debugk/.lock-$key"
flock 9
src=$out/src
if [ ! -e "$out/.complete" ]; then
	t0=$(date +%s)
	# a build that was interrupted after configuring resumes (make is incremental)
	if [ ! -e "$out/.configured" ]; then
		rm -rf "$out"
		mkdir -p "$out"
		mana_log "debug kernel: unpacking $pkg $srcver into $out (log: $out/build.log)"
		tar -C "$out" -xf "$tarball"
		mv "$out/$pkg" "$src"
		KCONFIG_ALLCONFIG=$frag make -C "$src" allnoconfig > "$out/build.log" 2>&1 ||
			mana_die "allnoconfig failed (log: $out/build.log)"
		# every option of the fragment must have survived (a missing dependency drops it)
		missing=$(grep -E '^(CONFIG_|# CONFIG_)' "$frag" | while IFS= read -r l; do
			grep -qxF "$l" "$src/.config" || echo "$l"
		done)
		[ -z "$missing" ] || mana_die "debug.config lines not in .config: $missing"
		touch "$out/.configured"
	else
		mana_log "debug kernel: resuming the build in $out (log: $out/build.log)"
	fi
	mana_log "debug kernel: building (make -j${DEBUGK_JOBS:-$(nproc)}; ~20 min of CPU on 2 cores)"
	TIMEFORMAT='debugk-build: wall %R s, cpu %U s user + %S s system'
	if ! { time make -C "$src" -j"${DEBUGK_JOBS:-$(nproc)}" bzImage modules; } >> "$out/build.log" 2>&1 ||
	   ! make -C "$src" modules_install INSTALL_MOD_PATH="$out/modroot" INSTALL_MOD_STRIP=1 \
		>> "$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		mana_die "debug kernel build failed (log: $out/build.log)"
	fi
	echo "$(( $(date +%s) - t0 ))" > "$out/build-seconds"
	touch "$out/.complete"
	mana_log "debug kernel built in $(cat "$out/build-seconds")s ($(grep -o 'cpu .*' "$out/build.log" | tail -n1))"
fi
kver=$(cat "$src/include/config/kernel.release")
echo "KVER=$kver"
echo "KDIR=$src"
echo "VMLINUZ=$src/arch/x86/boot/bzImage"
echo "MODROOT=$out/modroot"
