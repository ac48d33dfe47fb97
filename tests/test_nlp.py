"""The NLP layer: segmentation with the term source, entities, families, dictionary exports."""

from __future__ import annotations

import json
import os
import time

import jieba
import pytest
import spacy
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.nlp.entities import MentionFinder
from kg.nlp.families import family_key, similarity
from kg.nlp.pipeline import make_nlp
from kg.nlp.segment import segment, segment_field
from kg.nlp.terms import STALE_SECONDS, export_dictionary, jieba_cache_folder, terms

# fmt: off
SEGMENTS = [
    ("保障部机关和党员教育中心工作顺利开展", "保障 部机关 和 党员教育中心 工作 顺利开展"),   # corpus; plain jieba: 保障部 / 机关
    ("通过开展天津党员在线学习平台内容资源建设", "通过 开展 天津党员在线学习平台 内容 资源 建设"),
    ("天津党建先锋网站和公众号年度更新信息条数", "天津党建先锋网站 和 公众号 年度 更新 信息 条数"),
    ("其中用于12380举报网站等业务经费的实际支出", "其中 用于 12380举报网站 等 业务 经费 的 实际 支出"),
    ("任务完成时限", "任务 完成时限"),
    ("中共天津市委组织部", "中共天津市委组织部"),
]
ENTITIES_IN_SAMPLE = [
    ("《城市基层党建》", "PUBLICATION"),
    ("天津党员在线学习平台", "PLATFORM"),
    ("中共天津市委组织部", "ORG"),
    ("党员教育中心", "ORG"),
    ("12380举报网站", "PLATFORM"),
    ("党员", "POPULATION"),
    ("公务员", "POPULATION"),
    ("调研", "ACTIVITY"),
    ("遴选", "ACTIVITY"),
]
UNSEEN = [
    ("依托长宁区智慧养老服务平台开展上门服务", [("长宁区智慧养老服务平台", "PLATFORM")]),
    ("由滨海市卫生健康委员会组织实施", [("滨海市卫生健康委员会", "ORG")]),
    ("编印《社区健康指南》2000份", [("《社区健康指南》", "PUBLICATION")]),
    ("为老年人提供健康评估", [("老年人", "POPULATION"), ("评估", "ACTIVITY")]),
]
FAMILIES = [
    ("任务完成时限", "完成时限"), ("完成时间", "完成时限"), ("完成时限", "完成时限"),   # projects 2, 3, 4
    ("大讲堂满意率", "大讲堂满意度"), ("服务党员教育", "服务党员教育"),
]
# fmt: on


@pytest.fixture(scope="session")
def nlp():
    return make_nlp()


@pytest.mark.parametrize("text, expected", SEGMENTS)
def test_domain_phrases_segment_as_analysts_read_them(text, expected):
    assert " ".join(segment(text)) == expected


def test_every_term_of_the_source_is_one_token():
    for term in terms():
        assert segment(term.text) == (term.text,), term.text


def test_target_expressions_are_not_resegmented():
    assert segment_field("≥20万人次", "target") == ("≥20万人次",)
    assert segment_field("考生满意度", "target") == segment("考生满意度")


def test_segmentation_is_memoised():
    segment.cache_clear()
    segment("党员满意度")
    segment("党员满意度")
    assert segment.cache_info().hits == 1


