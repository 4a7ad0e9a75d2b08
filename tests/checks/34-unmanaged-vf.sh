#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# scripts/unmanaged-vf.sh (the udev/networkd/NetworkManager files that keep network services
# off MANA VFs, written by the package's postinst and the DKMS hook, removed on purge) on
# scratch system roots: what it writes on a bare system, what it leaves alone where
# azure-vm-utils, WALinuxAgent or a hand-written NetworkManager snippet already cover a
# service, idempotence, removal of its own files only, and the postrm purge branch (run in
# a mount namespace over a scratch /etc and /var/lib). Whether the files do their job on
# real udevd/NetworkManager/networkd is step 58. A few seconds.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
mana_need_pkgs shellcheck > /dev/null || mana_fail "installing shellcheck"
uv=$top/scripts/unmanaged-vf.sh
U=/etc/udev/rules.d/68-mana-backport-unmanaged-vf.rules
N=/etc/systemd/network/05-mana-backport-unmanaged-vf.network
M=/etc/NetworkManager/conf.d/90-mana-backport-unmanaged-vf.conf
L=/var/lib/mana-backport/unmanaged-vf.list
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
run() { local r=$1; shift; "$uv" "$@" --root "$w/$r" 2>&1; }
has() { [ -f "$w/$1$2" ] && grep -q 'Installed by mana-backport' "$w/$1$2"; }
mk() { mkdir -p "$(dirname "$w/$1")"; cat > "$w/$1"; }

# 1 bare system, Hyper-V guest: all three files, each listed once
out=$(run bare install --hyperv yes; run bare install --hyperv yes)
if has bare $U && has bare $N && has bare $M && [ "$(sort "$w/bare$L" | uniq | wc -l)" = 3 ] && [ "$(wc -l < "$w/bare$L")" = 3 ] &&
   grep -q 'ATTR{flags}' "$w/bare$U" && grep -q 'NM_UNMANAGED}="1"' "$w/bare$U" &&
   grep -qx 'Unmanaged=yes' "$w/bare$N" && grep -qx 'Driver=mana' "$w/bare$N" && grep -qx 'unmanaged-devices+=driver:mana' "$w/bare$M"; then
	mana_pass "bare Hyper-V system: udev rule, .network and NetworkManager snippet written; a second install lists each once"
else
	mana_fail "bare Hyper-V system: $(echo "$out" | tr '\n' ' ') list: $(tr '\n' ' ' < "$w/bare$L" 2>/dev/null)"
fi
st=$("$uv" status --root "$w/bare")
[ "$(grep -c '(mana-backport)' <<< "$st")" = 3 ] && mana_pass "status names our three files" || mana_fail "status: $st"

# 2 not a Hyper-V guest (mana may be the primary NIC): no driver:mana NetworkManager snippet
out=$(run pf install --hyperv no)
if has pf $U && has pf $N && [ ! -e "$w/pf$M" ] && grep -q 'not a Hyper-V guest' <<< "$out"; then
	mana_pass "outside Hyper-V the NetworkManager snippet is not written, with a message; udev and networkd files are"
else
	mana_fail "outside Hyper-V: $(echo "$out" | tr '\n' ' ')"
fi

# 3 azure-vm-utils (its udev rule and .network, as that package installs them under /usr/lib)
mk az/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules <<'EOF'
# test stand-in of azure-vm-utils' rule
SUBSYSTEM=="net", ACTION!="remove", DRIVERS=="mana|mlx5_core", ATTR{flags}=="0x?[89ABCDEF]??", ENV{AZURE_UNMANAGED_SRIOV}="1", ENV{NM_UNMANAGED}="1"
EOF
mk az/usr/lib/systemd/network/01-azure-unmanaged-sriov.network <<'EOF'
[Match]
Property=AZURE_UNMANAGED_SRIOV=1
[Link]
Unmanaged=yes
EOF
out=$(run az install --hyperv yes)
if [ ! -e "$w/az$U" ] && [ ! -e "$w/az$N" ] && [ ! -e "$w/az$M" ] &&
   [ "$(grep -c 'already' <<< "$out")" = 3 ] && grep -q '10-azure-unmanaged-sriov.rules' <<< "$out" &&
   grep -q '01-azure-unmanaged-sriov.network' <<< "$out"; then
	mana_pass "azure-vm-utils present: nothing written, each service's covering file named"
else
	mana_fail "azure-vm-utils present: $(echo "$out" | tr '\n' ' ')"
fi

