# SPDX-License-Identifier: GPL-2.0
# Run Kbuild against a target kernel with a toolchain that can build for it.
# Source from bash after tests/lib/common.sh.
#
# Most targets build with the host's own gcc. A kernel built with a newer gcc
# than the host has (Debian trixie-backports 7.3: gcc-14, host tools linked
# against glibc 2.38) is built inside a Debian trixie chroot (debootstrap,
# cached under $MANA_CACHE/toolchains/trixie-root) where the same paths are
# bind-mounted, so Kbuild sees identical file names either way.
#
#   mana_kernel_release KDIR      print the kernel release of a build dir
#   mana_kbuild_plan KDIR         set MANA_KB_MODE (native|trixie), MANA_KB_CC,
#                                 MANA_KB_WHY (one line: why this toolchain)
#   mana_kbuild KDIR ARGS...      make -C KDIR ARGS... with that plan
#   mana_kb_run KDIR CMD...       run any command in that environment
# MANA_KB_BIND (colon-separated dirs) adds paths visible in the chroot.
# MANA_CC overrides the compiler choice.

mana_kernel_release() {
	# utsrelease.h holds what uname -r will say; Debian's include/config/kernel.release
	# holds the upstream version (6.1.192) for both the generic and the cloud flavour.
	local k=$1 r
	r=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$k/include/generated/utsrelease.h" 2>/dev/null)
	[ -n "$r" ] || r=$(cat "$k/include/config/kernel.release" 2>/dev/null)
	echo "$r"
}

# Major gcc version the kernel was configured with (0 if unknown or clang).
mana_kernel_gcc_major() {
	local v
	v=$(sed -n 's/^#define CONFIG_GCC_VERSION \([0-9]*\)/\1/p' "$1/include/generated/autoconf.h" 2>/dev/null)
	echo $(( ${v:-0} / 10000 ))
}

# Can the kernel's prebuilt host tools (fixdep, modpost) run on this machine?
mana_host_tools_ok() {
	local k=$1 f
	for f in "$k/scripts/basic/fixdep" "$k/scripts/mod/modpost.real-lsb-64" "$k/scripts/mod/modpost"; do
		[ -f "$f" ] || continue
		if LC_ALL=C ldd "$f" 2>&1 | grep -qE 'not found|version .GLIBC'; then
			return 1
		fi
	done
	return 0
}

mana_trixie_root() { echo "$MANA_CACHE/toolchains/trixie-root"; }

# Create the trixie build chroot once (about 70 s and 550 MB on the dev machine).
# Packages the chroot needs: compiler, make, binutils, sparse (C=1), pahole (BTF).
MANA_TRIXIE_PKGS="gcc-14 make binutils libc6-dev libelf1t64 sparse dwarves perl-base"

