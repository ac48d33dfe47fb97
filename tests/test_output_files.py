"""Issue 21 (in part): output files as other tools and people expect them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

SAMPLE = str(Path(__file__).resolve().parent.parent / "corpus" / "tianjin-340105-performance-targets.txt")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_an_output_file_honours_the_umask(tmp_path, umask_022):
    out = tmp_path / "records.jsonl"
    assert run("extract", SAMPLE, "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # a colleague or a web server can read it


def test_dash_means_standard_output(tmp_path):
    result = run("extract", SAMPLE, "-o", "-")
    assert result.exit_code == 0
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 5
    assert not Path("-").exists()


def test_an_export_to_dash_goes_to_standard_output(tmp_path):
    store = str(tmp_path / "store")
    assert run("build", SAMPLE, "--store", store).exit_code == 0
    result = run("export", "ntriples", "--store", store, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.count(" .\n") > 1000 and not Path("-").exists()


def test_a_missing_folder_is_a_usage_error(tmp_path):
    result = run("extract", SAMPLE, "-o", str(tmp_path / "no" / "such" / "out.jsonl"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot write {tmp_path / 'no' / 'such' / 'out.jsonl'}: the folder {tmp_path / 'no' / 'such'} does not exist\n"
