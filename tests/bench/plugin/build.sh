#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the instruction-counting TCG plugin (insn-count.c) for the bundled QEMU 11.1.
# Usage: tests/bench/plugin/build.sh OUTDIR   prints the path of insn-count.so
set -euo pipefail
src=$(dirname "$(readlink -f "$0")")
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
so=$out/insn-count.so
if [ ! -e "$so" ] || [ "$src/insn-count.c" -nt "$so" ] || [ "$src/qemu-plugin-abi.h" -nt "$so" ]; then
	gcc -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -pthread \
		-o "$so.tmp" "$src/insn-count.c"
	mv "$so.tmp" "$so"
fi
echo "$so"
