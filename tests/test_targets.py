"""The 指标值 grammar, case by case. Cases marked (corpus) are cells of the sample."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.normalise import parse_target

Q = "quantitative"

# fmt: off
QUANTITATIVE = [
    # raw, comparator, value, unit, base_value, base_unit, note
    ("≥20万人次", "≥", 20, "万人次", 200000, "人次", None),          # corpus
    ("≤95万元", "≤", 95, "万元", 950000, "元", None),                # corpus
    ("≤356.5万元", "≤", 356.5, "万元", 3565000, "元", None),         # corpus
    ("≥95%", "≥", 95, "%", 95, "%", None),                           # corpus
    ("≤12月", "≤", 12, "月", 12, "月", None),                        # corpus
    ("12期", "=", 12, "期", 12, "期", None),                         # corpus
    (">1次", ">", 1, "次", 1, "次", None),                           # corpus
    ("1天", "=", 1, "天", 1, "天", None),                            # corpus
    ("100%", "=", 100, "%", 100, "%", None),                         # corpus
    ("≥10万人次", "≥", 10, "万人次", 100000, "人次", None),          # corpus
    ("≥800条次（更新信息）", "≥", 800, "条次", 800, "条次", "更新信息"),  # corpus, bracketed note
    ("2424小时", "=", 24, "小时", 24, "小时", None),                 # corpus, glued repeat
    ("1212个月均更新", "=", 12, "个月", 12, "月", "均更新"),          # corpus, glued repeat
    ("12全年12个月工作正常推进", "=", 12, "个月", 12, "月", "全年12个月工作正常推进"),  # corpus
    (">=90%", "≥", 90, "%", 90, "%", None),
    ("＞＝９０％", "≥", 90, "%", 90, "%", None),                     # full-width
    ("≧95%", "≥", 95, "%", 95, "%", None),
    ("═100%", "=", 100, "%", 100, "%", None),        # 永德 (yongde.gov.cn) self-evaluation: ═ for =
    ("<=3天", "≤", 3, "天", 3, "天", None),
    ("＜5次", "<", 5, "次", 5, "次", None),
    ("=1项", "=", 1, "项", 1, "项", None),
    ("不低于95%", "≥", 95, "%", 95, "%", None),
    ("不少于200人", "≥", 200, "人", 200, "人", None),
    ("大于等于3篇", "≥", 3, "篇", 3, "篇", None),
    ("不高于50万元", "≤", 50, "万元", 500000, "元", None),
    ("不超过30个工作日", "≤", 30, "个工作日", 30, "工作日", None),
    ("不多于2场", "≤", 2, "场", 2, "场", None),
    ("小于等于1‰", "≤", 1, "‰", 1, "‰", None),
    ("95%及以上", "≥", 95, "%", 95, "%", None),
    ("90%以上", "≥", 90, "%", 90, "%", None),
    ("3个工作日以内", "≤", 3, "个工作日", 3, "工作日", None),
    ("5人以下", "≤", 5, "人", 5, "人", None),
    ("1,250,000.00元", "=", Decimal("1250000.00"), "元", 1250000, "元", None),  # thousands separators
    ("≥1,000人次", "≥", 1000, "人次", 1000, "人次", None),
    ("≥二十万人次", "≥", 20, "万人次", 200000, "人次", None),         # Chinese numerals
    ("百分之九十五", "=", 95, "%", 95, "%", None),
    ("三点五万元", "=", 3.5, "万元", 35000, "元", None),
    ("≥1.5亿元", "≥", 1.5, "亿元", 150000000, "元", None),
    ("≥3千人", "≥", 3, "千人", 3000, "人", None),
    ("2百万元", "=", 2, "百万元", 2000000, "元", None),
    ("≥4期", "≥", 4, "期", 4, "期", None),
    ("6台", "=", 6, "台", 6, "台", None),
    ("≥50M", "≥", 50, "M", 50, "M", None),
    ("≥5次/年", "≥", 5, "次/年", 5, "次/年", None),
    ("≤24小时", "≤", 24, "小时", 24, "小时", None),
    ("≤30分钟", "≤", 30, "分钟", 30, "分钟", None),
    ("≥12个月", "≥", 12, "个月", 12, "月", None),
    ("1年", "=", 1, "年", 1, "年", None),
    ("≥3家", "≥", 3, "家", 3, "家", None),
    ("≥2个", "≥", 2, "个", 2, "个", None),
    ("≥0.5个百分点", "≥", 0.5, "个百分点", 0.5, "百分点", None),
    ("≥ 95 %", "≥", 95, "%", 95, "%", None),                          # inner spaces
    ("2020年", "=", 2020, "年", 2020, "年", None),                    # a year, not a glued 20
    ("≤5千米", "≤", 5, "千米", 5, "公里", None),
    ("80万", "=", 80, "万", 800000, None, None),                      # money, unit implied
]

QUALITATIVE = [
    "考生满意度",                             # corpus: text where a number belongs
    "各单位是否持续推进问题整改",             # corpus: a question, not a target
    "满足党政机关用人需求",                   # corpus
    "完成全市公开招考、遴选选调、教育培训工作",  # corpus
    "一次性通过省文物局验收",                 # tests/real-wild/raw/c08: 一次性 is one-off, not 1 次
    "稳步提升",
    "明显改善",
    "不超预算",
    "一般",
    "好",
    "",
]
# fmt: on


@pytest.mark.parametrize("raw, comparator, value, unit, base_value, base_unit, note", QUANTITATIVE)
def test_quantitative_targets(raw, comparator, value, unit, base_value, base_unit, note):
    target = parse_target(raw)
    assert target.raw == raw
    assert target.kind == Q
    assert (target.comparator, target.unit, target.base_unit, target.note) == (comparator, unit, base_unit, note)
    assert target.value == Decimal(str(value))
    assert target.base_value == Decimal(str(base_value))


@pytest.mark.parametrize("raw", QUALITATIVE)
def test_qualitative_targets_keep_their_text(raw):
    target = parse_target(raw)
    assert target.kind == "qualitative"
    assert target.raw == raw
    assert target.comparator is None and target.value is None and target.unit is None


# fmt: off
GLUED = [
    ("2424小时", "24小时"),
    ("1212个月均更新", "12个月均更新"),
    ("12全年12个月工作正常推进", "全年12个月工作正常推进"),
    ("12期", None),
    ("100%", None),
    ("2020年", None),
    ("≥20万人次", None),
    ("99%", None),  # a self-evaluation's 全年实际值, read as 9% before (issue 18, kg synth --self-eval-every)
    ("11个", None),
]
# fmt: on


@pytest.mark.parametrize("raw, repaired", GLUED)
def test_glued_repeated_values_are_repaired_and_flagged(raw, repaired):
    assert parse_target(raw).repaired == repaired


def test_a_period_is_kept_as_start_and_end():
    target = parse_target("2024.03-2024.12")
    assert target.kind == "qualitative"
    assert target.period == ("2024-03", "2024-12")
    assert parse_target("2024年1月至2024年12月").period == ("2024-01", "2024-12")


# Issue 17, class 6: target grammar seen in real published tables (tests/real-tables, tests/real-wild).
# fmt: off
REAL_GRAMMAR = [
    # raw, comparator, value, unit, base_value, base_unit
    ("≥98百分比", "≥", 98, "百分比", 98, "%"),               # 天津河北区法院 (021): 百分比 written out
    ("100百分比", "=", 100, "百分比", 100, "%"),
    ("300㎡", "=", 300, "㎡", 300, "平方米"),                    # tests/real-wild/raw/c08: ㎡ kept as printed, not m2
    ("3㎥", "=", 3, "㎥", 3, "立方米"),
    ("10m2", "=", 10, "m2", 10, "平方米"),
    (">=21933人", "≥", 21933, "人", 21933, "人"),             # 濉溪民政 (012): ASCII comparators
    ("<=5300元/户", "≤", 5300, "元/户", 5300, "元/户"),
    (">=530元/人*月", "≥", 530, "元/人*月", 530, "元/人*月"),  # compound units
    ("100元/生/年", "=", 100, "元/生/年", 100, "元/生/年"),    # 临邑 (e01)
    ("400元/人、天", "=", 400, "元/人、天", 400, "元/人、天"),  # per person-day, 遂宁经开区 2021 (t07)
    ("每亩300元", "=", 300, "元/亩", 300, "元/亩"),          # the per-unit before the number (零陵 2021, ac01)
    ("每人每年100元", "=", 100, "元/人/年", 100, "元/人/年"),
    ("每亩300", "=", 300, "每亩", 300, "每亩"),
    ("≥190元每人每月", "≥", 190, "元/人/月", 190, "元/人/月"),  # 湛江 2024 (an01): 每 after 每 chains too              # 零陵 2021 (ac01) prints no unit: the per-unit is it
    ("3万/月", "=", 3, "万/月", 30000, "/月"),
    ("≥2人/天", "≥", 2, "人/天", 2, "人/天"),
    ("1600元/亩", "=", 1600, "元/亩", 1600, "元/亩"),          # 岳阳县 (006)
    ("±3%以内", "≤", 3, "%", 3, "%"),                          # 东莞 (e03): within ±3 %
    ("2000种次", "=", 2000, "种次", 2000, "种次"),             # 国家林业局 样例 (x03), m.wenke99.com/p-1167617.html
    ("2400平米", "=", 2400, "平米", 2400, "平方米"),           # 长庆初中 2019 (e02), nxcqcz.com/readnews.asp?newsid=1189
]
# fmt: on


@pytest.mark.parametrize("raw, comparator, value, unit, base_value, base_unit", REAL_GRAMMAR)
def test_real_target_grammar(raw, comparator, value, unit, base_value, base_unit):
    target = parse_target(raw)
    assert (target.kind, target.comparator, target.unit, target.base_unit) == (Q, comparator, unit, base_unit)
    assert (target.value, target.base_value) == (Decimal(str(value)), Decimal(str(base_value)))


@pytest.mark.parametrize("raw, low, high", [("90%-95%", 90, 95), ("90-95%", 90, 95), ("3～5天", 3, 5)])
def test_a_range_is_two_bounds(raw, low, high):
    target = parse_target(raw)
    assert (target.kind, target.comparator, target.value, target.upper) == (Q, "≥", low, high)
    assert target.raw == raw


@pytest.mark.parametrize("raw, period", [
    ("2021年1月-12月", ("2021-01", "2021-12")),                  # 广元昭化 (011): the year written once
    ("2023年1月1日至2023年12月31日", ("2023-01", "2023-12")),
    ("2020.1.1-2020.12.31", ("2020-01", "2020-12")),             # 宁河县教育局 (g01): days after dots
    ("2020年1月--2020年11月", ("2020-01", "2020-11")),           # 天津 城管委 (e06): a doubled dash
])
def test_date_ranges_are_periods(raw, period):
    target = parse_target(raw)
    assert (target.kind, target.period, target.value) == ("qualitative", period, None)


def test_a_time_row_reads_years_and_spreadsheet_day_numbers_as_dates():
    from kg.normalise.targets import as_date
    assert as_date(parse_target("2021")).period == ("2021-01", "2021-12")  # not "= 2021"
    serial = as_date(parse_target("44,561"))                              # 乌海 (f05): Excel day 44561
    assert (serial.kind, serial.period, serial.note) == ("qualitative", ("2021-12", "2021-12"), "2021-12-31")
    assert as_date(parse_target("12个月")).kind == Q


def test_a_placeholder_in_the_name_gives_the_comparator_and_unit():
    from kg.normalise.targets import from_placeholder
    target = from_placeholder(parse_target("85"), "苗木成活率(≥**%)")        # 固原原州 (e04)
    assert (target.comparator, target.value, target.unit, target.raw) == ("≥", 85, "%", "85")
    assert from_placeholder(parse_target("85"), "苗木成活率").comparator == "="


@pytest.mark.parametrize("raw, comparator, value, unit, words", [
    ("补助资金及时到位100%", "=", "100", "%", "补助资金及时到位"),  # https://www.xjwq.gov.cn/info/1087/54556.htm (温泉 2019)
    ("满意度≥90%", "≥", "90", "%", "满意度"),
    ("群众满意度达到95%以上", "≥", "95", "%", "群众满意度"),
])
def test_a_target_after_its_metrics_words_is_read_with_the_words_as_its_note(raw, comparator, value, unit, words):
    target = parse_target(raw)
    assert (target.kind, target.comparator, target.value, target.unit, target.note) == (
        "quantitative", comparator, Decimal(value), unit, words)
    assert target.raw == raw


@pytest.mark.parametrize("raw", ["较上年提高5%", "成本节约10%", "对学校2400平米体育场馆补贴5万元。"])
def test_a_change_or_a_sentence_with_a_number_stays_words(raw):
    # 提高5% is a change, not a level of 5 %; a sentence that goes on after its number is no target
    assert parse_target(raw).kind == "qualitative"