# Create the trixie build chroot once (about 70 s and 600 MB on the dev machine).
mana_ensure_trixie_root() {
	local root mirror missing=() p
	root=$(mana_trixie_root)
	( mana_lock "$root.lock" || exit 1
	if [ ! -e "$root/.complete" ]; then
		mana_need_pkgs debootstrap >&2 || return 1
		mirror=$(grep -hoE '(https?://[^ ]+/debian)( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
			grep -v security | head -n1 | tr -d ' ')
		[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
		mana_log "creating trixie build chroot in $root (debootstrap, once)"
		rm -rf "$root.tmp"
		mkdir -p "$(dirname "$root")"
		debootstrap --variant=minbase --include="${MANA_TRIXIE_PKGS// /,}" \
			trixie "$root.tmp" "$mirror" > "$MANA_CACHE/toolchains/debootstrap.log" 2>&1 ||
			{ mana_log "debootstrap failed; see $MANA_CACHE/toolchains/debootstrap.log"; return 1; }
		rm -rf "$root" && mv "$root.tmp" "$root" && touch "$root/.complete"
	fi
	# A chroot made by an older version of this list gets what it lacks.
	for p in $MANA_TRIXIE_PKGS; do
		chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && { mana_trixie_sparse "$root"; return; }
	mana_log "installing into the trixie chroot: ${missing[*]}"
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get -q update && apt-get -y -q install --no-install-recommends "$@"' sh "${missing[@]}" \
		>> "$MANA_CACHE/toolchains/debootstrap.log" 2>&1 ||
		{ mana_log "apt-get in the trixie chroot failed; see $MANA_CACHE/toolchains/debootstrap.log"; return 1; }
	mana_trixie_sparse "$root" )
}

# 7.3's headers use __typeof_unqual__ under sparse (__CHECKER__); sparse 0.6.4
# (bookworm, trixie) cannot parse it, Debian unstable's 0.6.5~rc1 can. Its
# sparse binary needs only libc (>= 2.38), so it runs in the trixie chroot as
# /usr/local/bin/sparse, ahead of trixie's own on PATH.
mana_trixie_sparse() {
	local root=$1 d=$MANA_CACHE/apt/sid kr=/usr/share/keyrings/debian-archive-keyring.gpg mirror
	[ -x "$root/usr/local/bin/sparse" ] && return 0
	mirror=$(grep -hoE '(https?://[^ ]+/debian)( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
		grep -v security | head -n1 | tr -d ' ')
	mkdir -p "$d/lists/partial" "$d/deb"
	echo "deb [signed-by=$kr] ${mirror:-http://deb.debian.org/debian} sid main" > "$d/sources.list"
	local o=(-o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=/dev/null -o Dir::State::Lists="$d/lists")
	mana_log "fetching sparse from Debian unstable for the trixie chroot"
	apt-get "${o[@]}" update > /dev/null 2>&1 &&
		( cd "$d/deb" && rm -f sparse_*.deb && apt-get "${o[@]}" download sparse > /dev/null 2>&1 ) &&
		rm -rf "$d/x" && dpkg -x "$d"/deb/sparse_*.deb "$d/x" &&
		install -m 755 "$d/x/usr/bin/sparse" "$root/usr/local/bin/sparse" ||
		{ mana_log "could not fetch sparse from unstable; C=1 on 7.x kernels will not parse"; return 0; }
	rm -rf "$d/x"
}

mana_kbuild_plan() {
	local k=$1 want host cc_text
	want=$(mana_kernel_gcc_major "$k")
	host=$(gcc -dumpversion 2>/dev/null | cut -d. -f1)
	cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ ]*\) .*/\1/p' "$k/.config" 2>/dev/null)
	MANA_KB_MODE=native
	if [ -n "${MANA_CC:-}" ]; then
		MANA_KB_CC=$MANA_CC
		MANA_KB_WHY="compiler from MANA_CC=$MANA_CC"
	elif [ -n "$cc_text" ] && command -v "$cc_text" > /dev/null && mana_host_tools_ok "$k"; then
		MANA_KB_CC=$cc_text
		MANA_KB_WHY="host has the kernel's compiler $cc_text"
	elif [ "${host:-0}" -ge "$want" ] && mana_host_tools_ok "$k"; then
		MANA_KB_CC=gcc
		MANA_KB_WHY="kernel built with gcc-$want, host gcc-$host is not older"
	else
		MANA_KB_MODE=trixie
		MANA_KB_CC=${cc_text:-gcc-14}
		MANA_KB_WHY="kernel wants gcc-$want (host gcc-$host) or its host tools need a newer glibc: Debian trixie chroot"
	fi
	export MANA_KB_MODE MANA_KB_CC MANA_KB_WHY
}

