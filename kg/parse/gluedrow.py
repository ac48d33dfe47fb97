"""Stage 2, parse: one glued indicator row cut into its cells.

A .docx preview or a PDF's text leaves a row's cells with no separator between them:
``产出指标数量指标培训班举办期数≥4期``. The row's grammar is the header's: the categories first
(spelled out with 指标), then the 三级 name, then the target and the cells after it in the header's
order (a weight, an achieved value, a score). Each cut is made only where one reading exists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.normalise.numbers import fold
from kg.normalise.targets import parse_period, qualitative_phrases, read_quantity, read_range, split_note
from kg.parse.cells import Cell
from kg.parse.labeller import strip_score
from kg.parse.vocab import Vocabulary, has_tone_mark, matching_form

# a target and an indicator name are short: bounds that keep every cut linear in the line's length
MAX_TARGET_CHARS = 80
MAX_NAME_CHARS = 300
_WHITESPACE = re.compile(r"\s+")


def split_indicator_line(text: str, vocab: Vocabulary, *, first_target: bool = False,
                         sentence: bool = False, compared: bool = False) -> list[str] | None:
    """``产出指标数量指标培训班举办期数≥4期`` → [产出指标, 数量指标, 培训班举办期数, ≥4期].

    With ``first_target`` (the header has columns after 指标值) the target is the first one
    in the line and what follows it is one more cell: ``补助学生数量168反映补助学生人数…-定量``
    → [补助学生数量, 168, 反映补助学生人数…, 定量].

    With ``sentence``, a row that ends in no target may end in a sentence: see :func:`name_then_sentence`.

    With ``compared`` (a 指标性质 column of comparators right before 指标值), a comparator opens the
    target: see :func:`split_at_comparator`.
    """
    if vocab.is_level1(strip_score(text)) or vocab.is_level2(strip_score(text)):
        return [text]  # a category alone: an empty template row
    cells: list[str] = []
    rest = text
    for is_level, second in ((vocab.is_level1, False), (vocab.is_level2, True)):
        prefix = _category_prefix(rest, is_level) or (None if second else _level1_stem(rest, vocab))
        if not prefix and second and cells:
            # 实施效果指标产出指标… (宝坻 2022, d01): a template whose 二级 are the usual 一级 names
            prefix = _category_prefix(rest, vocab.is_level1)
        if prefix:
            note = CATEGORY_NOTE.match(rest, len(prefix))
            if note:  # 数量指标 (必填硬性指标): the template's note goes with its category (宁夏 2022)
                prefix = rest[:note.end()]
            cells.append(prefix)
            rest = rest[len(prefix):]
            if second and rest.startswith(prefix):
                rest = rest[len(prefix):]  # 数量指标数量指标福彩APP…: a merged cell printed twice (宁夏 2023)
            if vocab.is_level2(strip_score(rest)):  # 效益指标经济效益指标: two categories, no row
                return cells + [rest]
    if (half := _said_twice(rest)) is not None:
        # 增加就业机会,提高农民收入。 twice: a name and its explanation over a value on the next line
        # (湖南 g03), else a target in words that repeats its name (宁夏 e04): the latter a sentence's reading
        return cells + [half, half] if sentence and not first_target else None
    kind = _KIND_TAIL.search(rest) if first_target else None
    if kind:
        rest = rest[:kind.start()]
    if not rest:
        return cells + ([kind.group("kind")] if kind else []) if (cells or kind) else None
    split = split_at_comparator(rest) if compared else None
    if split is None:
        split = split_first_target(rest) if first_target else split_name_value(rest)
    if split is None and sentence and not first_target:
        split = name_then_sentence(rest, vocab)
    if split is None and sentence and cells and _one_sentence(rest):
        # 生态效益 指标 (选填)提高森林覆盖率,促进生物多样性保护。 (宁夏 e04): a sentence under its
        # category, in a cell merged over 三级 and 指标值, as its pipe dump prints it alone
        return cells + [rest]
    if split is None:
        return None
    return cells + [part for part in split if part] + ([kind.group("kind")] if kind else [])


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _one_sentence(text: str) -> bool:
    """One sentence in words and nothing after it: no second sentence, no 定性 / 定量 of a column after
    it, no figure (学生及群众的满意率95%以上。 is a name and its target)."""
    return text.endswith("。") and text.count("。") == 1 and not _KIND_WORD.search(text) \
        and len(text) <= MAX_SENTENCE_CHARS and not any(c.isdigit() for c in text)


_KIND_WORD = re.compile(r"定性|定量")
MAX_SENTENCE_CHARS = 80


def _said_twice(text: str) -> str | None:
    """The half of ``text`` that is the same words twice (宁夏 2022: a name and a target in words that
    repeats it, 增加就业机会,提高农民收入。增加就业机会,提高农民收入。), four characters at least and
    no figure in them; None otherwise."""
    half = _twice(text)
    if half is None or len(half) < 4:
        return None
    return None if any(ch.isdigit() for ch in half) or not _CJK.search(half) else half


def _twice(text: str) -> str | None:
    """The half of ``text`` where ``text`` is one text printed twice, else None."""
    half = len(text) // 2
    return text[:half] if half and not len(text) % 2 and text[:half] == text[half:] else None


# the template's note after a category (数量指标 (必填硬性指标), 宁夏 2022): the category's, no cell of its own
# or its points (产出指标(50分), a self-evaluation's: 成安 2020, 中江 2022) or the name it also goes by
# (数量指标(或建筑规模指标), 时效指标(工期指标): 东莞 2019)
CATEGORY_NOTE = re.compile(r"\s*(?:[(（](?:(?:必填|选填)[^()（）]{0,6}|\s*\d+(?:\.\d+)?\s*分\s*"
                           r"|或?[^()（）\d]{0,10}指标)[)）]"
                           # or a range of points after it (成本指标(0-20)分, 奉节 2023)
                           r"|[(（]\d+\s*[-~～—–]\s*\d+[)）]\s*分)\s*")
_KIND_TAIL = re.compile(r"-?(?P<kind>定量|定性)$")
# a date or a date's range as a time row's target, read whole: 完工时间 | 2021年12月31日, not
# 完工时间2021年12月 | 31日 (成安 2020); 完成及时 | 2021.1.1-12.31 (吕梁 2021); 完成时间 | 2021年12月完成;
# 物业管理工作 | 2021年全年 (金寨 2021)
_DATE = r"(?:(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|(?:19|20)\d{2}[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?)"
_DATE_TARGET = re.compile(_DATE + r"(?:\s*(?:-|—|–|~|～|至|到)+\s*(?:" + _DATE
                          + r"|\d{1,2}[.\-/]\d{1,2}|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?))?"
                          r"(?:年?(?:底|末|初)|中旬|上旬|下旬|全年)?(?:前|之前|以前|内|止|完成|结束)?")
# a deadline in the year's months (验收时间 | 9月前, 金寨 2023; 资金拨付 | 12月底到位, 四川 2021;
# 资金拨付到位情况 | 12月底前100%到位)
_MONTH_DEADLINE = re.compile(r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:(?:底|末|初|中旬|上旬|下旬)(?:前|之前|以前)?|前|之前|以前)"
                             r"(?:\d+(?:\.\d+)?\s*%)?(?:到位|完成|结束)?")
# a state after a figure that makes the target (100%覆盖, 100%达标)
_STATE_AFTER_FIGURE = ("覆盖", "达标", "到位", "完成")
_DATE_AT = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?")


def with_weight_first(parts: list[str]) -> list[str]:
    """``保障人数 | 10 | 2370人2370人10`` under 三级 | 分值 | 指标值 | 实际值 | 得分: the number cut as
    the target is the row's weight, its target the first one after it."""
    if len(parts) >= 3 and (whole := _weight_then_target_twice(parts[-2] + parts[-1])):
        return parts[:-2] + [cell for cell in whole if cell]
    if len(parts) >= 3 and (split := _weight_and_percent(parts[-2])):
        return parts[:-2] + list(split) + parts[-1:]  # 10 | 100% glued into 10100%
    if len(parts) < 3 or not BARE_NUMBER.fullmatch(parts[-2]):
        return parts
    found = _first_target(parts[-1], first_cut=0)
    if found is None:
        return parts
    _, target, rest = found
    return parts[:-1] + [target] + ([rest] if rest else [])


