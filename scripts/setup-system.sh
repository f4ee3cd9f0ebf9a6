#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs the Debian packages Projem's demo and test lanes need on a fresh Debian 12 host.
# Idempotent and quick when everything is present: apt runs only for packages that are missing.
set -euo pipefail

PACKAGES=(
  freecad-python3          # FreeCAD 0.20.2, the oldest supported version and a test lane
  postgresql               # PostgreSQL 15 server binaries for the database lane
  mmdebstrap               # builds the FreeCAD 1.0 and 1.1 Debian roots
  python3-venv
  xvfb xauth               # real-GUI tests
  rsync
  linuxcnc-uspace          # rs274, the standalone G-code interpreter the CAM tests check against
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-system: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-system: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup-system: system packages present"