# 4 WALinuxAgent's NetworkManager rule (hv_pci) only: networkd still needs ours
mk wa/lib/udev/rules.d/68-azure-sriov-nm-unmanaged.rules <<'EOF'
SUBSYSTEM=="net", DRIVERS=="hv_pci", ACTION!="remove", ENV{NM_UNMANAGED}="1"
EOF
out=$(run wa install --hyperv yes)
if [ ! -e "$w/wa$U" ] && [ ! -e "$w/wa$M" ] && has wa $N; then
	mana_pass "WALinuxAgent's 68-azure-sriov-nm-unmanaged.rules covers udev/NetworkManager; only the .network is written"
else
	mana_fail "WALinuxAgent rule: $(echo "$out" | tr '\n' ' ')"
fi

# 5 a NetworkManager snippet of the admin's, and a commented-out udev rule that must not count
mk nm/etc/NetworkManager/conf.d/50-site.conf <<'EOF'
[keyfile]
unmanaged-devices=interface-name:docker*;driver:mana
EOF
mk nm/etc/udev/rules.d/70-old.rules <<'EOF'
#SUBSYSTEM=="net", DRIVERS=="mana", ENV{NM_UNMANAGED}="1"
EOF
out=$(run nm install --hyperv yes)
if [ ! -e "$w/nm$M" ] && has nm $U && has nm $N && grep -q '50-site.conf' <<< "$out"; then
	mana_pass "an admin's unmanaged-devices=...driver:mana keeps ours out; a commented-out rule does not count"
else
	mana_fail "admin snippet / commented rule: $(echo "$out" | tr '\n' ' ')"
fi

# 6 remove: our files go, a hand-edited one (marker removed) and foreign files stay
run rm install --hyperv yes > /dev/null
mk rm/usr/lib/systemd/network/99-default.network <<'EOF'
[Match]
Name=*
[Network]
DHCP=yes
EOF
sed -i '/Installed by mana-backport/d' "$w/rm$M"
out=$(run rm remove)
if [ ! -e "$w/rm$U" ] && [ ! -e "$w/rm$N" ] && [ -e "$w/rm$M" ] && [ ! -e "$w/rm$L" ] &&
   [ -e "$w/rm/usr/lib/systemd/network/99-default.network" ] && grep -q "kept $M" <<< "$out"; then
	mana_pass "remove deletes our files and the list; keeps a hand-edited one (says so) and foreign files"
else
	mana_fail "remove: $(echo "$out" | tr '\n' ' ')"
fi
out=$(run rm remove)
grep -q 'no unmanaged-VF files were installed' <<< "$out" && mana_pass "a second remove is a no-op" || mana_fail "second remove: $out"

# 7 the package's postrm purge branch, on a scratch /etc and /var/lib (mount namespace)
run pg install --hyperv yes > /dev/null
mkdir -p "$w/pg/etc/udev/rules.d" "$w/pg/etc/systemd/network" "$w/pg/etc/NetworkManager/conf.d"
echo 'SUBSYSTEM=="net", ENV{FOO}="1"' > "$w/pg/etc/udev/rules.d/10-foreign.rules"
sed -e 's/@NAME@/mana-backport/g' -e 's/@VERSION@/0/g' "$top/scripts/deb/postrm" > "$w/postrm"
if command -v unshare > /dev/null && unshare -m true 2> /dev/null; then
	# /etc and /var/lib of the scratch root over the real ones: postrm's rm -rf of the
	# DKMS state and its file removals touch only the scratch tree
	mkdir -p "$w/pg/var/lib/dkms/mana-backport"
	out=$(unshare -m sh -c "mount --bind '$w/pg/etc' /etc && mount --bind '$w/pg/var/lib' /var/lib &&
		PATH=/usr/sbin:/usr/bin:/sbin:/bin sh '$w/postrm' purge" 2>&1); r=$?
	if [ $r = 0 ] && [ ! -e "$w/pg$U" ] && [ ! -e "$w/pg$N" ] && [ ! -e "$w/pg$M" ] && [ ! -e "$w/pg$L" ] &&
	   [ -e "$w/pg/etc/udev/rules.d/10-foreign.rules" ] && [ ! -e "$w/pg/var/lib/dkms/mana-backport" ]; then
		mana_pass "postrm purge removes the three listed files and the list, nothing else"
	else
		mana_fail "postrm purge: rc=$r $(echo "$out" | tr '\n' ' ')"
	fi
else
	mana_skip "postrm purge branch (no mount namespaces here; step 41 purges the real package)"
fi

if shellcheck -s sh -e SC3043 "$uv"; then mana_pass "shellcheck (POSIX sh) of scripts/unmanaged-vf.sh"; else mana_fail "shellcheck of scripts/unmanaged-vf.sh"; fi
