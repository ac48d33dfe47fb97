"""The parse stage's vocabulary: field labels, column headers, categories, patterns.

All of it is data in ``kg/parse/data/``; :func:`vocabulary` is the one loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.normalise.numbers import fold
from kg.resources import read_tsv

_SPACE_RUN = re.compile(r"[\s*?]+")  # whitespace, the * an OCR or a template leaves in a word (一*级), the ? a mirror prints for a lost &nbsp; (绩???效)
_QUALIFIER_RE = re.compile(r"[(（](?P<q>[^()（）]*)[)）]$")
LONG_TERM_WORDS = ("长期", "中期", "实施期", "实施周期")
ANNUAL_WORDS = ("年度", "当年", "本年")


# A mirror site's copy: traditional characters, with the pinyin of some of them in brackets
# after them (項(xiàng)目). Every annotation seen carries a tone mark, which (m) or (A) never does.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"  # the vowels with a tone mark
_MIRROR_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])\([a-zü]*[{_TONED}][a-zü]*\)?")
_TONE_MARK = re.compile(f"[{_TONED}]")


_OPEN_ANNOTATION = re.compile(rf"\([a-zü{_TONED}]*$")  # 衛(w: an annotation not yet closed


def has_tone_mark(text: str) -> bool:
    """Whether ``text`` holds a pinyin vowel with a tone mark: a mirror's annotation may be in it."""
    return _TONE_MARK.search(text) is not None


@lru_cache(maxsize=1)
def _simplified() -> dict[int, str]:
    """The translation table of ``traditional.tsv`` (traditional → simplified)."""
    return str.maketrans({trad: simple for trad, simple in read_tsv("parse", "traditional.tsv")})


def matching_form(text: str) -> str:
    """The form a cell is matched in: NFKC (:func:`fold`), a mirror's pinyin annotations
    dropped and its traditional characters simplified, so ``一級(jí)指標(biāo)`` reads as ``一级指标``.
    Only matching uses it; cells keep the text as printed."""
    text = fold(text)
    if text.isascii():
        return text
    return _MIRROR_PINYIN.sub("", text).translate(_simplified())


def printed_span(text: str, matched: str) -> str:
    """The part of ``text`` as printed whose matching form is ``matched`` (a pattern's group,
    found in the matching form): a mirror's ``衛(wèi)片`` for ``卫片``."""
    if matched in text:
        return matched
    for i in range(len(text)):
        end = None
        for j in range(i + 1, len(text) + 1):
            form = matching_form(text[i:j])
            if form == matched:
                end = j  # the longest: a trailing annotation belongs to its character
            elif not matched.startswith(_OPEN_ANNOTATION.sub("", form)):
                break
        if end is not None:
            return text[i:end]
    return matched


# The matching form of a cell, shared by every pattern and by squash: each asks it of the same
# cells, and NFKC of a line of prose costs more than the search that follows it.
folded = lru_cache(maxsize=1 << 16)(matching_form)


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """Matching form of a label: NFKC, no whitespace or *, no trailing colon."""
    return _SPACE_RUN.sub("", folded(text)).rstrip(":")


@lru_cache(maxsize=1 << 16)
def split_qualifier(text: str) -> tuple[str, str | None]:
    """``指标值（长期）`` → ``("指标值", "长期")``; ``项目资金（万元）`` → ``("项目资金", "万元")``."""
    key = squash(text)
    match = _QUALIFIER_RE.search(key)
    if match and match.start() > 0:
        return key[: match.start()].rstrip(":"), match.group("q")
    return key, None


