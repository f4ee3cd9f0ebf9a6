# SPDX-License-Identifier: LGPL-2.1-or-later
"""The command line imports only the module of the command it runs, which relies on every
command module adding the command named as the module."""

from __future__ import annotations

import argparse
import importlib

import pytest

from projem_workbench import cli


def _commands_of(parser: argparse.ArgumentParser) -> set[str]:
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(subparsers.choices)


def test_each_command_module_adds_the_command_of_its_name() -> None:
    adding = []
    for name in cli.command_modules():
        module = importlib.import_module(f"projem_workbench.cli.{name}")
        if hasattr(module, "register"):
            parser = argparse.ArgumentParser()
            module.register(parser.add_subparsers())
            assert _commands_of(parser) == {name}
            adding.append(name)
    assert {"cam", "db", "audit", "tools", "model", "demo"} <= set(adding)


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["cam", "run", "--model", "x"], "cam"),
        (["--db", "cam", "audit", "verify"], "audit"),  # --db's value is not the command
        (["--db=site.sqlite3", "tools", "list"], "tools"),
        (["--help"], None),
    ],
)
def test_the_command_word_skips_options_and_their_values(argv: list[str], word: str) -> None:
    assert cli._command_word(argv) == word


def test_only_the_named_command_is_built_and_all_without_one() -> None:
    assert _commands_of(cli.build_parser(["--db", "x.sqlite3", "cam", "list"])) == {"cam"}
    everything = _commands_of(cli.build_parser([]))
    assert {"cam", "db", "audit", "tools", "machines"} <= everything
    assert _commands_of(cli.build_parser(["record_commands"])) == everything  # no such command
    assert _commands_of(cli.build_parser(["camm", "run"])) == everything  # a typo: all, to say so


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--db", "x.sqlite3", "tools", "list"], ("tools", "list")),
        (["audit", "verify", "--rows"], ("audit", "verify")),
        (["db", "downgrade", "base", "--yes"], ("db", "downgrade")),
        (["demo"], ("demo",)),
    ],
)
def test_the_command_words_decide_who_may_create_a_database(
    argv: list[str], words: tuple[str, ...]
) -> None:
    parser = cli.build_parser(argv)
    assert cli.command_words(parser, parser.parse_args(argv)) == words
    assert (words[-1] in cli.CREATING_ACTIONS) == (words[-1] in {"demo"})


@pytest.mark.parametrize(
    ("argv", "actions"),
    [
        (["cam", "plan", "--model", "p", "-o", "s.json"], ("features", "check")),
        (["--db", "x", "cam", "run", "--model", "p"], ("features", "check", "run")),
        (["cam", "run", "--spec", "s.json"], ("run",)),
        (["model", "add", "part.FCStd", "--name", "p"], ("measure",)),
        (["model", "list"], ()),
        (["tools", "list"], ()),
    ],
)
def test_the_freecad_work_a_command_needs_is_started_first(
    argv: list[str], actions: tuple[str, ...]
) -> None:
    """Each action named is one the FreeCAD worker has, started while Projem prepares."""
    from projem_workbench.freecad import worker

    assert cli._freecad_actions(argv) == actions
    assert set(actions) <= set(worker.ACTIONS)
