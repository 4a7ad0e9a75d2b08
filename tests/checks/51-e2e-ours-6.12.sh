#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check: parallel
# e2e: OUR mana.ko built for Debian's 6.12 cloud kernel on the software MANA device, same
# checks as 50-e2e-ours-6.1.sh (2 guest CPUs, feature checks when the harness has them).
export E2E_SMP=${E2E_SMP:-2} E2E_FEATURES=${E2E_FEATURES:-1}
exec "$(dirname "$(readlink -f "$0")")/../e2e/run.sh" 6.12 ours
