#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A real DKMS cycle against the installed Debian 12 cloud headers (DKMS 3.0):
#   dkms add -> build -> install -> (modinfo -k resolves "mana" to our updates/ file,
#   over the kernel's own mana.ko) -> uninstall (the in-tree module resolves again)
#   -> remove; then the machine is put back as it was.
# DKMS exits 0 even when it declines to install (version sanity), so every step is
# verified on the files themselves.
#
# When the kernel image is not installed (headers only, the CI case), the kernel's own
# mana.ko is taken from the Debian image package (tests/lib/fetch-kernel.sh) and staged
# under /lib/modules/<kver>/kernel/ for the duration of the test, so the override is
# tested against a real in-tree module; everything staged is removed afterwards.
#
# Usage: 13-dkms.sh                       the check step (Debian 12 host, 6.1 cloud)
#        13-dkms.sh --cycle KVER SRCROOT  only the cycle, for a kernel whose build dir is
#                                         /lib/modules/KVER/build, staging the kernel's own
#                                         mana.ko/mana_ib.ko from SRCROOT (an unpacked
#                                         /lib/modules/KVER) if the image is not installed;
#                                         used by 14-dkms-trixie.sh inside a trixie chroot
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"

name=$(sed -n 's/^PACKAGE_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$top/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$top/dkms.conf")

cycle() {	# cycle KVER SRCROOT LABEL (SRCROOT: a /lib/modules/KVER tree holding the in-tree modules)
	local kver=$1 intree_src=$2 label=$3
	local mods=/lib/modules/$kver before staged=() intree intree_ib work log t0
	echo "$(dkms --version 2>&1 | head -n1); package $name/$ver; kernel $kver"
	[ -d "$mods/build" ] || { mana_fail "$label: $mods/build missing"; return 1; }
	if [ -n "$(dkms status "$name" 2>/dev/null)" ] || [ -e "/usr/src/$name-$ver" ]; then
		mana_skip "$label cycle ($name is already registered with DKMS or /usr/src/$name-$ver exists here: not touching an existing install)"
		return 0
	fi
	before=$(mktemp)
	find "$mods" -maxdepth 1 -mindepth 1 -printf '%f\n' | sort > "$before"
	# Stage the kernel's own mana.ko / mana_ib.ko from SRCROOT (the unpacked image's
	# /lib/modules/KVER) when the image is not installed here.
	local m src rel
	for m in mana mana_ib; do
		[ -n "$(find "$mods/kernel" -name "$m.ko*" 2>/dev/null)" ] && continue
		src=$(find "$intree_src/kernel" -name "$m.ko*" 2>/dev/null | head -n1)
		[ -n "$src" ] || continue
		rel=${src#"$intree_src"/}
		mkdir -p "$mods/$(dirname "$rel")"
		cp "$src" "$mods/$rel"
		staged+=("$mods/$rel")
		echo "staged the in-tree module $rel from the Debian image"
	done
	[ ${#staged[@]} -eq 0 ] || depmod -a "$kver" 2> /dev/null
	intree=$(find "$mods/kernel" -name 'mana.ko*' 2>/dev/null | head -n1)
	intree_ib=$(find "$mods/kernel" -name 'mana_ib.ko*' 2>/dev/null | head -n1)
	[ -n "$intree" ] || { mana_fail "$label: no in-tree mana.ko for $kver (installed or in $intree_src)"; return 1; }
	work=$(mktemp -d)
	# the POST_INSTALL hook's unmanaged-VF files (scripts/unmanaged-vf.sh) go to a scratch
	# root, not to this machine's /etc (step 41 tests them with the real package)
	export MANA_UNMANAGED_ROOT=$work/unmanaged-root
	# shellcheck disable=SC2064
	trap "cycle_cleanup '$kver' '$before' '$work' ${staged[*]:-}" EXIT
	rsync -a --exclude=/.git --exclude=/build --exclude=/compat/generated --exclude='.tmp_*' \
		--filter=':- .gitignore' "$top/" "$work/src/" 2> /dev/null ||
		cp -a "$top/." "$work/src/"
	rm -rf "$work/src/.git" "$work/src/build" "$work/src/compat/generated"
	log=$MANA_CACHE/logs/dkms-$kver.log
	mkdir -p "$(dirname "$log")"
	: > "$log"
	t0=$(date +%s)
	step() {	# step WHAT CMD...: run a DKMS command, log it, fail on a non-zero status
		local what=$1; shift
		echo "+ $*" >> "$log"
		"$@" >> "$log" 2>&1 && return 0
		mana_fail "$label $what exited non-zero (log: $log)"
		tail -n 15 "$log" | sed 's/^/    /'
		return 1
	}
	step add dkms add "$work/src" || return 1
	[ -f "/usr/src/$name-$ver/dkms.conf" ] || { mana_fail "$label: dkms add did not create /usr/src/$name-$ver"; return 1; }
	step build dkms build "$name/$ver" -k "$kver" || return 1
	local built=/var/lib/dkms/$name/$ver/$kver/$(uname -m)/module probes
	if ls "$built"/mana.ko* > /dev/null 2>&1; then
		probes=$(grep -h -m1 -o "compat: $kver: [0-9]* probes, [0-9]* present" \
			/var/lib/dkms/"$name/$ver/$kver"/*/log/make.log /var/lib/dkms/"$name/$ver"/build/make.log 2>/dev/null | head -n1)
		if [ -n "$probes" ]; then
			mana_pass "$label build for $kver: $(cd "$built" && ls | tr '\n' ' ')(make.log: $probes)"
		else
			mana_fail "$label build for $kver: built, but make.log shows no compat probe run for $kver"
		fi
	else
		mana_fail "$label build for $kver produced no mana.ko (log: $log)"
		return 1
	fi
	step install dkms install "$name/$ver" -k "$kver" || return 1
	local ours resolved mver
	ours=$(ls "$mods"/updates/dkms/mana.ko* 2>/dev/null | head -n1)
	resolved=$(modinfo -k "$kver" -F filename mana 2>/dev/null)
	mver=$(modinfo -k "$kver" -F version mana 2>/dev/null)
	# DKMS either leaves the kernel's module in place (depmod ranks updates/ first)
	# or moves it to original_module/ and puts it back on uninstall (DKMS 3.2).
	local where saved
	saved=$(ls /var/lib/dkms/"$name"/original_module/"$kver"/*/mana.ko* 2>/dev/null | head -n1)
	if [ -f "$intree" ]; then
		where="over the in-tree ${intree#"$mods/"}, which stays in place"
	elif [ -n "$saved" ]; then
		where="DKMS moved the in-tree module to $saved"
	fi
	if [ -n "$ours" ] && [ "$resolved" = "$ours" ] && [ "$mver" = "$ver" ] && [ -n "$where" ]; then
		mana_pass "$label install: 'modinfo -k $kver mana' resolves to $resolved (version $mver); $where"
	else
		mana_fail "$label install: updates copy '${ours:-missing}', modinfo resolves '$resolved' version '$mver', in-tree '${intree}' (gone, not saved by DKMS)"
		grep -iE 'sanity|newer|error|warning' "$log" | head -n 5 | sed 's/^/    /'
	fi
	if ls "$built"/mana_ib.ko* > /dev/null 2>&1; then
		local ib_ours ib_res ib_ns
		ib_ours=$(ls "$mods"/updates/dkms/mana_ib.ko* 2>/dev/null | head -n1)
		ib_res=$(modinfo -k "$kver" -F filename mana_ib 2>/dev/null)
		ib_ns=$(modinfo -k "$kver" -F import_ns mana_ib 2>/dev/null | tr '\n' ' ')
		if [ -n "$ib_ours" ] && [ "$ib_res" = "$ib_ours" ] && [[ " $ib_ns " == *" MANA_OOT "* ]]; then
			mana_pass "$label install: mana_ib installed with mana as a pair: resolves to $ib_res, imports MANA_OOT${intree_ib:+ (kernel has its own ${intree_ib#"$mods/"})}"
		else
			mana_fail "$label install: mana_ib copy '${ib_ours:-missing}', resolves '$ib_res', import_ns '$ib_ns'"
		fi
	elif grep -qE '^CONFIG_AUXILIARY_BUS=y' "$mods/build/.config" && [ -f "/usr/src/$name-$ver/mana/ib/Kbuild" ]; then
		mana_fail "$label build: the kernel can host mana_ib but DKMS did not build it"
	fi
	if grep -q 'mana-backport: ' "$log"; then
		mana_pass "$label install ran the package's POST_INSTALL hook ($(grep -m1 'mana-backport: ' "$log" | cut -c1-90))"
	else
		mana_fail "$label install: no output from POST_INSTALL (scripts/dkms/post-install.sh)"
	fi
	if dkms status "$name" 2>/dev/null | grep -q "$kver.*installed"; then
		mana_pass "$label status reports $name/$ver installed for $kver"
	else
		mana_fail "$label status: $(dkms status "$name" 2>&1 | tr '\n' ' ')"
	fi
	step uninstall dkms uninstall "$name/$ver" -k "$kver" || return 1
	resolved=$(modinfo -k "$kver" -F filename mana 2>/dev/null)
	if ! ls "$mods"/updates/dkms/mana.ko* > /dev/null 2>&1 && [ "$resolved" = "$intree" ]; then
		mana_pass "$label uninstall: our copy is gone and mana resolves to the in-tree ${intree#"$mods/"} again"
	else
		mana_fail "$label uninstall: updates copy still there or mana resolves to '$resolved'"
	fi
	step remove dkms remove "$name/$ver" --all || return 1
	if [ -z "$(dkms status "$name" 2>/dev/null)" ] && [ ! -d "/var/lib/dkms/$name/$ver" ]; then
		mana_pass "$label remove: $name/$ver unregistered (whole cycle $(( $(date +%s) - t0 ))s)"
	else
		mana_fail "$label remove: still registered: $(dkms status "$name" 2>&1)"
	fi
}

cycle_cleanup() {	# cycle_cleanup KVER BEFORE-LIST WORKDIR STAGED...
	local kver=$1 before=$2 work=$3 mods=/lib/modules/$1 f
	shift 3
	dkms remove "$name/$ver" --all > /dev/null 2>&1
	rm -rf "/usr/src/$name-$ver" "/var/lib/dkms/$name" "$work"
	if [ $# -gt 0 ]; then
		for f in "$@"; do rm -f "$f"; done
		find "$mods/kernel" -depth -type d -empty -delete 2>/dev/null
		# drop whatever appeared in /lib/modules/<kver> during the test (depmod files)
		comm -13 "$before" <(find "$mods" -maxdepth 1 -mindepth 1 -printf '%f\n' | sort) |
			while read -r f; do rm -rf "${mods:?}/$f"; done
	else
		depmod -a "$kver" 2> /dev/null
	fi
	rm -f "$before"
}

if [ "${1:-}" = --cycle ]; then
	cycle "$2" "$3" "${4:-dkms}"
	exit
fi

mana_need_pkgs dkms kmod rsync linux-headers-cloud-amd64 >&2 || { mana_fail "dkms: cannot install dkms and headers"; exit 1; }
kver=$(dpkg-query -W -f='${Depends}' linux-headers-cloud-amd64 | grep -oE 'linux-headers-[0-9][^ ,]*-cloud-amd64' | head -n1)
kver=${kver#linux-headers-}
srcroot=/lib/modules/$kver
if [ -z "$(find "$srcroot/kernel" -name 'mana.ko*' 2>/dev/null)" ]; then
	eval "$("$top/tests/lib/fetch-kernel.sh" linux-image-cloud-amd64)" ||
		{ mana_fail "dkms: cannot fetch the Debian image for the in-tree mana.ko"; exit 1; }
	[ "$KVER" = "$kver" ] || { mana_fail "dkms: fetched image $KVER does not match installed headers $kver"; exit 1; }
	srcroot=$MODROOT/lib/modules/$KVER
fi
. "$top/tests/compat/kernels.sh"
mana_with_lock dkms-host cycle "$kver" "$srcroot" "dkms"