def _weight_then_target_twice(tail: str) -> tuple[str, str, str, str] | None:
    """``10192只192只10`` (萧县 2023 glued as a .docx preview prints it: 分值 10, 年度指标值 192只, 全年实际值
    192只, 得分 10): a weight, a target achieved as set (the same text twice) and a score no higher
    than the weight; only where one such reading exists (the weight's digits and the target's run
    together: 10 | 192只, not 101 | 92只)."""
    found = set()
    for cut in range(1, min(MAX_WEIGHT_DIGITS, len(tail)) + 1):
        weight, rest = tail[:cut], tail[cut:]
        if not weight.isdigit() or weight[0] == "0" or int(weight) > MAX_WEIGHT:
            continue
        for end in range(len(rest), max(len(rest) - MAX_WEIGHT_DIGITS, 0) - 1, -1):
            twice, score = rest[:end], rest[end:]
            if score and not (score.isdigit() and int(score) <= int(weight)):
                continue
            target = _twice(twice)
            if target is not None and not target.isdigit():
                found.add((weight, target, target, score))
    return found.pop() if len(found) == 1 else None


MAX_WEIGHT, MAX_WEIGHT_DIGITS = 100, 3


def with_weight_after(parts: list[str]) -> list[str]:
    """A row under 目标值 | 分值 in a table that fills its weights, ending in a bare number with
    no weight after it: the number holds the target and the weight glued (``210010``)."""
    split = _target_and_weight(parts[-1]) if len(parts) >= 2 and not BARE_NUMBER.fullmatch(parts[-2]) else None
    return parts[:-1] + list(split) if split else parts


