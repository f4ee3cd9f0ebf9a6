#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs a command inside a FreeCAD Debian root with this checkout bind-mounted at /projem.
#   scripts/run-in-root.sh ROOT COMMAND [ARG...]
# With DISPLAY set (the lanes run under the host's xvfb-run) the X cookie is copied into the
# root, so FreeCAD's GUI inside it reaches the host's Xvfb (through its abstract socket).
# The mounts live in a private mount namespace, so they vanish with the command even if it
# is killed; nothing is left mounted inside the root.
set -euo pipefail
root=${1:?usage: run-in-root.sh ROOT COMMAND...}
shift
checkout=$(cd "$(dirname "$0")/.." && pwd)
export PROJEM_ROOT="$root" PROJEM_CHECKOUT="$checkout" PROJEM_ROOT_XAUTHORITY=
if [ -n "${DISPLAY:-}" ] && [ -n "${XAUTHORITY:-}" ] && [ -f "$XAUTHORITY" ]; then
  mkdir -p "$root/tmp"
  cookie=".projem-xauth-${DISPLAY##*:}"
  cp "$XAUTHORITY" "$root/tmp/$cookie"
  export PROJEM_ROOT_XAUTHORITY="/tmp/$cookie"
fi
exec unshare --mount --propagation private -- bash -c '
  set -euo pipefail
  mount -t proc proc "$PROJEM_ROOT/proc"
  mount --rbind /dev "$PROJEM_ROOT/dev"
  mkdir -p "$PROJEM_ROOT/projem" "$PROJEM_ROOT/tmp"
  mount --bind "$PROJEM_CHECKOUT" "$PROJEM_ROOT/projem"
  # The host'"'"'s certificates (its registry proxy'"'"'s among them), so pip in the root reaches the
  # package registry as the host does (tests/unit/test_deps.py downloads wheels).
  mount --bind -o ro /etc/ssl/certs/ca-certificates.crt "$PROJEM_ROOT/etc/ssl/certs/ca-certificates.crt"
  exec chroot "$PROJEM_ROOT" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/tmp/projem-home \
    LANG=C.UTF-8 CI="${CI:-}" PROJEM_LANE="${PROJEM_LANE:-}" \
    DISPLAY="${DISPLAY:-}" XAUTHORITY="${PROJEM_ROOT_XAUTHORITY:-}" \
    PROJEM_TEST_BACKENDS="${PROJEM_TEST_BACKENDS:-sqlite}" PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/projem "$@"
' run-in-root "$@"
