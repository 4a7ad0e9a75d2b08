#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DKMS POST_INSTALL hook of mana-backport (runs after the modules were copied to
# /lib/modules/KVER/updates/dkms, before DKMS runs depmod).
#
# Usage (dkms.conf): POST_INSTALL="scripts/dkms/post-install.sh ${kernelver}"
#  - warns when the kernel has mana built in (=y): a module cannot replace it;
#  - reports who signed the installed modules and, under Secure Boot, whether that key is
#    enrolled (with the mokutil command to enrol it);
#  - refreshes the initramfs when it carries a mana module;
#  - installs the unmanaged-VF files for udev, systemd-networkd and NetworkManager where
#    no equivalent is present (scripts/unmanaged-vf.sh; also for installs without the
#    Debian package). MANA_UNMANAGED_ROOT=DIR writes them under DIR instead (tests).
# Always exits 0: a hook problem must not undo a good install or break dpkg.
kver=${1:-${kernelver:-$(uname -r)}}
here=$(cd "$(dirname "$0")" && pwd)
say() { echo "mana-backport: $*"; }

for cfg in "/lib/modules/$kver/build/.config" "${MANA_BOOT_DIR:-/boot}/config-$kver"; do
	[ -r "$cfg" ] || continue
	if grep -q '^CONFIG_MICROSOFT_MANA=y' "$cfg"; then
		say "WARNING: $kver has mana built in (CONFIG_MICROSOFT_MANA=y in $cfg)."
		say "WARNING: the module in /lib/modules/$kver/updates/dkms can never load on it;"
		say "WARNING: use a kernel with CONFIG_MICROSOFT_MANA=m or unset."
	fi
	break
done

cert=${MANA_MOK_CERT:-}
if [ -z "$cert" ]; then
	for f in /etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf; do
		[ -r "$f" ] || continue
		c=$(sed -n 's/^[[:space:]]*mok_certificate=["'\'']*\([^"'\'']*\).*/\1/p' "$f" | tail -n 1)
		[ -n "$c" ] && cert=$c
	done
	[ -n "$cert" ] || cert=/var/lib/dkms/mok.pub
fi
for ko in "/lib/modules/$kver/updates/dkms"/mana.ko* "/lib/modules/$kver/updates/dkms"/mana_ib.ko*; do
	[ -e "$ko" ] || continue
	signer=$(modinfo -F signer "$ko" 2>/dev/null)
	say "installed $ko (signer: ${signer:-none})"
done
if command -v mokutil >/dev/null 2>&1 && mokutil --sb-state 2>/dev/null | grep -q 'SecureBoot enabled'; then
	if [ -r "$cert" ] && mokutil --test-key "$cert" 2>&1 | grep -q 'is not enrolled'; then
		say "Secure Boot is enabled and the signing key $cert is NOT enrolled:"
		say "  the kernel will refuse the module. Enrol it, then reboot and confirm in MokManager:"
		say "    mokutil --import $cert"
	fi
fi

"$here/initramfs-refresh.sh" "$kver"
if [ -x "$here/../unmanaged-vf.sh" ]; then
	if [ -n "${MANA_UNMANAGED_ROOT:-}" ]; then
		"$here/../unmanaged-vf.sh" install --root "$MANA_UNMANAGED_ROOT"
	else
		"$here/../unmanaged-vf.sh" install
	fi || say "WARNING: the unmanaged-VF files could not be written (see above)"
fi
exit 0