def _target_and_weight(text: str) -> tuple[str, str] | None:
    """``享受资助人数达到预计值210010`` under 目标值 | 分值 (宁晋 2019): a row's last cell a bare number
    with no weight after it holds both, 2100 and 10; cut where the weight (one or two digits, up
    to 50) starts with no 0, and only where one such cut exists."""
    if not (text.isdigit() and len(text) >= 3):
        return None
    cuts = [(text[:-at], text[-at:]) for at in (1, 2)
            if text[-at] != "0" and 1 <= int(text[-at:]) <= 50]
    return cuts[0] if len(cuts) == 1 else None


def _weight_and_percent(text: str) -> tuple[str, str] | None:
    """``10100%`` → (10, 100%): a weight of two digits at most glued to a rate no higher than
    100 %, the one way to cut it where neither part starts with 0."""
    match = _GLUED_RATE.fullmatch(text)
    if match is None or float(match.group(1)) <= 100:
        return None
    digits = match.group(1)
    cuts = [(digits[:at], digits[at:] + "%") for at in (1, 2)
            if at < len(digits) and digits[at] != "0" and float(digits[at:]) <= 100 and int(digits[:at]) <= 50]
    return cuts[0] if len(cuts) == 1 else None


_GLUED_RATE = re.compile(r"(\d{3,6}(?:\.\d+)?)%")


def with_score_last(parts: list[str]) -> list[str]:
    """``…≥10处 | 12处10`` under 指标值 | 实际完成值 | 得分: the achieved value, then the score."""
    found = _first_target(parts[-1], first_cut=0) if len(parts) >= 3 else None
    if found is None or found[0] or not BARE_NUMBER.fullmatch(found[2]):
        return parts
    return parts[:-1] + [found[1], found[2]]


BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def value_alone(cells: list[Cell], at: int, row: Cell, step: int = 1) -> bool:
    """The line after a glued row (``step`` lines on, where a blank line parts every two; two steps
    where a page's number fell between them) is its 指标值 alone: a target and nothing else (``2种``,
    ``100%``)."""
    if at >= len(cells) or cells[at].row is not None or not 0 < cells[at].line - row.line <= 2 * step:
        return False
    text = cells[at].text
    if not text or len(text) > MAX_TARGET_CHARS or not _starts_like_target(text[:3]):
        return False
    core, _ = split_note(text)
    quantity = read_quantity(core)
    return bool(parse_period(core)) or (quantity is not None and quantity.rest == "")


def with_explanation(parts: list[str], vocab: Vocabulary) -> list[str]:
    """A row's 三级 name glued to its 指标解释 (the cell before the target) cut in two where
    the explanation ends as the name does."""
    at = next((k for k, p in enumerate(parts) if not vocab.is_level1(strip_score(p))
               and not vocab.is_level2(strip_score(p))), None)
    if at is None or at != len(parts) - 2:
        return parts  # no name and target, or the cells are already apart
    split = split_name_explanation(parts[at])
    if split is None:
        return parts
    # the categories a row leaves out are merged cells: empty, so name and explanation keep their columns
    return [""] * (2 - at) + parts[:at] + list(split) + parts[at + 1:]


