# shellcheck shell=bash
# Shared by the scripts in this folder: finds or provisions Python >= 3.14.2 and the venvs.
#
# Home Assistant 2026.x needs Python >= 3.14.2. Where the host has it, the scripts use it
# directly. Where it does not (Debian 12/13), they build a Debian unstable root tree once with
# mmdebstrap and re-run themselves inside it (chroot in a private mount namespace, so nothing
# stays mounted when they end and two scripts can run at once). The checkout is bind-mounted
# at the same path inside, so every path below means the same thing on both sides.

set -euo pipefail

WHP_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WHP_CACHE=${WHP_CACHE:-/var/cache/window_heatpump}
WHP_ROOTFS=${WHP_ROOTFS:-$WHP_CACHE/rootfs}
# Bump when the package list of the root tree changes, so old trees are rebuilt.
# gcc, g++, libc6-dev and python3.14-dev build the packages that have no Python 3.14 wheel: lru-dict
# 1.3.0 (the floor Home Assistant pins it), pymicro-vad and pyspeex-noise (the demo's assist_pipeline).
WHP_ROOTFS_RECIPE="5 python3.14 python3.14-venv python3.14-dev gcc g++ libc6-dev ca-certificates mosquitto procps curl"
WHP_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

whp_log() { printf '[window_heatpump] %s\n' "$*" >&2; }
whp_die() { whp_log "error: $*"; exit 1; }

# Print a python >= 3.14.2 on the host, if there is one.
whp_host_python() {
    local candidate
    for candidate in "${WHP_PYTHON:-}" python3.14 python3; do
        [[ -n $candidate ]] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 14, 2))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