@dataclass(frozen=True, eq=False)  # one per process; hashed by identity for the memos below
class Vocabulary:
    """Everything the reader recognises by name."""

    labels: dict[str, str]
    columns: dict[str, str]
    level1: frozenset[str]
    level2: frozenset[str]
    patterns: dict[str, re.Pattern[str]]
    parents: dict[str, str]
    goal_headings: dict[str, str] = field(default_factory=dict)  # 预期目标 → expected, 实际完成情况 → achieved
    # labels read only as a cell of their own, never as the start of a glued line (部门 | X, not 部门:505_…)
    cell_labels: dict[str, str] = field(default_factory=dict)
    # pattern name → {cell text: match}; the reader asks the same few patterns of every cell,
    # and a dict lookup is cheaper than the lru_cache's key of three arguments
    _matches: dict[str, dict[str, re.Match[str] | None]] = field(default_factory=dict, init=False, repr=False)

    def label(self, text: str) -> str | None:
        """The field a label cell introduces (``项目名称`` → ``project``), else None."""
        return _label(self, text)

    def column(self, text: str) -> tuple[str, str | None] | None:
        """(role, variant) of an indicator-table header cell, else None."""
        key, qualifier = split_qualifier(text)
        role = self.columns.get(key)
        if role is None:
            role, qualifier = self.columns.get(squash(text)), None  # 评(扣分标准): the brackets are the name
        if role is None and "(" in squash(text) and ")" not in squash(text):
            role = self.columns.get(squash(text).split("(")[0])  # 年初目标值(A: a bracket cut off
        if role is None and self.match("remark_column", text):
            role = "remark"  # 产生差异的原因及改进措施: a column of reasons, named each unit's own way
        if role is None and (noted := _NOTED_NAME.match(folded(text))):
            role = self.columns.get(squash(noted.group(1)))  # *分值 数量(20)、质量(10)…: the name, then its note
        if role is None:
            return None
        variant = None
        if not qualifier and role == "value" and key.startswith(LONG_TERM_WORDS):
            variant = "long_term"  # 年度目标值 | 实施周期目标值: the period's block named in its own words
        elif qualifier and any(word in qualifier for word in LONG_TERM_WORDS):
            variant = "long_term"
        elif qualifier and any(word in qualifier for word in ANNUAL_WORDS):
            variant = "annual"
        return role, variant

    def names_name_or_value(self, text: str) -> bool:
        """Whether ``text`` names an indicator table's 三级 or 指标值 column: what makes a header."""
        found = self.column(text)
        return found is not None and found[0] in ("name", "value")

    def is_level1(self, text: str) -> bool:
        return _category_key(text) in self.level1

    def is_level2(self, text: str) -> bool:
        return _category_key(text) in self.level2

    def parent(self, text: str) -> str | None:
        """The 一级 a 二级 belongs to (数量指标 → 产出指标), else None."""
        return self.parents.get(_category_key(text))

    def for_framework(self, texts) -> "Vocabulary":
        """The vocabulary of the table's own category framework: where a 一级 of the
        中央预算内投资 framework (实施效果指标, 过程管理指标) is printed, the usual 一级 names
        (产出指标, 效益指标, 满意度指标) stand in the 二级 column."""
        if not any(_category_key(t) in FRAMEWORK_LEVEL1 for t in texts
                   if t and ("实施效果" in t or "过程管理" in t)):
            return self
        return _framework_vocabulary(self)

    def __post_init__(self) -> None:
        self._matches.update((name, {}) for name in self.patterns)

    def is_area(self, text: str) -> bool:
        """A place that heads a target column of its own (``笏石街道办``, ``新罗区``,
        ``西坪镇尧山村``): Fujian's transfer-payment tables give each area its 指标值."""
        return _is_area(self, text)

    def area_at(self, text: str, at: int) -> int:
        """The end of the area name that starts at ``at`` in glued ``text``, or ``at`` if none does."""
        found = self.patterns["area_name"].match(text, at)
        return found.end() if found else at

    def goal_heading(self, text: str) -> str | None:
        """``expected`` or ``achieved`` for a heading of a self-evaluation's goals block, else None."""
        return self.goal_headings.get(squash(text))

    def match(self, pattern: str, text: str) -> re.Match[str] | None:
        """The search of pattern ``pattern`` (patterns.tsv) in the NFKC form of ``text``."""
        memo = self._matches[pattern]
        try:
            return memo[text]
        except KeyError:
            if len(memo) >= MAX_MEMO:
                memo.clear()  # bounded like the lru caches: a large corpus has many distinct cells
            found = memo[text] = self.patterns[pattern].search(folded(text))
            return found


