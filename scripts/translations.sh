#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Projem's translations (resources/translations/Projem_<lang>.ts sources, .qm compiled), with
# Qt's lupdate and lrelease as shipped in PySide6-Essentials (a test dependency: `make setup`).
#   scripts/translations.sh update    collect every translate()/QT_TRANSLATE_NOOP string
#   scripts/translations.sh compile   write the .qm files FreeCAD loads
# Translators edit the .ts files (Qt Linguist: .venv/bin/pyside6-linguist), then compile.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PYSIDE6_BIN:-.venv/bin}
folder=resources/translations
languages=(tr en)
mapfile -t sources < <(find projem_workbench/gui -name '*.py' | sort)

case "${1:-}" in
  update)
    for lang in "${languages[@]}"; do
      "$bin/pyside6-lupdate" -silent -no-obsolete -locations none -target-language "$lang" \
        InitGui.py "${sources[@]}" -ts "$folder/Projem_$lang.ts"
    done ;;
  compile)
    for lang in "${languages[@]}"; do
      "$bin/pyside6-lrelease" -silent "$folder/Projem_$lang.ts" -qm "$folder/Projem_$lang.qm"
    done ;;
  *)
    echo "usage: $0 update|compile" >&2; exit 2 ;;
esac
