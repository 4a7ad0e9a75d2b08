# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for the mana-backport test and build scripts.
# Source it from bash:  . "$(dirname "$0")/../lib/common.sh"  (paths vary).
#
# Everything fetched or built for tests lives in $MANA_CACHE (outside the repo), so a
# fresh machine repopulates it and a developer machine reuses it.

: "${MANA_CACHE:=/var/cache/mana-backport}"
MANA_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MANA_CACHE MANA_TOP

mana_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mana_die() { mana_log "ERROR: $*"; exit 1; }

# Result lines understood by scripts/check.sh (one per check):
#   PASS: <what>      FAIL: <what>      SKIP: <what> (<why>)
mana_pass() { echo "PASS: $*"; }
mana_fail() { echo "FAIL: $*"; }
mana_skip() { echo "SKIP: $*"; }

# Tally of a test runner's result lines: mana_result LINE prints LINE and counts it in
# npass/nfail/nskip; mana_finish sets mana_finished (for an EXIT trap that reports a
# runner dying before its end), notes the skips, prints "N passed, N failed" and exits 0
# only when something passed and nothing failed.
npass=0 nfail=0 nskip=0 mana_finished=
mana_result() {
	echo "$1"
	case $1 in
	PASS:*) npass=$((npass + 1)) ;;
	FAIL:*) nfail=$((nfail + 1)) ;;
	SKIP:*) nskip=$((nskip + 1)) ;;
	esac
}
mana_finish() {
	mana_finished=1
	[ "$nskip" -eq 0 ] || echo "($nskip skipped: not counted as passes)"
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ] && [ "$npass" -gt 0 ]
	exit
}

# mana_lock FILE: take an exclusive lock on FILE, held until the calling (sub)shell exits
# (waits up to an hour). Caches filled once and build folders use it, so check steps that
# run side by side (scripts/check.sh) wait for each other's first fill instead of racing.
mana_lock() {
	mkdir -p "$(dirname "$1")" || return 1
	exec {_mana_lock_fd}> "$1" || return 1
	flock -w 3600 "$_mana_lock_fd"
}

mana_apt() {
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"
}

# Install Debian packages from the machine's own suites when any is missing.
mana_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	mana_log "installing: ${missing[*]}"
	if [ ! -e "$MANA_CACHE/.apt-updated" ] || [ -n "$(find "$MANA_CACHE/.apt-updated" -mmin +360)" ]; then
		mana_apt update >/dev/null || return 1
		mkdir -p "$MANA_CACHE" && touch "$MANA_CACHE/.apt-updated"
	fi
	mana_apt install --no-install-recommends "${missing[@]}" >/dev/null
}

# mana_linux_source_files DEST PATH...: copy files (paths inside the kernel tree) out of
# Debian's linux-source-7.3 into DEST, flat. Uses /usr/src/linux-source-7.3.tar.xz when the
# package is installed, else downloads the package from trixie-backports (nothing installed).
mana_linux_source_files() {
	local dest=$1 tarball=/usr/src/linux-source-7.3.tar.xz tmp opts p
	shift
	tmp=$(mktemp -d)
	if [ ! -f "$tarball" ]; then
		opts=$(mana_suite_opts trixie-backports) || { rm -rf "$tmp"; return 1; }
		# shellcheck disable=SC2086
		( cd "$tmp" && chmod 777 . && apt-get $opts download linux-source-7.3 > /dev/null 2>&1 ) ||
			{ mana_log "cannot download linux-source-7.3 from trixie-backports"; rm -rf "$tmp"; return 1; }
		dpkg -x "$tmp"/linux-source-7.3_*.deb "$tmp/x"
		tarball=$(ls "$tmp"/x/usr/src/linux-source-7.3.tar.* | head -n1)
	fi
	mana_log "extracting $* from $tarball"
	tar -xf "$tarball" -C "$tmp" --wildcards "${@/#/*/}" || { rm -rf "$tmp"; return 1; }
	mkdir -p "$dest"
	for p in "$@"; do
		cp "$tmp/linux-source-7.3/$p" "$dest/" || { rm -rf "$tmp"; return 1; }
	done
	rm -rf "$tmp"
}

# mana_suite_opts SUITE: print apt options that use one extra Debian suite with its own
# lists folder (nothing in /etc/apt changes). SUITE: bullseye, trixie, trixie-backports
# (the latter also includes trixie for its dependencies), sid.
mana_suite_opts() {
	local s=$1 d="$MANA_CACHE/apt/$1" kr=/usr/share/keyrings/debian-archive-keyring.gpg
	local mirror=${MANA_DEBIAN_MIRROR:-}
	if [ -z "$mirror" ]; then
		mirror=$(grep -hoE '(https?://[^ ]+/debian)( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n1 | tr -d ' ')
		[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	fi
	mkdir -p "$d"
	( mana_lock "$d/.lock" || exit 1
	if [ ! -f "$d/sources.list" ] || [ -z "$(ls "$d/lists" 2>/dev/null | grep -v partial)" ] ||
	   [ -n "$(find "$d/sources.list" -mmin +720)" ]; then
		mkdir -p "$d/lists/partial"
		case $s in
		bullseye) echo "deb [signed-by=$kr] $mirror bullseye main" > "$d/sources.list" ;;
		trixie) echo "deb [signed-by=$kr] $mirror trixie main" > "$d/sources.list" ;;
		sid) echo "deb [signed-by=$kr] $mirror sid main" > "$d/sources.list" ;;
		trixie-backports)
			printf 'deb [signed-by=%s] %s trixie main\ndeb [signed-by=%s] %s trixie-backports main\n' \
				"$kr" "$mirror" "$kr" "$mirror" > "$d/sources.list" ;;
		*) mana_die "unknown suite $s" ;;
		esac
		apt-get -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=/dev/null \
			-o Dir::State::Lists="$d/lists" update >/dev/null 2>&1 ||
			mana_die "apt update for $s failed"
		touch "$d/sources.list"
	fi ) || exit 1
	echo "-o Dir::Etc::sourcelist=$d/sources.list -o Dir::Etc::sourceparts=/dev/null -o Dir::State::Lists=$d/lists"
}
