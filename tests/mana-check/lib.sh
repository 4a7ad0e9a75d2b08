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

fx_vf() { # fx_vf IFNAME MAC IFINDEX [MASTER]: MANA netdev on $MANA_PCI, joined when MASTER given
	local p=$MANA_PCI/net/$1
	mkdir -p "$F/sys/$p"
	rln "$MANA_PCI" "$p/device"
	echo "$2" > "$F/sys/$p/address"
	echo "$3" > "$F/sys/$p/ifindex"
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