whp_apt_install() {
    [[ $EUID -eq 0 ]] || whp_die "need root to install $* (or install them yourself)"
    whp_log "installing Debian packages: $*"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Remove a root tree, first detaching anything a killed build left mounted inside it.
whp_remove_tree() {
    local tree=$1 target
    [[ -e $tree ]] || return 0
    while read -r target; do
        umount -l "$target" 2>/dev/null || true
    done < <(findmnt -rn -o TARGET | grep -F "$tree/" | sort -r)
    rm -rf --one-file-system "$tree"
}

whp_rootfs_ensure() {
    local stamp="$WHP_ROOTFS/.whp-recipe"
    mkdir -p "$(dirname "$WHP_ROOTFS")"
    # Two scripts started at once must not both build (or delete) the tree.
    exec {lock}>"$WHP_ROOTFS.lock"
    flock "$lock"
    if [[ -f $stamp && $(cat "$stamp") == "$WHP_ROOTFS_RECIPE" ]]; then
        flock -u "$lock"
        return 0
    fi
    command -v mmdebstrap >/dev/null 2>&1 || whp_apt_install mmdebstrap
    local tmp="$WHP_ROOTFS.new" packages
    packages=$(echo "${WHP_ROOTFS_RECIPE#* }" | tr ' ' ',')
    whp_remove_tree "$tmp"
    whp_log "building a Debian unstable root tree with Python 3.14 in $WHP_ROOTFS (about a minute)"
    # The mirror's Release file can be past its Valid-Until date; signatures are still checked.
    mmdebstrap --quiet --variant=apt \
        --aptopt='Acquire::Check-Valid-Until "false"' \
        --include="$packages" unstable "$tmp"
    echo "$WHP_ROOTFS_RECIPE" >"$tmp/.whp-recipe"
    whp_remove_tree "$WHP_ROOTFS"
    mv "$tmp" "$WHP_ROOTFS"
    flock -u "$lock"
}

# Run this script again inside the root tree; returns only on the host-Python path.
whp_enter() {
    if [[ -n ${WHP_INSIDE:-} ]]; then
        WHP_PYTHON=python3.14
        export WHP_PYTHON
        return 0
    fi
    if WHP_PYTHON=$(whp_host_python); then
        export WHP_PYTHON
        # The broker for the MQTT tests, and a compiler for the few requirements without a
        # Python 3.14 wheel (lru-dict on the floor release, the demo's voice packages).
        local missing=() tool
        for tool in mosquitto gcc g++; do
            command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
        done
        if [[ ${#missing[@]} -gt 0 && $EUID -eq 0 ]]; then
            whp_apt_install "${missing[@]}"
        fi
        return 0
    fi
    [[ $EUID -eq 0 ]] || whp_die "no Python >= 3.14.2 here; run as root so the scripts can provision one"
    whp_rootfs_ensure
    # The host may trust a proxy's CA that the root tree does not know; copy its bundle in.
    # Copied beside and renamed over, so that a script already running inside (every Home
    # Assistant process reads the bundle when it starts) never reads a half-written file.
    if [[ -f $WHP_CA_BUNDLE ]]; then
        cp "$WHP_CA_BUNDLE" "$WHP_ROOTFS$WHP_CA_BUNDLE.$$"
        mv -f "$WHP_ROOTFS$WHP_CA_BUNDLE.$$" "$WHP_ROOTFS$WHP_CA_BUNDLE"
    fi
    if cp -L /etc/resolv.conf "$WHP_ROOTFS/etc/resolv.conf.$$" 2>/dev/null; then
        mv -f "$WHP_ROOTFS/etc/resolv.conf.$$" "$WHP_ROOTFS/etc/resolv.conf"
    fi
    mkdir -p "$WHP_ROOTFS$WHP_CACHE"
    local script rc=0 var
    script="$WHP_REPO/scripts/$(basename "$0")"
    local env=(
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        HOME=/root LANG=C.UTF-8 "TERM=${TERM:-dumb}" WHP_INSIDE=1 "WHP_CACHE=$WHP_CACHE"
        "WHP_HOST_ROOT=$WHP_ROOTFS"
        PIP_DISABLE_PIP_VERSION_CHECK=1
        "SSL_CERT_FILE=$WHP_CA_BUNDLE" "REQUESTS_CA_BUNDLE=$WHP_CA_BUNDLE" "PIP_CERT=$WHP_CA_BUNDLE"
    )
    for var in CI PIP_INDEX_URL PIP_DEFAULT_TIMEOUT HTTP_PROXY HTTPS_PROXY NO_PROXY \
        http_proxy https_proxy no_proxy WHP_DEMO_PORT WHP_DEMO_SPEED WHP_DEMO_CONFIG; do
        [[ -n ${!var:-} ]] && env+=("$var=${!var}")
    done
    # In the background with its pid known (every step execs, so it ends up as the script inside),
    # so that SIGINT/SIGTERM/SIGHUP here reach it as SIGTERM and it can stop what it started.
    unshare --mount --propagation private /bin/bash -euc '
        root=$1; repo=$2; shift 2
        # /tmp first: the checkout may itself be under /tmp (a CI clone).
        mount -t tmpfs tmpfs "$root/tmp"
        mkdir -p "$root$repo"
        mount --bind "$repo" "$root$repo"
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount --rbind /sys "$root/sys"
        exec chroot "$root" /usr/bin/env -i "$@"
    ' whp "$WHP_ROOTFS" "$WHP_REPO" "${env[@]}" /bin/bash "$script" "$@" <&0 &
    local child=$!
    trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM HUP
    while kill -0 "$child" 2>/dev/null; do wait "$child" || true; done
    wait "$child" || rc=$?
    exit "$rc"
}

# Print where path $1 (as the script sees it) is on the host: the checkout is bind-mounted at
# its own path, everything else inside the root tree is under the tree's host path.
whp_host_path() {
    local path=$1
    if [[ -z ${WHP_HOST_ROOT:-} || $path == "$WHP_REPO" || $path == "$WHP_REPO"/* ]]; then
        echo "$path"
    else
        echo "$WHP_HOST_ROOT$path"
    fi
}

# Create a venv named $1 from requirement files $2..; print its path. Each set of requirements
# gets its own venv, so checkouts on different requirements (worktrees, the floor run) can run
# at the same time without rebuilding each other's.
whp_venv() {
    local name=$1
    shift
    local hash
    hash=$(cat "$@" | sha256sum | cut -c1-12)
    local venv="$WHP_CACHE/venvs/$name-$hash"
    mkdir -p "$(dirname "$venv")"
    exec {venv_lock}>"$venv.lock"
    flock "$venv_lock"
    if [[ ! -f $venv/.whp-complete ]]; then
        whp_log "installing Python packages into $(whp_host_path "$venv") (first run: a minute or two)"
        rm -rf "$venv"
        "$WHP_PYTHON" -m venv "$venv"
        local args=() file
        for file in "$@"; do args+=(-r "$file"); done
        "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
        "$venv/bin/python" -m pip install --quiet "${args[@]}" >&2
        touch "$venv/.whp-complete"
    fi
    flock -u "$venv_lock"
    echo "$venv"
}