MAX_MEMO = 1 << 16
# a column's name, a space, and the template's note on how to fill it (the Ministry of Finance's
# self-evaluation export: ``*分值 数量(20)、质量(10)、时效(10)…``)
_NOTED_NAME = re.compile(r"^\s*\*?\s*(\S{2,8})\s+(?:[^\s()（）]{1,6}[(（]\d+[)）][、,，]?\s*){2,}$")

# Cell texts repeat from table to table (labels, categories, units): the reader asks the
# same questions of them again and again, so the answers are memoised.
_ENUMERATOR_RE = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])|^[*★]+")


@lru_cache(maxsize=1 << 16)
def _label(vocab: Vocabulary, text: str) -> str | None:
    key, _ = split_qualifier(text)
    found = vocab.labels.get(key) or vocab.labels.get(squash(text)) or vocab.cell_labels.get(squash(text))
    if found is None and len(key) < 40:
        # ``(一)财政拨款小计``, ``1、一般公共预算``, ``*部门名称``: numbering and required-field marks
        bare = _ENUMERATOR_RE.sub("", key)
        if bare != key:
            found = vocab.labels.get(bare) or vocab.labels.get(split_qualifier(bare)[0])
    return found


@lru_cache(maxsize=1 << 16)
def _is_area(vocab: Vocabulary, text: str) -> bool:
    key = squash(text)
    # the area pattern ends in 区, 县, 市…: a column name or a label (项目区) is never an area
    return bool(vocab.patterns["area_name"].fullmatch(key)) and vocab.column(text) is None and (
        vocab.label(text) is None and not vocab.is_level1(key) and not vocab.is_level2(key))


# the evaluation framework's 二级 绩效目标 is no 绩效 category of which 绩效指标 (a header's lead) is one
_WHOLE_KEYS = frozenset({"绩效目标", "绩效指标"})


@lru_cache(maxsize=1 << 16)
def _category_key(text: str) -> str:
    """``数量指标``, ``数量目标``, ``数量值`` and ``数量`` are one category."""
    key = squash(text)
    if key in _WHOLE_KEYS:
        return key
    for suffix in ("指标", "目标", "值"):
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


FRAMEWORK_LEVEL1 = frozenset({"实施效果", "过程管理"})


@lru_cache(maxsize=4)
def _framework_vocabulary(vocab: Vocabulary) -> Vocabulary:
    level1 = frozenset(FRAMEWORK_LEVEL1)
    level2 = vocab.level2 | (vocab.level1 - level1) | frozenset(
        {"计划管理", "资金管理", "项目管理", "监督检查"})
    return replace(vocab, level1=level1, level2=level2)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load ``kg/parse/data/*.tsv`` once."""
    rows = read_tsv("parse", "labels.tsv")
    labels = {squash(row[0]): row[1] for row in rows if row[2:] != ["cell"]}
    cell_labels = {squash(row[0]): row[1] for row in rows if row[2:] == ["cell"]}
    columns = {squash(label): role for label, role in read_tsv("parse", "columns.tsv")}
    categories = read_tsv("parse", "categories.tsv")
    level1 = frozenset(_category_key(row[0]) for row in categories if row[1] == "1")
    level2 = frozenset(_category_key(row[0]) for row in categories if row[1] == "2")
    parents = {_category_key(row[0]): row[2] for row in categories if row[1] == "2" and len(row) > 2}
    patterns = {name: re.compile(rx) for name, rx in read_tsv("parse", "patterns.tsv")}
    goal_headings = {squash(heading): role for heading, role in read_tsv("parse", "goal_headings.tsv")}
    return Vocabulary(labels, columns, level1, level2, patterns, parents, goal_headings, cell_labels)