def test_the_pipeline_is_built_from_config(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["kg_entity_ruler"]
    assert nlp.tokenizer.segmenter == "jieba"


@pytest.fixture(scope="module")
def sample_mentions(nlp):
    finder = MentionFinder(nlp)
    return [m for p in kg.extract("corpus/tianjin-340105-performance-targets.txt") if isinstance(p, kg.Project)
            for m in finder.mentions(p)]


@pytest.mark.parametrize("text, label", ENTITIES_IN_SAMPLE)
def test_entities_found_in_the_sample(in_repo, sample_mentions, text, label):
    assert (text, label) in {(m.text, m.label) for m in sample_mentions}


def test_mentions_know_their_field_and_offsets(in_repo, sample_mentions):
    journal = next(m for m in sample_mentions if m.text == "《城市基层党建》")
    assert (journal.project, journal.field, journal.start, journal.end, journal.line) == (
        "市委组织部履职提升项目经费", "indicator", 2, 10, 57)


@pytest.mark.parametrize("text, expected", UNSEEN)
def test_rules_find_names_the_term_source_does_not_list(nlp, text, expected):
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected


@pytest.mark.parametrize("name, family", FAMILIES)
def test_metric_families(name, family):
    assert family_key(name) == family


def test_similarity_scores():
    assert similarity("任务完成时限", "完成时间") == 1.0
    assert 0 < similarity("党员满意度", "公务员满意度") < 1
    assert similarity("服务党员教育", "绩效评价完成率") == 0


def test_family_grouping_on_the_sample_graph(in_repo, tmp_path):
    store = str(tmp_path / "s")
    kg.build(["corpus/"], store=store, year=2025)
    family = kg.query("shared-family-targets", store=store).dicts()
    timeliness = next(r for r in family if r["family"] == "完成时限")
    assert (timeliness["target"], timeliness["count"]) == ("≤12月", 3)
    assert timeliness["metrics"] == "任务完成时限 | 完成时间 | 完成时限"
    assert timeliness["projects"] == ("公务员公开招考、公开遴选和公开选调及教育培训工作经费 | 公务员奖励和绩效管理工作经费 | "
                                      "市委组织部调研、基层党建、干部管理、干部教育、干部监督、人才等工作经费")
    assert [r["metric"] for r in kg.query("shared-targets", store=store).dicts()] == ["服务党员教育"]
    党员 = kg.query("projects-by-entity", store=store, entity="党员").dicts()
    assert {r["project"] for r in 党员} == {"市委组织部履职提升项目经费", "“天津党建”数字化平台内容维护经费"}


def test_jieba_export_loads_in_a_fresh_jieba(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_text(export_dictionary("jieba"), encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    assert list(tokenizer.cut("保障部机关和党员教育中心工作顺利开展"))[:2] == ["保障", "部机关"]
    assert list(tokenizer.cut("天津党员在线学习平台")) == ["天津党员在线学习平台"]


def test_ik_export_is_a_plain_word_list():
    text = export_dictionary("ik")
    words = text.split("\n")[:-1]
    assert text.endswith("\n") and "\r" not in text and not text.startswith("\ufeff")
    assert all(w and " " not in w and "\t" not in w for w in words)
    assert set(words) == {t.text for t in terms()}


def test_spacy_patterns_export_loads_in_an_entity_ruler():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([json.loads(line) for line in export_dictionary("spacy-patterns").splitlines()])
    assert [(e.text, e.label_) for e in nlp("订阅城市基层党建").ents] == [("城市基层党建", "PUBLICATION")]


def test_cli_segment_entities_and_dict(in_repo):
    run = lambda *a: CliRunner().invoke(cli, list(a), catch_exceptions=False)  # noqa: E731
    assert run("segment", "保障部机关和党员教育中心工作顺利开展").stdout == "保障 部机关 和 党员教育中心 工作 顺利开展\n"
    lines = run("entities", "corpus/").stdout.splitlines()
    first = json.loads(lines[0])
    assert set(first) == {"text", "label", "project", "field", "start", "end", "path", "line"}
    assert run("export", "dict", "--format", "ik").stdout.splitlines()[0] == "中共天津市委组织部"


def test_jiebas_cache_lives_in_kgs_cache_folder_and_a_killed_runs_leftover_goes(tmp_path, monkeypatch):
    # jieba writes its cache through a temporary file: a build killed then left it in the system
    # temp folder; now it is kg's cache folder, and a stale leftover is removed the next time
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "kg"
    folder.mkdir()
    stale, fresh = folder / "tmpab12cd", folder / "tmpef34gh"
    stale.write_bytes(b"half a cache")
    fresh.write_bytes(b"being written")
    past = time.time() - STALE_SECONDS - 5
    os.utime(stale, (past, past))
    assert jieba_cache_folder() == str(folder)
    assert not stale.exists() and fresh.exists()
