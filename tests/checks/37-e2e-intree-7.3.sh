#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# e2e: the mainline-based mana.ko of Debian's 7.3 kernel (trixie-backports) on the software
# MANA device: the model must also answer what the newest driver sends. Same checks as
# steps 35/36 (tests/e2e/run.sh).
# The model runs as its AddressSanitizer/UBSan build here: a real driver's traffic is the
# widest input it gets; an ASan report or leak fails "model exited cleanly".
export E2E_MODEL_ASAN=${E2E_MODEL_ASAN:-1}
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 7.3 intree
