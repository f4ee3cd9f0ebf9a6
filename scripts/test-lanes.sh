#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Runs Projem's test lanes and sums them up. With no arguments, every lane:
#   lint          ruff check and format check
#   core          plain Python, no FreeCAD, no database server (tests/unit)
#   gui           the workbench's panels under PySide6 on Qt's offscreen platform (tests/gui)
#   database      every schema test on SQLite and a private PostgreSQL (tests/db)
#   freecad-1.1   FreeCAD 1.1 (Qt 6, Python 3.14) in its Debian sid root
#   freecad-1.0   FreeCAD 1.0 (Qt 5, Python 3.13) in its Debian trixie root
#   freecad-0.20  Debian 12's FreeCAD 0.20 from the venv's Python 3.11
#   addon         Projem installed as from the Addon Manager into FreeCAD 1.1, 1.0 and 0.20
#                 with none of its Python packages: the real GUI's Install, online and offline
# Every lane runs even when an earlier one fails; the exit code says whether all passed.
set -uo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
PY=.venv/bin/python
results=build/test-results
rm -rf "$results"; mkdir -p "$results"
lanes=("$@")
((${#lanes[@]})) || lanes=(lint core gui database freecad-1.1 freecad-1.0 freecad-0.20 addon)
FREECAD11_ROOT=${FREECAD11_ROOT:-/var/cache/projem/freecad-1.1-root}
FREECAD10_ROOT=${FREECAD10_ROOT:-/var/cache/projem/freecad-1.0-root}

declare -A status
pytest_args=(-p no:cacheprovider)
# FreeCAD lanes run under the host's Xvfb: the real-GUI test starts FreeCAD's GUI on it.
xvfb=(xvfb-run -a -s "-screen 0 1400x900x24")

run_lane() {
  local lane=$1
  echo
  echo "=================== lane: $lane ==================="
  export PROJEM_LANE=$lane
  case "$lane" in
    lint)
      .venv/bin/ruff check . && .venv/bin/ruff format --check . ;;
    core)
      PROJEM_TEST_BACKENDS=sqlite $PY -m pytest "${pytest_args[@]}" \
        --junitxml="$results/core.xml" tests/unit ;;
    gui)
      QT_QPA_PLATFORM=offscreen PYTEST_QT_API=pyside6 PROJEM_TEST_BACKENDS=sqlite \
        $PY -m pytest "${pytest_args[@]}" --junitxml="$results/gui.xml" tests/gui ;;
    database)
      PROJEM_TEST_BACKENDS=sqlite,postgresql $PY -m pytest "${pytest_args[@]}" \
        --junitxml="$results/database.xml" tests/db ;;
    freecad-1.1|freecad-1.0)
      local root=$FREECAD11_ROOT
      [ "$lane" = freecad-1.0 ] && root=$FREECAD10_ROOT
      PROJEM_TEST_BACKENDS=sqlite "${xvfb[@]}" bash scripts/run-in-root.sh "$root" sh -c \
        "cd /projem && python3 -m pytest ${pytest_args[*]} --junitxml=$results/$lane.xml \
         -m 'not postgres and not cli_end_to_end' tests/unit tests/db tests/freecad" ;;
    freecad-0.20)
      # pytest-qt stays out: it would load Qt 6 beside FreeCAD 0.20's Qt 5. FreeCAD 0.20's
      # Addon Manager has no package.xml parser to check against (1.0 and 1.1 do).
      PROJEM_TEST_BACKENDS=sqlite PROJEM_FREECAD_LIB=/usr/lib/freecad-python3/lib \
        "${xvfb[@]}" $PY -m pytest "${pytest_args[@]}" -p no:pytest-qt \
        --junitxml="$results/$lane.xml" --ignore=tests/freecad/test_package_metadata.py \
        tests/freecad ;;
    addon)
      FREECAD11_ROOT=$FREECAD11_ROOT FREECAD10_ROOT=$FREECAD10_ROOT "${xvfb[@]}" \
        $PY -m pytest "${pytest_args[@]}" -p no:pytest-qt --junitxml="$results/$lane.xml" \
        tests/addon ;;
    *)
      echo "unknown lane '$lane'"; return 2 ;;
  esac
}

for lane in "${lanes[@]}"; do
  run_lane "$lane"
  status[$lane]=$?
done

echo
echo "=================== summary ==================="
failed=0
for lane in "${lanes[@]}"; do
  if [ "${status[$lane]}" = 0 ]; then echo "  $lane: ok"; else echo "  $lane: FAILED"; failed=1; fi
done
$PY scripts/sum-junit.py "$results" "${lanes[@]}"
exit $failed
