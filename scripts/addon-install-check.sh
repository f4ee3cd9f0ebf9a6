#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Projem placed in the user Mod folder as the Addon Manager places it, in a FreeCAD that has
# none of Projem's Python packages; FreeCAD's real GUI (on the X display given in DISPLAY)
# runs tests/freecad/gui/session.FCMacro's "install" scenario: the dialog, Install, Projem
# activating, the sample plate stored and machined. Results and screenshots go to OUT.
#   scripts/addon-install-check.sh VERSION OUT [WHEELS]
# VERSION 1.1 or 1.0: the Debian root under /var/cache/projem seen through an overlay (the
#   root itself is not changed) in which Projem's Debian packages are purged.
# VERSION 0.20: Debian 12's own FreeCAD on this host, which has none of them.
# WHEELS: install from this folder of wheels with the network cut off (a network namespace of
#   its own, with no interface) and pip's configuration ignored, so nothing else is reachable.
set -euo pipefail
version=${1:?usage: addon-install-check.sh VERSION OUT [WHEELS]}
out=$(realpath -m "${2:?usage: addon-install-check.sh VERSION OUT [WHEELS]}")
wheels=${3:+$(realpath "$3")}
checkout=$(cd "$(dirname "$0")/.." && pwd)
: "${DISPLAY:?an X display is needed (run under xvfb-run)}"
mkdir -p "$out"
work=$(mktemp -d /tmp/projem-addon.XXXXXX)
cleanup() { rm -rf --one-file-system "$work" 2>/dev/null || true; }
trap cleanup EXIT
# Projem's own Debian packages (and the test tools of the lanes' roots), not FreeCAD's.
projem_debs="python3-sqlalchemy python3-alembic python3-pydantic python3-platformdirs \
python3-stdnum python3-psycopg2 python3-pytest python3-hypothesis"
scenario_env=(PROJEM_GUI_SCENARIO=install PROJEM_GUI_OUT=/out LANG=C.UTF-8
  QTWEBENGINE_DISABLE_SANDBOX=1 DISPLAY="$DISPLAY")
[ -n "$wheels" ] && scenario_env+=(PROJEM_GUI_WHEELS=/wheels PIP_CONFIG_FILE=/dev/null)
net=()
[ -n "$wheels" ] && net=(--net)

copy_projem() {  # $1: the user Mod folder, as seen from here
  mkdir -p "$1/Projem"
  rsync -a --exclude .git --exclude .venv --exclude build --exclude __pycache__ \
    --exclude .pytest_cache "$checkout/" "$1/Projem/"
}

case "$version" in
  1.1|1.0)
    root=/var/cache/projem/freecad-$version-root
    [ "$version" = 1.1 ] && root=${FREECAD11_ROOT:-$root}
    [ "$version" = 1.0 ] && root=${FREECAD10_ROOT:-$root}
    [ -x "$root/usr/bin/freecad" ] || { echo "no FreeCAD $version root at $root" >&2; exit 2; }
    mkdir -p "$work"/{upper,ovl,merged}
    export root work out wheels checkout projem_debs
    export -f copy_projem
    unshare --mount --propagation private "${net[@]}" -- bash -c '
      set -euo pipefail
      m=$work/merged
      mount -t overlay overlay -o "lowerdir=$root,upperdir=$work/upper,workdir=$work/ovl" "$m"
      mount -t proc proc "$m/proc"
      mount --rbind /dev "$m/dev"
      mkdir -p "$m/out" "$m/wheels" "$m/tmp/.X11-unix"
      mount --bind "$out" "$m/out"
      [ -n "$wheels" ] && mount --bind "$wheels" "$m/wheels"
      mount --bind /tmp/.X11-unix "$m/tmp/.X11-unix"   # the display, by its socket file
      cp /etc/ssl/certs/ca-certificates.crt "$m/etc/ssl/certs/ca-certificates.crt"
      [ -n "${XAUTHORITY:-}" ] && cp "$XAUTHORITY" "$m/tmp/xauth"
      # Purged unless FreeCAD itself needs it (trixie'"'"'s FreeCAD 1.0 needs platformdirs).
      purge=() kept=()
      for deb in $projem_debs; do
        if chroot "$m" apt-get -s purge "$deb" 2>/dev/null | grep -qE "^(Remv|Purg) freecad"; then
          kept+=("$deb")
        else
          purge+=("$deb")
        fi
      done
      echo "${kept[*]}" > "$m/out/kept-debian-packages"
      chroot "$m" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --autoremove \
        "${purge[@]}" >/dev/null
      rm -f "$m"/usr/lib/python3/dist-packages/projem-site.pth "$m"/usr/lib/python3*/site-packages/projem-site.pth
      rm -rf "$m/usr/local/lib/projem-site"
      data=$(chroot "$m" env -i HOME=/home/cam PATH=/usr/bin:/bin freecadcmd -c \
        "import FreeCAD; print(\"DIR=\" + FreeCAD.getUserAppDataDir())" | sed -n "s/^DIR=//p" | tail -1)
      copy_projem "$m$data/Mod"
      mkdir -p "$m/home/cam/db"
      echo "$data" > "$m/out/user-data-dir"
      chroot "$m" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/cam XAUTHORITY=/tmp/xauth \
        PROJEM_DATABASE_URL=/home/cam/db/projem.sqlite3 "$@" \
        freecad "$data/Mod/Projem/tests/freecad/gui/session.FCMacro"
    ' addon-install "${scenario_env[@]}" > "$out/freecad.log" 2>&1 || echo "freecad exit $?" >> "$out/freecad.log"
    ;;
  0.20)
    home=$work/home
    mkdir -p "$home/db"
    data=$(env -i HOME="$home" PATH=/usr/bin:/bin freecadcmd -c \
      "import FreeCAD; print('DIR=' + FreeCAD.getUserAppDataDir())" | sed -n "s/^DIR=//p" | tail -1)
    copy_projem "$data/Mod"
    echo "$data" > "$out/user-data-dir"
    run=(env -i PATH=/usr/bin:/bin HOME="$home" XAUTHORITY="${XAUTHORITY:-}"
      PROJEM_DATABASE_URL="$home/db/projem.sqlite3" "${scenario_env[@]/#PROJEM_GUI_OUT=\/out/PROJEM_GUI_OUT=$out}")
    [ -n "$wheels" ] && run=("${run[@]/#PROJEM_GUI_WHEELS=\/wheels/PROJEM_GUI_WHEELS=$wheels}")
    # The host's own pip configuration (its certificates) serves the online install.
    [ -z "$wheels" ] && run+=(PIP_CERT="${PIP_CERT:-}")
    unshare "${net[@]:---mount}" -- "${run[@]}" freecad "$data/Mod/Projem/tests/freecad/gui/session.FCMacro" \
      > "$out/freecad.log" 2>&1 || echo "freecad exit $?" >> "$out/freecad.log"
    ;;
  *) echo "unknown FreeCAD version $version (1.1, 1.0 or 0.20)" >&2; exit 2 ;;
esac
[ -f "$out/results.json" ] || { echo "no results: see $out/freecad.log" >&2; tail -30 "$out/freecad.log" >&2; exit 1; }