# Debian's arch headers may name their own /usr/src path in KBUILD_OUTPUT; when
# the tree was unpacked elsewhere (tests/lib/fetch-kernel.sh), point it back.
mana_kbuild_extra_args() {
	local k=$1 o
	o=$(sed -n 's/^KBUILD_OUTPUT=\(.*\)/\1/p' "$k/Makefile" 2>/dev/null | head -n1)
	if [ -n "$o" ] && [ "$(readlink -f "$o" 2>/dev/null)" != "$(readlink -f "$k")" ]; then
		echo "KBUILD_OUTPUT=$(readlink -f "$k")"
	fi
}

mana_kb_run() {
	local k=$1; shift
	[ -n "${MANA_KB_MODE:-}" ] || mana_kbuild_plan "$k"
	local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	if [ "$MANA_KB_MODE" = native ]; then
		env -i PATH="$path" HOME="${HOME:-/root}" LC_ALL=C.UTF-8 "$@"
		return
	fi
	mana_ensure_trixie_root || return 1
	local root d script a
	root=$(mana_trixie_root)
	script="set -e; mount --rbind /dev $(printf '%q' "$root/dev"); mount -t proc proc $(printf '%q' "$root/proc")"
	# The kernel build dir and whatever it points into: Debian's -common source
	# tree and the linux-kbuild dir its scripts/ and tools/ links resolve to.
	local kb src binds
	src=$(mana_kbuild_srctree "$k")
	binds="$MANA_CACHE:$MANA_TOP:$(readlink -f "$k"):$(readlink -f "$src")"
	for d in "$k/scripts" "$k/tools" "$src/scripts" "$src/tools"; do
		kb=$(readlink -f "$d" 2>/dev/null) && [ -d "$kb" ] && binds+=":$(dirname "$kb")"
	done
	local IFS=:
	for d in $binds ${MANA_KB_BIND:-}; do
		[ -n "$d" ] && [ -d "$d" ] || continue
		d=$(readlink -f "$d")
		script+="; mkdir -p $(printf '%q' "$root$d"); mount --bind $(printf '%q' "$d") $(printf '%q' "$root$d")"
	done
	unset IFS
	script+="; exec chroot $(printf '%q' "$root") env -i PATH=$path HOME=/root LC_ALL=C.UTF-8"
	script+=" sh -c 'cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"' $(printf '%q' "$PWD")"
	for a in "$@"; do script+=" $(printf '%q' "$a")"; done
	unshare -m --propagation private bash -c "$script"
}

mana_kbuild() {
	local k=$1; shift
	[ -n "${MANA_KB_MODE:-}" ] || mana_kbuild_plan "$k"
	local extra
	extra=$(mana_kbuild_extra_args "$k")
	mana_kb_run "$k" make -C "$(readlink -f "$k")" CC="$MANA_KB_CC" ${extra:+"$extra"} "$@"
}

# The kernel's source tree (Debian: the -common headers the arch Makefile includes).
mana_kbuild_srctree() {
	local s
	s=$(sed -n 's/^include \(.*\)\/Makefile$/\1/p' "$1/Makefile" 2>/dev/null | head -n1)
	echo "${s:-$1}"
}

# mana_kbuild_fix_args KDIR ARGS...: sets MANA_KB_ARGS to ARGS, adjusted for
# known packaging gaps. Debian's 7.x kbuild package lacks
# scripts/checker-valid.sh, which makes "C=1" silently skip sparse; pass
# KBUILD_CHECKSRC instead (the Makefile still prints its "C=1 specified, but
# ... not available" warning, which scripts/build-matrix.sh ignores).
mana_kbuild_fix_args() {
	local k=$1 a src
	shift
	MANA_KB_ARGS=()
	src=$(mana_kbuild_srctree "$k")
	for a in "$@"; do
		if [[ $a =~ ^C=([0-9])$ ]] && grep -q 'scripts/checker-valid.sh' "$src/Makefile" 2>/dev/null &&
		   [ ! -e "$src/scripts/checker-valid.sh" ]; then
			a=KBUILD_CHECKSRC=${BASH_REMATCH[1]}
		fi
		MANA_KB_ARGS+=("$a")
	done
}
