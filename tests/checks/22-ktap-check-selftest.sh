#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The KUnit steps (20, 21) are only as good as their checker: prove that ktap-check.py catches
# failed cases and parameters (6.x and 5.15 KTAP), crashed guests, kernel WARNs, missing
# cases or suites and failed guest checks, and never counts a skipped case as a pass.
exec "$(dirname "$(readlink -f "$0")")/../vm/selftest.sh"
