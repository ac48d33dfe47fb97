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


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("sparql") / "store")
    assert run("build", SAMPLE, "--store", path).exit_code == 0
    return path


CONSTRUCT = "CONSTRUCT { ?i kg:target ?t } WHERE { ?i kg:target ?t } LIMIT 3"


@pytest.mark.parametrize("fmt, starts", [("turtle", "<http"), ("table", "<http"), ("ntriples", "<http"),
                                         ("xml", "<?xml"), ("json", "[{")])
def test_construct_writes_an_rdf_syntax(store, fmt, starts):
    result = run("sparql", CONSTRUCT, "--store", store, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(starts) and "target" in result.stdout


def test_an_update_is_refused_as_read_only(store):
    result = run("sparql", 'PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b "c" }', "--store", store)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: kg is read-only: an update")


def test_a_long_query_text_is_not_taken_for_a_file_name(store):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # " + "x" * 300
    result = run("sparql", text, "--store", store, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "n"


def test_csv_with_a_bom_for_excel(store, tmp_path):
    out = tmp_path / "rows.csv"
    assert run("extract", SAMPLE, "--format", "csv", "--bom", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfpath,project_line")
    result = run("query", "shared-targets", "--store", store, "--format", "csv", "--bom")
    assert result.stdout.startswith("\ufeff") and "服务党员教育" in result.stdout
    assert not run("extract", SAMPLE, "--format", "csv").stdout.startswith("\ufeff")


def test_dev_null_is_written_into_not_replaced():
    assert run("extract", SAMPLE, "-o", os.devnull).exit_code == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device


def test_a_full_disk_is_said_plainly(monkeypatch, capsys):
    """Issue 23: a full disk is exit 1 with advice, not an internal error."""
    import errno

    import kg.cli

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.cli, "cli", full)
    with pytest.raises(SystemExit) as stop:
        kg.cli.main()
    assert stop.value.code == 1
    assert capsys.readouterr().err.startswith("Error: the disk is full; nothing was changed")
