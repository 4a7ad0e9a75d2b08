# SPDX-License-Identifier: GPL-2.0
# The reference kernels of the build matrix and the compat goldens. Source after
# tests/lib/common.sh.
#
#   ref        column in expected.tsv   source
#   5.10       5.10     Debian 11 cloud headers (bullseye), via tests/lib/fetch-kernel.sh
#   6.1        6.1      Debian 12 cloud headers, via fetch-kernel.sh
#   6.1-generic 6.1     Debian 12 generic headers, installed with apt (linux-headers-amd64;
#                       the DKMS check uses the same installed headers)
#   6.12       6.12     Debian 12 backports 6.12 cloud headers, via fetch-kernel.sh
#   7.3        7.3      Debian 13 trixie-backports cloud headers, via fetch-kernel.sh
#   5.15       5.15     local only: a prepared 5.15 build tree named by MANA_K515_KDIR
#                       (Debian does not package 5.15; CI skips it and says so)

MANA_REF_KERNELS="5.10 6.1 6.1-generic 6.12 7.3 5.15"

mana_ref_column() { [ "$1" = 6.1-generic ] && echo 6.1 || echo "$1"; }

# mana_ref_kdir REF: print the kernel build dir (fetching it when needed);
# returns 2 with a reason on stderr when REF cannot exist on this machine.
mana_ref_kdir() {
	local ref=$1 args=() v
	case $ref in
	5.10) args=(--suite bullseye linux-image-cloud-amd64) ;;
	6.1) args=(linux-image-cloud-amd64) ;;
	6.12) args=(linux-image-6.12-cloud-amd64) ;;
	7.3) args=(--suite trixie-backports linux-image-cloud-amd64) ;;
	6.1-generic)
		mana_need_pkgs linux-headers-amd64 >&2 || return 1
		v=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | grep -oE 'linux-headers-[0-9][^ ,]*-amd64' | head -n1)
		[ -d "/usr/src/$v" ] || { echo "linux-headers-amd64 installed but /usr/src/$v missing" >&2; return 1; }
		echo "/usr/src/$v"
		return 0 ;;
	5.15)
		if [ -n "${MANA_K515_KDIR:-}" ] && [ -f "$MANA_K515_KDIR/include/generated/autoconf.h" ]; then
			echo "$MANA_K515_KDIR"
			return 0
		fi
		echo "no 5.15 build tree (Debian ships no 5.15 kernel; set MANA_K515_KDIR to a prepared tree)" >&2
		return 2 ;;
	*) echo "unknown reference kernel $ref" >&2; return 1 ;;
	esac
	local out
	out=$("$MANA_TOP/tests/lib/fetch-kernel.sh" "${args[@]}") || return 1
	echo "$out" | sed -n 's/^KDIR=//p'
}

# Scratch space of this checkout under $MANA_CACHE: two checkouts running their
# checks at the same time (CI trial runs on a developer machine) must not build
# in, or delete, each other's directories.
mana_checkout_dir() {	# mana_checkout_dir NAME -> $MANA_CACHE/NAME/<checkout key>
	echo "$MANA_CACHE/$1/$(printf '%s' "$MANA_TOP" | sha256sum | cut -c1-8)"
}

# mana_with_lock NAME CMD...: run CMD holding a machine-wide lock (DKMS state is
# global: one add/build/install cycle at a time). Waits up to 20 minutes.
mana_with_lock() {
	# (no "local name": bash scoping would hand it to CMD)
	local mana_lock_name=$1; shift
	mkdir -p "$MANA_CACHE/locks"
	(
		flock -w 1200 9 || { echo "FAIL: could not get the $mana_lock_name lock in 20 minutes"; exit 1; }
		"$@"
	) 9> "$MANA_CACHE/locks/$mana_lock_name.lock"
}
