#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest helpers of the ethtool/netdev checks in tests/e2e/guest/eth-features.sh:
#   OUTDIR/nlshaper                     static net-shaper netlink client (nlshaper.c)
#   OUTDIR/upstream-ethtool-names.txt   ethtool -S names of mainline 7.3's mana driver,
#                                       per-queue names as templates (upstream-names.py),
#                                       read from Debian's linux-source-7.3 (the package
#                                       tests/checks/12-style.sh takes checkpatch from)
# Usage: tests/e2e/ethtool/build.sh OUTDIR. Whatever cannot be built is reported on
# stderr and left out; the guest checks then say SKIP with the reason.
set -uo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/../../lib/common.sh"
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
rc=0

if ! gcc -static -O2 -Wall -Wextra -Werror -o "$out/nlshaper" "$here/nlshaper.c"; then
	mana_log "nlshaper not built (gcc -static needs libc6-dev)"
	rc=1
fi

# mana_ethtool.c and mana.h of linux-source-7.3, cached under $MANA_CACHE
src=$MANA_CACHE/upstream-mana/7.3
get_upstream_mana() {
	[ -f "$src/mana_ethtool.c" ] && [ -f "$src/mana.h" ] && return 0
	mana_linux_source_files "$src" drivers/net/ethernet/microsoft/mana/mana_ethtool.c \
		include/net/mana/mana.h
}
if get_upstream_mana; then
	python3 "$here/upstream-names.py" "$src/mana_ethtool.c" "$src/mana.h" \
		> "$out/upstream-ethtool-names.txt" || { rm -f "$out/upstream-ethtool-names.txt"; rc=1; }
else
	mana_log "no linux-source-7.3: the ethtool -S name check will be skipped"
	rc=1
fi
exit $rc
