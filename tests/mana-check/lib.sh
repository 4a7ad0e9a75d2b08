# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Builders for mana-check fixtures: each function writes one piece of a machine's state
# (sysfs, procfs, root file system, recorded command output) into $F, with the same paths,
# symlinks and file contents the kernel and the tools produce. Sourced by run.sh (bash).
#
# Layout of a fixture instance $F:
#   $F/sys   sysfs (MANA_CHECK_SYSFS)     $F/proc  procfs (MANA_CHECK_PROC)
#   $F/root  /lib/modules, /boot, /run, /var/lib/dkms, /usr/lib (MANA_CHECK_ROOT)
#   $F/cmd   recorded output for the stub commands in stubs/ (ethtool, ip, nmcli, ...)
#
# Where the values come from (see /work/shared/docs/netvsc-glue.md §1 and §4):
#  - Hyper-V vPCI: the MANA VF sits in its own PCI domain under the VMBus device of its
#    pci-hyperv bus, e.g. 7870:00:00.0 (ethtool -i bus-info in Azure's MANA docs); the VF
#    netdev is named from the domain and the slot serial (enP30832s1 in the docs).
#  - the synthetic NIC (eth0) is a child of its VMBus device, driver hv_netvsc.
#  - a joined VF has 'master' and 'upper_eth0' links to eth0 (netdev_master_upper_dev_link)
#    and IFF_SLAVE (0x800) in its flags: 0x1803 = UP|BROADCAST|SLAVE|MULTICAST.
#  - ethtool -S eth0 lists vf_rx_packets, vf_rx_bytes, vf_tx_packets, vf_tx_bytes,
#    vf_tx_dropped (hv_netvsc vf_stats[]), after the per-queue counters.

VMBUS_DEV=devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00

rln() { # rln TARGET LINK (both relative to $F/sys): a relative symlink, as sysfs makes them
	mkdir -p "$(dirname "$F/sys/$2")"
	ln -s "$(realpath -m --relative-to="$(dirname "$F/sys/$2")" "$F/sys/$1")" "$F/sys/$2"
}

fx_init() { # fx_init KVER HOSTNAME
	mkdir -p "$F/sys/bus/pci/devices" "$F/sys/class/net" "$F/sys/module" "$F/proc/sys/kernel" \
		"$F/root/lib/modules/$1" "$F/root/boot" "$F/cmd"
	echo "$1" > "$F/proc/sys/kernel/osrelease"
	echo "$2" > "$F/proc/sys/kernel/hostname"
	KV=$1
}

fx_hyperv() { # VMBus bus with the drivers a Hyper-V guest has loaded, and Microsoft DMI
	mkdir -p "$F/sys/bus/vmbus/drivers/hv_netvsc" "$F/sys/bus/vmbus/drivers/hv_pci" \
		"$F/sys/bus/pci/drivers" "$F/sys/class/dmi/id" "$F/sys/$VMBUS_DEV" \
		"$F/sys/module/hv_netvsc" "$F/sys/module/pci_hyperv"
	echo live > "$F/sys/module/hv_netvsc/initstate"
	echo live > "$F/sys/module/pci_hyperv/initstate"
	echo "Microsoft Corporation" > "$F/sys/class/dmi/id/sys_vendor"
	echo "Virtual Machine" > "$F/sys/class/dmi/id/product_name"
}

