# SPDX-License-Identifier: LGPL-2.1-or-later
# Two commands do everything on a fresh Debian 12 machine (as root): `make demo` and `make test`.
# Each installs what is missing first and is quick when everything is already there.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FREECAD11_ROOT ?= /var/cache/projem/freecad-1.1-root
FREECAD10_ROOT ?= /var/cache/projem/freecad-1.0-root
export FREECAD11_ROOT FREECAD10_ROOT

.PHONY: demo test setup system venv roots lint lanes clean

demo: setup
	$(VENV)/bin/projem demo

test: setup roots
	bash scripts/test-lanes.sh

setup: system venv

system:
	bash scripts/setup-system.sh

# The venv uses Debian's Python 3.11 so FreeCAD 0.20 (built for it) imports in the same process.
venv: $(VENV)/.projem-installed

$(VENV)/.projem-installed: pyproject.toml
	test -x $(PY) || /usr/bin/python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test,postgres]'
	touch $@

roots:
	bash scripts/freecad-root.sh 1.1
	bash scripts/freecad-root.sh 1.0

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# One lane: make lanes LANES="core database"
lanes: setup
	bash scripts/test-lanes.sh $(LANES)

clean:
	rm -rf build .pytest_cache
