#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds (only when missing or broken) a Debian root holding a newer FreeCAD for a test lane.
#   scripts/freecad-root.sh 1.1   -> FreeCAD 1.1 (Qt 6, Python 3.14) from Debian sid
#   scripts/freecad-root.sh 1.0   -> FreeCAD 1.0 (Qt 5, Python 3.13) from Debian trixie
# The root lives outside the checkout so every clone reuses it; FREECAD11_ROOT/FREECAD10_ROOT
# override the location. Prints the root's path on its last line.
set -euo pipefail

version=${1:?usage: freecad-root.sh 1.1|1.0}
case "$version" in
  1.1) suite=sid; root=${FREECAD11_ROOT:-/var/cache/projem/freecad-1.1-root};
       # sid's Release file is past its Valid-Until date on this mirror.
       aptopts=(--aptopt='Acquire::Check-Valid-Until "false"') ;;
  1.0) suite=trixie; root=${FREECAD10_ROOT:-/var/cache/projem/freecad-1.0-root}; aptopts=() ;;
  *) echo "freecad-root: unknown FreeCAD version '$version' (1.1 or 1.0)" >&2; exit 2 ;;
esac

# Everything the FreeCAD lanes import, from the suite's own packages so it matches its Python.
include=freecad-python3,python3-sqlalchemy,python3-alembic,python3-pydantic,python3-platformdirs
include+=,python3-pytest,python3-psycopg2,python3-hypothesis,python3-stdnum,python3-pip,ca-certificates
# LinuxCNC's standalone G-code interpreter (rs274): the independent oracle of the CAM tests.
extras=(linuxcnc-uspace)
include+=,$(IFS=,; echo "${extras[*]}")

healthy() {
  [ -x "$1/usr/bin/freecadcmd" ] && [ -f "$1/.projem-root-ok" ] &&
    chroot "$1" python3 -c 'import sqlalchemy, alembic, pydantic, platformdirs, pytest, rfc8785' 2>/dev/null
}

# Packages added to the list after a root was built go into it in place (quicker than a rebuild).
add_extras() {
  local missing=()
  for pkg in "${extras[@]}"; do
    chroot "$1" dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "freecad-root: adding ${missing[*]} to $1"
  unshare --mount --propagation private -- bash -c '
    set -e
    mount -t proc proc "$1/proc"; mount --rbind /dev "$1/dev"
    chroot "$1" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $2 >/dev/null && rm -rf /var/lib/apt/lists/*"
  ' add-extras "$1" "${missing[*]}"
}

if healthy "$root"; then
  add_extras "$root"
  echo "freecad-root: FreeCAD $version root ready"
  echo "$root"
  exit 0
fi

command -v mmdebstrap >/dev/null || { echo "freecad-root: mmdebstrap missing (run scripts/setup-system.sh)" >&2; exit 1; }
echo "freecad-root: building FreeCAD $version root from Debian $suite in $root (about a minute)"
mkdir -p "$(dirname "$root")"
tmp="$root.building"
# An interrupted mmdebstrap can leave /proc, /sys or /dev mounted inside its target: unmount
# them first, and never let rm cross into another file system.
discard() {
  { grep -o " $1/[^ ]*" /proc/mounts || true; } | sort -r | while read -r mnt; do umount -l "$mnt" || true; done
  rm -rf --one-file-system "$1"
}
discard "$root"
# A half-built root whose Debian part finished is reused; anything else starts over.
if [ ! -f "$tmp/.projem-debian-ok" ]; then
  discard "$tmp"
  mmdebstrap --quiet --variant=apt "${aptopts[@]}" --include="$include" "$suite" "$tmp"
  touch "$tmp/.projem-debian-ok"
fi
# Pure-Python packages the suite does not carry come from PyPI through the host's pip (the root
# has no certificates for the host's registry proxy), pinned in requirements/freecad-root.txt.
here=$(cd "$(dirname "$0")/.." && pwd)
python3 -m pip install --quiet --no-deps --no-compile --upgrade \
  --target "$tmp/usr/local/lib/projem-site" -r "$here/requirements/freecad-root.txt"
site=$(chroot "$tmp" python3 -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
mkdir -p "$tmp$site"
echo /usr/local/lib/projem-site > "$tmp$site/projem-site.pth"
touch "$tmp/.projem-root-ok"
mv "$tmp" "$root"
healthy "$root" || { echo "freecad-root: the new root at $root does not import its packages" >&2; exit 1; }
echo "freecad-root: FreeCAD $version root ready"
echo "$root"
