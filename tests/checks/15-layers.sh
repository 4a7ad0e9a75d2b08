#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Layering of mana/ as ARCHITECTURE.md states it: #include direction between
# gdma/, eth/, ib/, glue/ and main.c (sources), call direction (which object
# references a global symbol which other object defines: nm on a 6.1 build),
# call cycles between the files of one directory (enforced in gdma/, eth/,
# ib/ and glue/), and that mana_ib uses only eth/mana_ib_if.h of the Ethernet
# layer. scripts/layers.py does the work.
set -uo pipefail
top=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/scripts/lib/kbuild-env.sh"
. "$top/tests/compat/kernels.sh"
mkdir -p "$MANA_CACHE"

kdir=$(mana_ref_kdir 6.1 2> "$MANA_CACHE/.layers-err")
if [ -z "$kdir" ]; then
	mana_fail "layers: no 6.1 kernel headers: $(tail -n 2 "$MANA_CACHE/.layers-err" | tr '\n' ' ')"
	exit 0
fi
# Step 11's 6.1 build when no source is newer than it (the usual make check
# order), else a build of our own.
t0=$(date +%s)
out=${MANA_MATRIX_DIR:-$(mana_checkout_dir matrix)}/6.1
if [ ! -f "$out/mana/mana.ko" ] ||
   [ -n "$(find "$top/mana" "$top/compat" -newer "$out/mana/mana.ko" -name '*.[ch]' -print -quit)" ]; then
	out=$(mana_checkout_dir layers)
	mkdir -p "$out"
	if ! "$top/scripts/build.sh" --out "$out" "$kdir" > "$out.log" 2>&1; then
		mana_fail "layers: building on 6.1 for the object files failed (log: $out.log)"
		exit 0
	fi
fi
python3 "$top/scripts/layers.py" "$top" "$out" --enforce-cycles "${MANA_LAYERS_ENFORCE:-gdma,eth,ib,glue}"
echo "  (build and analysis took $(( $(date +%s) - t0 ))s)"