fx_plain_pci() { # a few ordinary PCI functions (what a non-Azure VM has)
	local b
	for b in 0000:00:00.0:0x8086:0x1237 0000:00:01.0:0x8086:0x7000 0000:00:03.0:0x1af4:0x1000; do
		local bdf=${b%:*:*} rest=${b#*:*:*:}
		mkdir -p "$F/sys/devices/pci0000:00/$bdf"
		echo "${rest%:*}" > "$F/sys/devices/pci0000:00/$bdf/vendor"
		echo "${rest#*:}" > "$F/sys/devices/pci0000:00/$bdf/device"
		ln -s "../../../devices/pci0000:00/$bdf" "$F/sys/bus/pci/devices/$bdf"
	done
}

fx_kconfig() { # fx_kconfig LINE... : /boot/config-KVER (as shipped by the kernel package)
	printf '%s\n' "#" "# Automatically generated file; DO NOT EDIT." "#" "$@" > "$F/root/boot/config-$KV"
}

fx_mana_pci() { # fx_mana_pci DOMAIN DEVICE-ID [DRIVER]: a MANA function behind pci-hyperv
	local dom=$1 id=$2 drv=${3:-} guid=7870aa00-0000-4000-8000-00155d000001
	local p=$VMBUS_DEV/$guid/pci$dom:00/$dom:00:00.0
	mkdir -p "$F/sys/$p"
	echo 0x1414 > "$F/sys/$p/vendor"; echo "0x$id" > "$F/sys/$p/device"
	echo 0x020000 > "$F/sys/$p/class"
	ln -s "../../../$p" "$F/sys/bus/pci/devices/$dom:00:00.0"
	if [ -n "$drv" ]; then
		mkdir -p "$F/sys/bus/pci/drivers/$drv"
		rln "bus/pci/drivers/$drv" "$p/driver"
	fi
	MANA_PCI=$p
}

fx_netvsc() { # fx_netvsc IFNAME MAC IFINDEX: synthetic NIC bound to hv_netvsc
	local guid=000d3a6e-4548-000d-3a6e-4548000d3a6$3
	local p=$VMBUS_DEV/$guid
	mkdir -p "$F/sys/$p/net/$1"
	rln bus/vmbus/drivers/hv_netvsc "$p/driver"
	rln "$p" "$p/net/$1/device"
	echo "$2" > "$F/sys/$p/net/$1/address"
	echo 0x1003 > "$F/sys/$p/net/$1/flags"
	echo "$3" > "$F/sys/$p/net/$1/ifindex"
	echo up > "$F/sys/$p/net/$1/operstate"
	ln -s "../../$p/net/$1" "$F/sys/class/net/$1"
}

fx_vf() { # fx_vf IFNAME MAC IFINDEX [MASTER [DEV_PORT]]: MANA netdev (vPort DEV_PORT, default 0) on
	# $MANA_PCI, joined when MASTER given
	local p=$MANA_PCI/net/$1
	mkdir -p "$F/sys/$p"
	rln "$MANA_PCI" "$p/device"
	echo "$2" > "$F/sys/$p/address"
	echo "$3" > "$F/sys/$p/ifindex"
	echo "${5:-0}" > "$F/sys/$p/dev_port"
	echo up > "$F/sys/$p/operstate"
	if [ -n "${4:-}" ]; then
		local up; up=$(cd "$F/sys/class/net/$4" && pwd -P); up=${up#"$(cd "$F/sys" && pwd -P)/"}
		rln "$up" "$p/master"
		rln "$up" "$p/upper_$4"
		echo 0x1803 > "$F/sys/$p/flags"
	else
		echo 0x1003 > "$F/sys/$p/flags"
	fi
	ln -s "../../$p" "$F/sys/class/net/$1"
}

fx_loaded() { # fx_loaded MODULE [VERSION SRCVERSION [TAINT]]: /sys/module/MODULE of a loaded module
	mkdir -p "$F/sys/module/$1"
	echo live > "$F/sys/module/$1/initstate"
	[ -n "${2:-}" ] && echo "$2" > "$F/sys/module/$1/version"
	[ -n "${3:-}" ] && echo "$3" > "$F/sys/module/$1/srcversion"
	echo "${4:-}" > "$F/sys/module/$1/taint"
}

fx_build_id() { # fx_build_id MODULE HEX40: the GNU build-id note of a loaded module
	mkdir -p "$F/sys/module/$1/notes"
	# namesz=4 descsz=20 type=3 (NT_GNU_BUILD_ID) "GNU\0" + id
	{ printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000'
	  printf '%s' "$2" | sed 's/../\\x&/g' | xargs -0 printf '%b'; } > "$F/sys/module/$1/notes/.note.gnu.build-id"
}

# fx_ko RELPATH FIELD=VALUE...: a module file under /lib/modules/KVER whose .modinfo section
# holds these fields (an ELF object, so modinfo and depmod read it like a real module).
# BUILD_ID=<hex> embeds those bytes too (what the loaded module's build-id note is compared with).
fx_ko() {
	local rel=$1 f=$F/root/lib/modules/$KV/$1 kv s= bid=
	shift
	mkdir -p "$(dirname "$f")"
	s="name=$(basename "$rel" | sed 's/\.ko.*//')"
	for kv in "$@"; do
		case $kv in BUILD_ID=*) bid=${kv#BUILD_ID=} ;; *) s="$s\\0$kv" ;; esac
	done
	{
		printf 'const char modinfo[] __attribute__((section(".modinfo"), used)) = "%s";\n' "$s"
		[ -n "$bid" ] && printf 'const unsigned char note[] __attribute__((used)) = {%s};\n' \
			"$(printf '%s' "$bid" | sed 's/../0x&,/g')"
	} > "$f.c"
	gcc -c -o "$f" "$f.c" && rm -f "$f.c"
}
fx_depmod() { depmod -b "$F/root" "$KV" 2>/dev/null; }
fx_headers() { mkdir -p "$F/root/lib/modules/$1"; ln -s "/usr/src/linux-headers-$1" "$F/root/lib/modules/$1/build"; }

fx_initrd() { # fx_initrd LISTING-LINE...: /boot/initrd.img-KVER and what lsinitramfs prints for it
	echo "initramfs" > "$F/root/boot/initrd.img-$KV"
	printf '%s\n' "$@" > "$F/cmd/lsinitramfs"
}

fx_efi_sb() { # fx_efi_sb 0|1: UEFI boot with the SecureBoot variable (4 attribute bytes + value)
	mkdir -p "$F/sys/firmware/efi/efivars"
	printf "\\006\\000\\000\\000\\00$1" > "$F/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
}

fx_cmd() { # fx_cmd NAME: recorded output of a stub command, from stdin
	cat > "$F/cmd/$1"
}

# ethtool -S of a synthetic NIC: hv_netvsc's counters with the given vf_* values
fx_ethtool_S() { # fx_ethtool_S IFNAME SAMPLE RX TX [DROPPED]
	cat > "$F/cmd/ethtool-S-$1.$2" <<EOF
NIC statistics:
     tx_scattered: 0
     tx_no_memory: 0
     tx_no_space: 0
     tx_too_big: 0
     tx_busy: 0
     tx_send_full: 0
     rx_comp_busy: 0
     rx_no_memory: 0
     stop_queue: 0
     wake_queue: 0
     vf_rx_packets: $3
     vf_rx_bytes: $(( $3 * 612 ))
     vf_tx_packets: $4
     vf_tx_bytes: $(( $4 * 498 ))
     vf_tx_dropped: ${5:-0}
     tx_queue_0_packets: 412
     tx_queue_0_bytes: 61730
     rx_queue_0_packets: 1887
     rx_queue_0_bytes: 265126
EOF
}

# fx_azure KVER: the common base of the Azure fixtures: a Hyper-V guest with eth0 (hv_netvsc,
# MAC 00:0d:3a:6e:45:48), one MANA VF function in PCI domain 7870 bound to mana, the kernel's
# config for KVER (relevant lines of Debian's cloud kernel), its in-tree mana.ko, headers.
fx_azure() { # fx_azure KVER [PCI-DRIVER (default mana; "" = unbound)]
	fx_init "$1" azvm-01
	fx_hyperv
	fx_mana_pci 7870 00ba "${2-mana}"
	fx_netvsc eth0 00:0d:3a:6e:45:48 2
	fx_headers "$1"
}
KCONF_61="CONFIG_HYPERVISOR_GUEST=y CONFIG_HYPERV=m CONFIG_PCI_HYPERV=m CONFIG_HYPERV_NET=m CONFIG_MICROSOFT_MANA=m CONFIG_AUXILIARY_BUS=y CONFIG_INFINIBAND=m CONFIG_INFINIBAND_USER_ACCESS=m CONFIG_UIO_HV_GENERIC=m CONFIG_MODULE_SIG=y"
KCONF_612="$KCONF_61 CONFIG_MANA_INFINIBAND=m"
KCONF_510="CONFIG_HYPERVISOR_GUEST=y CONFIG_HYPERV=m CONFIG_PCI_HYPERV=m CONFIG_HYPERV_NET=m CONFIG_INFINIBAND=m CONFIG_INFINIBAND_USER_ACCESS=m CONFIG_UIO_HV_GENERIC=m"
INTREE_MANA=kernel/drivers/net/ethernet/microsoft/mana/mana.ko
OURS_VER=0.1.0
OURS_SRC=3C2A6B7F9E0D41A5B8C7D6E
OURS_IB_SRC=7A1B2C3D4E5F60718293A4B
# the DKMS copies of mana.ko/mana_ib.ko as Debian's dkms 3.0 installs and signs them
fx_ours() { # fx_ours [unsigned]
	local sig=("signer=DKMS module signing key" "sig_key=5A:1E:7C:33:09:D2:4B:88:F0:61:2C:9A:47:E3:B5:10:8D:6F:22:C4" "sig_hashalgo=sha256")
	[ "${1:-}" = unsigned ] && sig=()
	fx_ko updates/dkms/mana.ko "version=$OURS_VER" "srcversion=$OURS_SRC" "description=Microsoft Azure Network Adapter driver (mana-backport)" "${sig[@]}"
	fx_ko updates/dkms/mana_ib.ko "version=$OURS_VER" "srcversion=$OURS_IB_SRC" "${sig[@]}"
}
fx_dkms_installed() { # fx_dkms_installed KVER...: "dkms status" of mana-backport (dkms 3.0 format)
	local k
	for k in "$@"; do echo "mana-backport/$OURS_VER, $k, x86_64: installed"; done > "$F/cmd/dkms-status"
}

# ---- RDMA and DPDK (kernel.dpdk)
# fx_ibdev NAME [UVERBS]: IB device NAME registered on $MANA_PCI (its parent is the PCI function,
# as ib_register_device(..., dma_device) makes it), one port per vPort netdev under the function,
# ib_core/ib_uverbs loaded and the verbs node uverbsN (default uverbs0) naming it
fx_ibdev() {
	local p=$MANA_PCI/infiniband/$1 u=${2:-uverbs0} n i=0
	mkdir -p "$F/sys/$p/ports" "$F/sys/class/infiniband" "$F/sys/class/infiniband_verbs"
	rln "$MANA_PCI" "$p/device"
	for n in "$F/sys/$MANA_PCI"/net/*; do [ -e "$n" ] && { i=$((i + 1)); mkdir -p "$F/sys/$p/ports/$i"; }; done
	ln -s "../../$p" "$F/sys/class/infiniband/$1"
	mkdir -p "$F/sys/$MANA_PCI/infiniband_verbs/$u"
	echo "$1" > "$F/sys/$MANA_PCI/infiniband_verbs/$u/ibdev"
	ln -s "../../$MANA_PCI/infiniband_verbs/$u" "$F/sys/class/infiniband_verbs/$u"
	fx_loaded ib_core; fx_loaded ib_uverbs
}
fx_hugepages() { # fx_hugepages COUNT [FREE]: 2 MiB pages reserved, hugetlbfs on /dev/hugepages
	mkdir -p "$F/sys/kernel/mm/hugepages/hugepages-2048kB" "$F/sys/kernel/mm/hugepages/hugepages-1048576kB"
	echo "$1" > "$F/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
	echo "${2:-$1}" > "$F/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"
	echo 0 > "$F/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages"
	echo 0 > "$F/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages"
	printf 'HugePages_Total:    %s\nHugePages_Free:     %s\nHugepagesize:       2048 kB\n' "$1" "${2:-$1}" > "$F/proc/meminfo"
	printf '%s\n' "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0" \
		"hugetlbfs /dev/hugepages hugetlbfs rw,nosuid,nodev,relatime,pagesize=2M 0 0" > "$F/proc/mounts"
}
fx_dpkg() { # fx_dpkg PACKAGE VERSION...: installed packages as dpkg-query -W -f '${db:Status-Abbrev} ...' lists them
	while [ $# -ge 2 ]; do printf 'ii  %s %s\n' "$1" "$2" >> "$F/cmd/dpkg-query"; shift 2; done
}
# fx_rdma_core VERSION DEBIAN-REVISION: rdma-core's libraries as Debian installs them: libibverbs
# (libibverbs1) named after the rdma-core version, and from v44 on the libmana provider
# (ibverbs-providers: libmana.so.1.0.<version>, the libibverbs/ plugin link, mana.driver)
fx_rdma_core() {
	local d=$F/root/usr/lib/x86_64-linux-gnu
	mkdir -p "$d/libibverbs" "$F/root/etc/libibverbs.d"
	: > "$d/libibverbs.so.1.14.$1"; ln -sf "libibverbs.so.1.14.$1" "$d/libibverbs.so.1"
	if [ "${1%%.*}" -ge 44 ]; then
		: > "$d/libmana.so.1.0.$1"; ln -sf "libmana.so.1.0.$1" "$d/libmana.so.1"
		ln -sf "../libmana.so.1.0.$1" "$d/libibverbs/libmana-rdmav34.so"
		echo "driver mana" > "$F/root/etc/libibverbs.d/mana.driver"
	fi
	fx_dpkg libibverbs1 "$1-$2" ibverbs-providers "$1-$2"
}
# fx_dpdk VERSION ABI DEBIAN-REVISION [nomana]: Debian's DPDK runtime (dpdk, librte-ealABI) and
# libdpdk's pkg-config version; with librte-net-manaABI (the PMD in dpdk/pmds-ABI.0/) unless
# "nomana": Debian 12's DPDK 22.11 packages have no net/mana, Debian 13's 24.11 has
fx_dpdk() {
	local d=$F/root/usr/lib/x86_64-linux-gnu
	mkdir -p "$d/dpdk/pmds-$2.0"
	printf 'RTE Version: DPDK %s\n' "$1" > "$d/librte_eal.so.$2.0"
	fx_dpkg dpdk "$1-$3" "librte-eal$2" "$1-$3"
	if [ "${4:-}" != nomana ]; then
		: > "$d/librte_net_mana.so.$2.0"
		ln -sf "../../librte_net_mana.so.$2.0" "$d/dpdk/pmds-$2.0/librte_net_mana.so.$2.0"
		fx_dpkg "librte-net-mana$2" "$1-$3"
	fi
	echo "$1" | fx_cmd pkg-config
}
# fx_dpdk_src VERSION ABI: DPDK built from source and installed under /usr/local (meson's
# default prefix) with net/mana, found through pkg-config
fx_dpdk_src() {
	local d=$F/root/usr/local/lib/x86_64-linux-gnu
	mkdir -p "$d/dpdk/pmds-$2.0"
	printf 'DPDK %s\n' "$1" > "$d/librte_eal.so.$2.0"
	: > "$d/dpdk/pmds-$2.0/librte_net_mana.so.$2.0"
	echo "$1" | fx_cmd pkg-config
}
# fx_dpdk_proc PID COMM UVERBS ARG...: a running DPDK process holding /dev/infiniband/UVERBS
fx_dpdk_proc() {
	local pid=$1 comm=$2 u=$3
	shift 3
	mkdir -p "$F/proc/$pid/fd"
	echo "$comm" > "$F/proc/$pid/comm"
	printf '%s\0' "$comm" "$@" > "$F/proc/$pid/cmdline"
	ln -s /dev/null "$F/proc/$pid/fd/0"
	ln -s "/dev/infiniband/$u" "$F/proc/$pid/fd/9"
	ln -s /dev/hugepages/rtemap_0 "$F/proc/$pid/fd/12"
}
# ibv_devinfo -v -d DEV of a MANA raw-packet device (the lines around the raw-packet caps); pass
# "none" for a mana_ib that reports no raw-packet capability
fx_ibv_devinfo() { # fx_ibv_devinfo DEV [none]
	{
		printf 'hca_id:\t%s\n\ttransport:\t\t\tInfiniBand (0)\n\tnode_guid:\t\t\t020d:3aff:fe6e:4548\n' "$1"
		printf '\tvendor_id:\t\t\t0x1414\n\tvendor_part_id:\t\t\t2\n\thw_ver:\t\t\t\t0x0\n\tphys_port_cnt:\t\t\t1\n'
		printf '\tcore clock not supported\n'
		[ "${2:-}" = none ] || printf '\traw packet caps:\n\t\t\t\t\tIP csum offload\n'
		printf '\tdevice_cap_flags_ex:\t\t0x0\n'
	} > "$F/cmd/ibv_devinfo"
}