def split_name_explanation(text: str) -> tuple[str, str] | None:
    """``研究培育食用菌品种数量研究培育食用菌品种数量`` → (name, explanation); ``党建任务完成率
    上级党组织要求完成党建工作任务完成率`` → (党建任务完成率, 上级党组织…任务完成率): an explanation
    repeats the name, or its last words. The cut where the two share the longest ending (two
    characters at least, and one such cut only); None where there is none."""
    best, cuts = 1, []
    for cut in range(2, len(text) - 1):
        shared = _shared_ending(text[:cut], text[cut:])
        if shared > best:
            best, cuts = shared, [cut]
        elif shared == best and cuts:
            cuts.append(cut)
    if len(cuts) != 1:
        return None
    return text[:cuts[0]], text[cuts[0]:]


def _shared_ending(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def split_first_target(text: str) -> tuple[str, str, str] | None:
    """Cut a glued ``name + target + more cells`` at the first target (a date, a quantity or
    a known phrase) after a name of two characters at least."""
    folded = fold(text)
    if len(folded) != len(text):
        return None
    found = _first_target(text)
    if found is None:
        return None
    name, target, rest = found
    if name.endswith(_COMPARISON_OPENERS) and len(name) > 4:
        # 提升彩票销售量同比2022年销量显著提高 (宁夏 2023): 同比 opens the target, it ends no name,
        # and the target runs on to the change it names (…显著提高)
        ends = [at + len(phrase) for phrase in qualitative_phrases()
                if 0 <= (at := rest.find(phrase)) <= MAX_COMPARED_WORDS]
        reach = min(ends, default=0)
        return name[:-2], name[-2:] + target + rest[:reach], rest[reach:]
    return found


def split_at_comparator(text: str) -> tuple[str, str, str] | None:
    """``村组干部230人≥230个10`` under 三级指标 | 指标性质 | 指标值 | 度量单位 | 权重 (井研 2023 glued as
    a .docx preview prints it): the comparator has its own column, so the target opens with it and
    a figure before it is the name's (村组干部230人 | ≥230个 | 10)."""
    sign = _COMPARATOR_SIGN.search(text, 2)
    found = _first_target(text[sign.start():], first_cut=0) if sign else None
    if found is None or found[0]:
        return None
    return text[:sign.start()], found[1], found[2]


_COMPARATOR_SIGN = re.compile(r"[≥≤＞＜><≧≦]")
# the words that open a comparison with another year: a target, never a name, goes on from them
_COMPARISON_OPENERS = ("同比", "环比")
MAX_COMPARED_WORDS = 12


def _first_target(text: str, first_cut: int = 2) -> tuple[str, str, str] | None:
    phrases = qualitative_phrases()
    for cut in range(first_cut, min(len(text), MAX_NAME_CHARS)):
        tail = text[cut:]
        date = _DATE_AT.match(tail)
        if date:
            return text[:cut], tail[:date.end()], tail[date.end():]
        if _starts_like_target(tail[:3]):
            head = tail[:MAX_TARGET_CHARS]  # a target is short: read no further
            quantity = read_quantity(head)
            if quantity is not None:
                used = len(_WHITESPACE.sub("", fold(head))) - len(quantity.rest)
                if 0 < used <= len(head) and not head[:used].isdigit() or (
                        0 < used and not tail[used:used + 1].isdigit()):
                    return text[:cut], tail[:used], tail[used:]
        for phrase in phrases:
            after = tail[len(phrase):len(phrase) + 1]
            # 完成 in 任务完成时间 is part of the name: a short phrase must end at a non-word
            if tail.startswith(phrase) and (len(phrase) >= 3 or not after or not _CJK.match(after)) \
                    and not text[:cut + len(phrase)].endswith(_WORDS_ENDING_IN_PHRASE):
                return text[:cut], phrase, tail[len(phrase):]
    return None


# a name may end in a word whose last character is a target (规章制度建立与否, 宁晋 2019)
_WORDS_ENDING_IN_PHRASE = ("与否", "是否", "能否", "可否")


def split_name_value(text: str) -> tuple[str, str] | None:
    """Cut ``培训班举办期数≥4期`` before the longest clean target at its end."""
    for cut in range(max(1, len(text) - MAX_TARGET_CHARS), len(text)):
        tail = text[cut:]
        if not _starts_like_target(tail.lstrip()[:3]):
            continue  # neither a period nor a target can start here: skip the parsers
        if _inside_a_figure(text, cut):
            continue  # 375万平方米 is no name 3 and a target 75万平方米, ≥95% no name ≥ (临海 2024)
        core, _ = split_note(tail)
        # a range is read whole (全年 | 1-12月, 大英 2020; not 全年1- | 12月)
        folded_core = fold(core).strip()
        if parse_period(core) or _DATE_TARGET.fullmatch(folded_core) or read_range(core):
            return text[:cut], tail
        if _MONTH_DEADLINE.fullmatch(folded_core):
            cut -= 2 if text[:cut].endswith("每年") and cut > 2 else 0  # 分红时间 | 每年12月底前 (南岳 2018)
            return text[:cut], text[cut:]
        quantity = read_quantity(core[2:] if _PER_UNIT_FIRST.match(core) else core)
        if quantity is not None and _starts_like_target(core) and (
                quantity.rest in ("", *_STATE_AFTER_FIGURE) or matching_form(quantity.rest) in _STATE_AFTER_FIGURE):
            return text[:cut], tail  # 100%, and 100%覆盖 (黄石 2022), a mirror's 100%達標 (昌吉 2019)
    folded = fold(text)
    for phrase in qualitative_phrases():
        if folded.endswith(phrase) and len(folded) > len(phrase):
            # 种植技术水平提高 (同心 2025): 高 ends the word 提高, the target is the word
            size = 2 if len(phrase) == 1 and folded[-2:] in _WORDS_ENDING_IN_TARGET else len(phrase)
            compared = max(folded.rfind(opener, len(folded) - size - MAX_COMPARED_WORDS, len(folded) - size)
                           for opener in _COMPARISON_OPENERS)
            if compared > 0:  # 提升彩票销量…同比2022年销量显著提高 (宁夏 2023): the target opens at 同比
                size = len(folded) - compared
            return text[: len(text) - size], text[len(text) - size:]
    timed = _NAME_THEN_YEAR.match(folded) or _NAME_THEN_DEADLINE.match(folded)
    if timed:  # 补贴期限2020年疫情期间产生的减免房租 (西青 2020): a time row's words, from its year on
        return text[:timed.end("name")], text[timed.end("name"):]
    return None


_WORDS_ENDING_IN_TARGET = ("提高", "升高", "更高", "更好")


def _inside_a_figure(text: str, cut: int) -> bool:
    """A cut between two digits of one number, or after a comparator: no name ends there."""
    before, after = text[cut - 1], text[cut]
    if before in ".,，" and cut >= 2 and text[cut - 2].isdigit() and after.isdigit():
        return True  # 00.00%: no cut after the point either
    # a page masks a figure's digits with * (≤****000元, 009 of the development set): no cut after them either
    return ((before.isdigit() or before == "*") and after.isdigit()) or before in "≥≤><=≧≦⩾⩽±"


def name_then_sentence(text: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``补贴标准对国有企业…予以适当补助`` → (补贴标准, 对国有企业…): a target in words that is a
    sentence of its own, cut at the first word that opens one (patterns ``target_opener``, then
    the weaker ``target_opener_weak``), after a name of two characters at least that ends no
    clause (``严控成本,严格按照…`` goes on to the next opener) and no opener (严格按照 is one)."""
    numbered = _NUMBERED_NAME.match(text)
    start = (numbered.end() if numbered else 0) + 2
    end = min(len(text) - 2, start + MAX_SENTENCE_NAME_CHARS)
    tiers = [[m.span() for m in vocab.patterns[name].finditer(text, 0, end + 6)]
             for name in ("target_opener", "target_opener_weak")]
    ends = {stop for tier in tiers for _, stop in tier}
    for tier in tiers:
        for at, _ in tier:
            if start <= at <= end and text[at - 1] not in _CLAUSE_ENDS and at not in ends:
                return text[:at], text[at:]
    change = vocab.patterns["target_change"].search(text)
    if change and vocab.patterns["name_end"].search(text, 0, change.start()):
        return text[:change.start()], text[change.start():]  # 道路景观提升情况 | 提升 (上海 2026)
    return None


_NAME_NUMBER = re.compile(r"指标\s*\d+\s*[:：]")  # a name's number (指标1:), matched where a category may end
_NUMBERED_NAME = re.compile(rf"^(?:{_NAME_NUMBER.pattern}|\d+\s*[.、．])")
_CLAUSE_ENDS = ",，、;；:：。(（"
MAX_SENTENCE_NAME_CHARS = 40


# a time row glued to words that start with a year (补贴期限 | 2020年疫情期间…): the name ends a time word
# or to the words of a deadline (土地确权数据维护时间 | 故障发生后一周内, 金安 2023)
_NAME_THEN_DEADLINE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,20}?(?:时间|期限|时限|周期))"
                                 r"[^,，。;；]{2,20}(?:内|之前|以前|前|完成|结束)$")
_NAME_THEN_YEAR = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,16}?(?:期限|时间|时限|期间|周期|日期|年限))(?:19|20)\d{2}\s*年")


@lru_cache(maxsize=1 << 16)  # asked of the first characters at every cut of every glued line
def _starts_like_target(text: str) -> bool:
    """A target starts with a comparator or a digit, never inside a word."""
    first = fold(text)[:1]
    return bool(first) and (first.isdigit() or first in "≥≤><=≧≦⩾⩽±" or fold(text).startswith(
        ("不低于", "不少于", "不高于", "不超过", "大于", "小于", "百分之", "达到", "至少"))
        or bool(_PER_UNIT_FIRST.match(text)))


# a rate per unit printed before its number (造林补助 | 每亩300, 零陵 2021): 每, a unit's character, a digit;
# a time's 每年 ends the name instead (配套资金每人每年 | 75元, 稷山 2020)
_PER_UNIT_FIRST = re.compile(r"每[\u4e00-\u9fff](?<![年月日天季周])\d")


def _category_prefix(text: str, is_level) -> str | None:
    """A glued category is spelled out with 指标, so 成本控制 is not 成本 + 控制; a 效益 stem of four
    characters or more is one too (社会效益婴幼儿健康管理率, 慈溪 2023: 社会效益 | 婴幼儿健康管理率)."""
    if "(" in text[:24] and has_tone_mark(text[:24]):
        return _annotated_category_prefix(text, is_level)
    for size in range(min(len(text) - 1, 16), 1, -1):
        if _NAME_NUMBER.match(text, size - 2):
            continue  # 社会效益指标1:是否… is 社会效益 and a name numbered 指标1: (稷山 2020)
        # spaced out as a wide cell prints it (产 出 指 标, 经济效益 指标: 萧县 2023) it is the same category
        word = text[:size].replace(" ", "") if " " in text[:size] else text[:size]
        if (word.endswith("指标") or word.endswith("目标") and is_level(word[:-2] + "指标")
                or word.endswith("值") and is_level(word[:-1] + "指标")) and is_level(word) and text[size - 1] != " ":
            # 数量目标: the old templates' 目标 for 指标 (福建 2017, 江苏 2017), not 绩效目标; 数量值 (临沂 2025);
            # the * 广西's form marks a required 二级 with stays with it (数量指标*, 南宁 2021)
            return text[:size + 1] if text.startswith(_REQUIRED_MARKS, size) else text[:size]
    sizes = [at + len(end) for end in _STEM_ENDS if (at := text.find(end, 2, MAX_STEM)) >= 0]
    if text.startswith(_STEM_STARTS):
        sizes.append(MIN_STEM)
    for size in sorted(sizes, reverse=True):
        if MIN_STEM <= size <= min(len(text) - 2, MAX_STEM) and is_level(text[:size]) \
                and (not text.startswith("指标", size) or _NAME_NUMBER.match(text, size)) \
                and (_CJK.match(text, size) or text[size].isalpha()):
            return text[:size]  # 社会效益 | 指标1:是否解决… (稷山 2020); 环境效益 | WIFI全覆盖 (黄石 2022)
    return None


def _annotated_category_prefix(text: str, is_level) -> str | None:
    """A glued category a mirror annotated with pinyin (時(shí)效指標(biāo)資助…, 昌吉 2019), annotations and all."""
    for size in range(min(len(text) - 1, 40), 1, -1):
        if text.startswith("(", size):
            continue  # a character's annotation belongs to it
        word = text[:size]
        if matching_form(word).endswith(("指标", "目标")) and is_level(word):
            return word
    return None


def _level1_stem(text: str, vocab: Vocabulary) -> str | None:
    """A 一级 without its 指标 right before a 二级 spelled out (项目完成数量指标…, 温泉 2019; 产出数量指标…,
    宁晋 2019): the 二级 after it says the stem is a category, not a name's start."""
    for size in range(2, MAX_STEM + 1):
        if vocab.is_level1(text[:size]) and not text[:size].endswith("指标") \
                and _category_prefix(text[size:], vocab.is_level2):
            return text[:size]
    return None


_REQUIRED_MARKS = ("*", "＊")

# the 效益 family's stems start no name, nor do 产出's four (产出数量, 产出质量 …: 吕梁 2021); 项目完成 and
# 绩效目标 do (项目完成时间, 绩效目标合理性)
MIN_STEM, MAX_STEM = 4, 8
_STEM_ENDS = ("效益", "影响", "满意度")
_STEM_STARTS = ("产出",)
