#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A real DKMS cycle against the installed Debian 12 cloud headers:
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
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
mana_need_pkgs dkms kmod rsync linux-headers-cloud-amd64 >&2 || { mana_fail "dkms: cannot install dkms and headers"; exit 1; }

name=$(sed -n 's/^PACKAGE_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$top/dkms.conf")
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$top/dkms.conf")
kver=$(dpkg-query -W -f='${Depends}' linux-headers-cloud-amd64 | grep -oE 'linux-headers-[0-9][^ ,]*-cloud-amd64' | head -n1)
kver=${kver#linux-headers-}
mods=/lib/modules/$kver
echo "dkms $(dkms --version 2>&1 | head -n1); package $name/$ver; kernel $kver"
[ -d "$mods/build" ] || { mana_fail "dkms: $mods/build missing although linux-headers-$kver is installed"; exit 1; }

if [ -n "$(dkms status "$name" 2>/dev/null)" ] || [ -e "/usr/src/$name-$ver" ]; then
	mana_skip "dkms cycle ($name is already registered with DKMS or /usr/src/$name-$ver exists on this machine: not touching an existing install)"
	exit 0
fi

# ---- stage the in-tree module when the image is not installed ----
staged=()
before=$(mktemp)
find "$mods" -maxdepth 1 -mindepth 1 -printf '%f\n' | sort > "$before"
intree=$(find "$mods/kernel" -name 'mana.ko*' 2>/dev/null | head -n1)
if [ -z "$intree" ]; then
	eval "$("$top/tests/lib/fetch-kernel.sh" linux-image-cloud-amd64)" ||
		{ mana_fail "dkms: cannot fetch the Debian image for the in-tree mana.ko"; exit 1; }
	src=$(find "$MODROOT/lib/modules/$KVER/kernel" -name 'mana.ko*' | head -n1)
	if [ "$KVER" != "$kver" ] || [ -z "$src" ]; then
		mana_fail "dkms: the fetched image ($KVER) does not match the headers ($kver) or has no mana.ko"
		exit 1
	fi
	rel=${src#"$MODROOT/lib/modules/$KVER/"}
	mkdir -p "$mods/$(dirname "$rel")"
	cp "$src" "$mods/$rel"
	staged+=("$mods/$rel")
	intree=$mods/$rel
	depmod -a "$kver"
	echo "staged the in-tree module $rel from the Debian image"
fi

work=$(mktemp -d)
cleanup() {
	dkms remove "$name/$ver" --all > /dev/null 2>&1
	rm -rf "/usr/src/$name-$ver" "/var/lib/dkms/$name" "$work"
	local f
	for f in "${staged[@]}"; do rm -f "$f"; done
	if [ ${#staged[@]} -gt 0 ]; then
		find "$mods/kernel" -depth -type d -empty -delete 2>/dev/null
		# drop whatever appeared in /lib/modules/<kver> during the test (depmod files)
		comm -13 "$before" <(find "$mods" -maxdepth 1 -mindepth 1 -printf '%f\n' | sort) |
			while read -r f; do rm -rf "${mods:?}/$f"; done
	else
		depmod -a "$kver"
	fi
	rm -f "$before"
}
trap cleanup EXIT

rsync -a --exclude=/.git --exclude=/build --exclude=/compat/generated --exclude='.tmp_*' \
	--filter=':- .gitignore' "$top/" "$work/src/"
log=$MANA_CACHE/logs/dkms.log
mkdir -p "$(dirname "$log")"
t0=$(date +%s)
step() {	# step WHAT CMD...: run a DKMS command, log it, fail on a non-zero status
	local what=$1; shift
	echo "+ $*" >> "$log"
	if "$@" >> "$log" 2>&1; then return 0; fi
	mana_fail "dkms $what exited non-zero (log: $log)"
	tail -n 15 "$log" | sed 's/^/    /'
	exit 1
}
: > "$log"
step add dkms add "$work/src"
[ -f "/usr/src/$name-$ver/dkms.conf" ] || { mana_fail "dkms add did not create /usr/src/$name-$ver"; exit 1; }
step build dkms build "$name/$ver" -k "$kver"
built=/var/lib/dkms/$name/$ver/$kver/$(uname -m)/module
if ls "$built"/mana.ko* > /dev/null 2>&1; then
	probes=$(grep -h -m1 -o "compat: $kver: [0-9]* probes, [0-9]* present" \
		/var/lib/dkms/"$name/$ver/$kver"/*/log/make.log /var/lib/dkms/"$name/$ver"/build/make.log 2>/dev/null | head -n1)
	if [ -n "$probes" ]; then
		mana_pass "dkms build for $kver: $(cd "$built" && ls | tr '\n' ' ')(make.log: $probes)"
	else
		mana_fail "dkms build for $kver: built, but make.log shows no compat probe run for $kver"
	fi
else
	mana_fail "dkms build for $kver produced no mana.ko (log: $log)"
	exit 1
fi
step install dkms install "$name/$ver" -k "$kver"
ours=$(ls "$mods"/updates/dkms/mana.ko* 2>/dev/null | head -n1)
resolved=$(modinfo -k "$kver" -F filename mana 2>/dev/null)
mver=$(modinfo -k "$kver" -F version mana 2>/dev/null)
if [ -n "$ours" ] && [ "$resolved" = "$ours" ] && [ "$mver" = "$ver" ] && [ -f "$intree" ]; then
	mana_pass "dkms install: 'modinfo -k $kver mana' resolves to $resolved (version $mver), over the in-tree ${intree#"$mods/"}"
else
	mana_fail "dkms install: updates copy '${ours:-missing}', modinfo resolves '$resolved' version '$mver', in-tree '${intree}'"
	grep -iE 'sanity|newer|error|warning' "$log" | head -n 5 | sed 's/^/    /'
fi
if grep -q 'mana-backport: ' "$log"; then
	mana_pass "dkms install ran the package's POST_INSTALL hook ($(grep -m1 'mana-backport: ' "$log" | cut -c1-90))"
else
	mana_fail "dkms install: no output from POST_INSTALL (scripts/dkms/post-install.sh)"
fi
step status dkms status "$name"
if dkms status "$name" | grep -q "$kver.*installed"; then
	mana_pass "dkms status reports $name/$ver installed for $kver"
else
	mana_fail "dkms status: $(dkms status "$name" | tr '\n' ' ')"
fi
step uninstall dkms uninstall "$name/$ver" -k "$kver"
resolved=$(modinfo -k "$kver" -F filename mana 2>/dev/null)
if ! ls "$mods"/updates/dkms/mana.ko* > /dev/null 2>&1 && [ "$resolved" = "$intree" ]; then
	mana_pass "dkms uninstall: our copy is gone and mana resolves to the in-tree ${intree#"$mods/"} again"
else
	mana_fail "dkms uninstall: updates copy still there or mana resolves to '$resolved'"
fi
step remove dkms remove "$name/$ver" --all
if [ -z "$(dkms status "$name" 2>/dev/null)" ] && [ ! -d "/var/lib/dkms/$name/$ver" ]; then
	mana_pass "dkms remove: $name/$ver unregistered (whole cycle $(( $(date +%s) - t0 ))s)"
else
	mana_fail "dkms remove: still registered: $(dkms status "$name")"
fi
