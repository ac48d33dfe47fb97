"""Issue 19: `import kg`, `kg --help` and `kg query` load none of the heavy stages.

Analysts run queries one after another and scripts call the CLI in loops; the time it takes
is measured by `make bench-startup` (bench/results.md). This test holds what makes it fast:
which libraries a command loads.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("spacy", "jieba", "scipy", "networkx", "matplotlib", "pandas", "pdfplumber", "docx", "openpyxl", "rdflib")


def _loaded_after(code: str, cwd=None) -> set[str]:
    # the modules on the last line: a command's own output (help text) names libraries too
    probe = f"{code}\nimport sys\nprint('\\nMODULES', ' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=cwd)
    modules = done.stdout.rsplit("\nMODULES ", 1)[1].split()
    return {name.split(".")[0] for name in modules} & set(HEAVY)


def test_import_kg_loads_no_heavy_library():
    assert _loaded_after("import kg") == set()


@pytest.mark.parametrize("args", [["--help"], ["query", "--help"], ["queries"]])
def test_the_cli_starts_without_the_heavy_stages(args):
    code = f"import sys; sys.argv = ['kg', *{args!r}]\nfrom kg.cli import cli\ntry:\n    cli()\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == set()


def test_a_named_query_loads_no_heavy_library(store):
    code = ("import sys; sys.argv = ['kg', 'query', 'shared-targets', '--store', " + repr(store) + "]\n"
            "from kg.cli import cli\ntry:\n    cli()\nexcept SystemExit:\n    pass")
    assert _loaded_after(code) == set()
