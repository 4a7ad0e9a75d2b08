# SPDX-License-Identifier: GPL-2.0
# mana-backport: out-of-tree MANA drivers (mana, mana_ib) for older kernels.
#
#   make [KVER=<release> | KDIR=<build dir>]   build the modules (default: running kernel)
#                                               into build/<release>/ (W=1 C=1 accepted)
#   make check                                  every test and check (what CI runs)
#   make kunit KVER=<release>                   KUnit suites in a booted Debian kernel
#   make matrix                                 build against every supported kernel
#   make e2e KVER=<release> DRIVER=intree|ours  end-to-end run on the software MANA device
#   make dpdk KVER=<release> DRIVER=intree|ours DPDK testpmd (net/mana) on the software device
#   make rdma KVER=<release> DRIVER=intree|ours RDMA clients (rdma-core 56, perftest, rping) on the RNIC
#   make dpdk-bench                             testpmd figures: ours vs in-tree mana_ib (QUICK=1)
#   make rdma-bench [ROUNDS=3]                  perftest figures on the RNIC: ours (6.12) vs in-tree (7.3)
#   make fuzz KVER=<release> SEED=<n> EVENTS=<n>  device-side fuzz run (our driver)
#   make faults KVER=<release>                  fault scenarios (our driver, one boot)
#   make debug-kernel                           build the KASAN/lockdep/kmemleak kernel (6.1-debug)
#   make debug-check                            our suites on it (tests/debugk/check.sh)
#   make soak [CYCLES=1000]                     load/unload/reconfiguration soak on 6.1-debug
#   make bench [QUICK=1]                        figures: guest insn and device work per packet
#   make demo / make deb
#
# Each target is a thin wrapper around a script so that it can also be run by hand.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
DRIVER ?= ours
export KVER KDIR DRIVER

.PHONY: all modules check kunit matrix e2e dpdk rdma rdma-bench dpdk-bench fuzz faults debug-kernel debug-check soak \
	bench demo deb hwtest clean
all: modules

# W=1 / C=1 are handed to Kbuild (warnings, sparse).
modules:
	scripts/build.sh "$(KDIR)" $(if $(W),W=$(W)) $(if $(C),C=$(C))

check:
	scripts/check.sh

kunit:
	tests/kunit/run.sh "$(KVER)"

matrix:
	scripts/build-matrix.sh

e2e:
	tests/e2e/run.sh "$(KVER)" "$(DRIVER)"

dpdk:
	tests/dpdk/run.sh "$(KVER)" "$(DRIVER)"

rdma:
	tests/rdma/run.sh "$(KVER)" "$(DRIVER)"

dpdk-bench:
	tests/dpdk/bench.sh

rdma-bench:
	tests/rdma/bench.sh $(ROUNDS)

fuzz:
	tests/e2e/fuzz.sh "$(KVER)" "$(SEED)" "$(EVENTS)"

faults:
	tests/e2e/faults.sh "$(KVER)"

debug-kernel:
	tests/debugk/build.sh

debug-check:
	tests/debugk/check.sh

CYCLES ?= 1000
soak:
	tests/debugk/soak.sh 6.1-debug "$(CYCLES)"

bench:
	tests/e2e/bench.sh

demo:
	tests/e2e/demo.sh

deb:
	scripts/make-deb.sh

# bring-up checks on a MANA VM (read-only steps; PING=<address> checks traffic through the VF;
# BRINGUP="--change --tcp-sink HOST:PORT" or "--destructive ..." adds the steps that change the VM)
hwtest:
	sh scripts/mana-bringup $(if $(PING),--ping $(PING)) $(BRINGUP)

clean:
	scripts/build.sh --clean "$(KDIR)"
