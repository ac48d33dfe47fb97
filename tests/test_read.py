"""Encodings and line endings are ordinary input: the same records come out."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import kg
from kg.errors import InputError, UsageError
from kg.output import render
from kg.pipeline import extract_documents


def _extract_json(path, **options) -> str:
    items = list(kg.extract(path, year=2025, **options))  # the sample's titles name no year
    assert all(isinstance(i, kg.Project) for i in items), [str(i) for i in items]
    return render(items, "json").replace(str(path), "SRC")


@pytest.fixture(scope="module")
def expected(tmp_path_factory, corpus_bytes) -> str:
    path = tmp_path_factory.mktemp("utf8") / "t.txt"
    path.write_bytes(corpus_bytes)
    return _extract_json(path)


@pytest.mark.parametrize("variant", ["gb18030", "utf-8-bom", "crlf", "cr", "gb18030-crlf"])
def test_encodings_and_line_endings_give_the_same_records(tmp_path, corpus_bytes, expected, variant):
    text = corpus_bytes.decode("utf-8")
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr":
        text = text.replace("\n", "\r")
    data = text.encode("gb18030") if variant.startswith("gb18030") else text.encode("utf-8")
    if variant == "utf-8-bom":
        data = codecs.BOM_UTF8 + data
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    assert _extract_json(path) == expected


def test_forced_encoding_is_used(tmp_path, corpus_bytes, expected):
    path = tmp_path / "t.txt"
    path.write_bytes(corpus_bytes.decode("utf-8").encode("gb18030"))
    assert _extract_json(path, encoding="gb18030") == expected


def test_undecodable_file_is_reported_with_advice(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x00garbage\x80\x80")
    [error] = list(kg.extract(path))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: the file is neither UTF-8 nor GB18030; pass --encoding with the right codec (for example --encoding big5)"


def test_unknown_encoding_is_a_usage_error(tmp_path, corpus_bytes):
    path = tmp_path / "t.txt"
    path.write_bytes(corpus_bytes)
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        list(kg.extract(path, encoding="klingon"))


def test_full_width_spaces_and_digits_inside_cells_are_kept(tmp_path, corpus_bytes):
    text = corpus_bytes.decode("utf-8").replace("\t≥20万人次", "\t≥２０万人次").replace(
        "\t党员满意度\n\t≥95%", "\t党员　满意度\n\t≥95%")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    first = next(iter(kg.extract(path)))
    serve = next(i for i in first.indicators if i.name == "服务党员教育")
    assert serve.target.raw == "≥２０万人次" and serve.target.base_value == 200000
    assert first.indicators[-1].description == "党员　满意度"


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_file_cut_in_the_middle_of_a_character_keeps_its_tables_and_says_where(tmp_path, codec):
    # a crawler that cuts a page's text after so many bytes, or one damaged byte: the table is
    # read all the same, the bad bytes as U+FFFD, and a warning names the line
    real = next((Path(__file__).parent / "real-tables" / "raw").glob("015_*")).read_text(encoding="utf-8")
    data = real.encode(codec)
    cut = data[:data.rindex("满意度".encode(codec)) + 1]  # one byte into 满
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    [document] = extract_documents([path])
    [project] = document.projects
    assert project.project == "农村文化建设配套补助经费"
    assert len(project.indicators) >= 7
    [damage] = [w for w in document.warnings if w.field == "编码"]
    assert damage.line == cut.decode(codec, errors="replace").count("\n") + 1
    assert f"not {codec.upper()}" in damage.reason
