"""The README's CLI section is each command's own --help, and every command has help."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_spec = importlib.util.spec_from_file_location("readme_cli", ROOT / "scripts" / "readme_cli.py")
readme_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_cli)


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_named_in_the_readme(command):
    assert cli.commands[command].help
    assert f"kg {command}" in README


def test_readme_cli_section_is_the_current_help():
    section = README[README.index(readme_cli.BEGIN) + len(readme_cli.BEGIN):README.index(readme_cli.END)]
    assert section.strip() == readme_cli.cli_section()
