"""Generate project specs and write them through the layout writers."""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Callable

from kg.resources import read_tsv, stage_data
from kg.synth.layouts import WRITERS, Evaluated, Row, Spec, TableText, self_evaluation

LAYOUTS = tuple(WRITERS)
PROJECT_SUFFIXES = ("项目经费", "专项资金", "工作经费", "补助资金", "运行维护经费")
ORDINALS = ("", "二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期", "十期")
GOAL_TEMPLATES = (
    "通过开展{topic}工作，保障{unit}各项任务顺利完成。",
    "{topic}覆盖面持续扩大，服务对象满意度稳步提升。",
    "完善{topic}管理制度，提高财政资金使用效益。",
)


@dataclass
class Manifest:
    """What a synthetic corpus holds, so a test can check extraction found exactly that."""

    seed: int
    layouts: list[str]
    projects: int
    indicators: int
    files: int
    warnings: list[dict] = field(default_factory=list)  # the planted damage kg must report
    by_file: list[dict] = field(default_factory=list)
    # one per self-evaluated row: where it is, the target table's 三级指标 and 指标值 as printed there,
    # the self-evaluation's name, the achieved value and whether it meets the target (null: words)
    achievements: list[dict] = field(default_factory=list)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class _Metric:
    level1: str
    level2: str
    name: str
    description: str
    values: tuple[str, ...]


# The synthetic 指标值 grammar (kg/synth/data/metrics.tsv): sign, whole number, 万, unit; else words.
_VALUE = re.compile(r"^(?P<sign>[≥≤><]?)(?P<number>\d+)(?P<magnitude>万?)(?P<unit>\D*)$")
# 二级 whose plain-number targets are limits: 1天 in 时效 is at most a day (as kg reads it: README)
_LIMIT_LEVEL2 = ("时效指标", "成本指标")
_MET_SHARE = 0.75
_REASONS = ("受项目实施进度影响，未完全达到年度目标", "部分工作延至次年实施")


def _zipf(n: int, s: float = 1.1) -> list[float]:
    return list(accumulate(1.0 / (rank ** s) for rank in range(1, n + 1)))


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        metrics = [_Metric(a, b, c, d, tuple(v.split("|"))) for a, b, c, d, v in read_tsv("synth", "metrics.tsv")]
        self.by_name = {m.name: m for m in metrics}
        self.by_level1 = {l1: [m for m in metrics if m.level1 == l1] for l1 in ("产出指标", "效益指标", "满意度指标")}
        self.weights = {l1: _zipf(len(ms)) for l1, ms in self.by_level1.items()}
        self.departments = read_tsv("synth", "units.tsv")
        self.places = [p.strip() for p in stage_data("synth", "places.txt").read_text(encoding="utf-8").split()]

    def unit(self, index: int) -> tuple[str, str, str]:
        place = self.places[index % len(self.places)]
        department, topic = self.departments[(index // len(self.places)) % len(self.departments)]
        return f"{340001 + index:06d}", f"{place}{department}", topic

    def metric(self, level1: str) -> _Metric:
        return self.rng.choices(self.by_level1[level1], cum_weights=self.weights[level1])[0]

    def value(self, metric: _Metric) -> str:
        return self.rng.choices(metric.values, cum_weights=_zipf(len(metric.values)))[0]

    def next_year(self, spec: Spec) -> Spec:
        """The same project's table a year later: the same metrics, about a third of the
        targets drawn again (as units move their targets from year to year)."""
        rows = tuple(replace(row, value=self.value(self.by_name[row.name])) if self.rng.random() < 0.35 else row
                     for row in spec.rows)
        return replace(spec, year=spec.year + 1, rows=rows)

    def evaluate(self, row: Row, printed: str) -> tuple[Evaluated, str | None]:
        """A self-evaluation's row of ``row``: an achieved value drawn around its target, three in
        four meeting it, and whether it does by the plan ("yes"/"no"; None where the target
        table prints words, as ``printed`` may say where the layout changed the value)."""
        rng = self.rng
        name = row.name
        if name.endswith("满意度") and rng.random() < 0.3:
            name = name[:-1] + "率"  # 满意率: the self-evaluation spells the metric otherwise
        elif rng.random() < 0.1:
            name += "。"
        weight = 10
        found = _VALUE.match(row.value)
        if found is None:  # words: the self-evaluation answers in words
            actual = rng.choice((row.value, "基本完成", "已完成"))
            return Evaluated(name, actual, weight, weight, ""), None
        sign, number, magnitude, unit = found.group("sign", "number", "magnitude", "unit")
        target = int(number)
        at_most = sign in ("≤", "<") or (sign == "" and row.level2 in _LIMIT_LEVEL2)
        strict = sign in (">", "<")
        # no 13月 and no 101%: such a limit is met (100% in a 时效 row is, as kg reads it, at most 100%)
        met = rng.random() < _MET_SHARE or unit == "月" or (unit == "%" and at_most and target >= 100)
        if unit == "%":
            if at_most:
                achieved = rng.randint(max(target - 8, 0), target) if met else rng.randint(target + 1, 100)
            else:
                achieved = rng.randint(target, 100) if met else rng.randint(max(target - 8, 0), target - 1)
        elif at_most:
            achieved = (min(math.floor(target * rng.uniform(0.7, 1.0)), target - strict) if met
                        else max(math.ceil(target * rng.uniform(1.05, 1.4)), target + 1))
        else:
            achieved = (max(math.ceil(target * rng.uniform(1.0, 1.3)), target + strict) if met
                        else min(math.floor(target * rng.uniform(0.6, 0.95)), target - 1))
        met = (achieved < target if strict else achieved <= target) if at_most else \
            (achieved > target if strict else achieved >= target)
        score = weight if met else weight * 6 // 10
        evaluated = Evaluated(name, f"{achieved}{magnitude}{unit}", weight, score, "" if met else rng.choice(_REASONS))
        return evaluated, (None if _VALUE.match(printed) is None else "yes" if met else "no")

    def spec(self, code: str, unit_name: str, topic: str, index: int) -> Spec:
        rng = self.rng
        name = f"{topic}{ORDINALS[(index // len(PROJECT_SUFFIXES)) % len(ORDINALS)]}" \
               f"{PROJECT_SUFFIXES[index % len(PROJECT_SUFFIXES)]}"
        if index >= len(PROJECT_SUFFIXES) * len(ORDINALS):
            name += f"（{index + 1}）"
        total = Decimal(rng.randint(20, 20000)) / 4
        other = Decimal(0) if rng.random() < 0.8 else (total / 5).quantize(Decimal("0.01"))
        count = rng.randint(4, 10)
        picked: list[_Metric] = []
        for level1 in ["满意度指标", "效益指标"] + ["产出指标"] * (count - 2):
            metric = self.metric(level1)
            if metric not in picked:
                picked.append(metric)
        order = {"产出指标": 0, "效益指标": 1, "满意度指标": 2}
        picked.sort(key=lambda m: (order[m.level1], m.level2))
        rows = tuple(Row(m.level1, m.level2, m.name, m.description, self.value(m)) for m in picked)
        goals = tuple(t.format(topic=topic, unit=unit_name) for t in GOAL_TEMPLATES[: rng.randint(1, 3)])
        return Spec(unit_code=code, unit_name=unit_name, project=name,
                    total=f"{total:.2f}", fiscal=f"{total - other:.2f}",
                    other=f"{other:.2f}" if other else "", purpose=goals[0], goals=goals, rows=rows)


def write_corpus(out: str | Path, *, projects: int, seed: int = 0,
                 layouts: tuple[str, ...] = LAYOUTS, broken_every: int = 97, second_year_every: int = 0,
                 self_eval_every: int = 0, progress: Callable[[int], None] | None = None) -> Manifest:
    """Write ``projects`` tables under ``out`` and return (and write) the manifest.

    With ``second_year_every`` N, every Nth unit also publishes the next year's tables of its
    projects (a file of their own, counted in ``projects``). With ``self_eval_every`` N, every
    Nth unit also publishes the self-evaluation of its projects' year (a file of their own,
    counted in ``projects``; each row's achieved value and outcome in ``achievements``).
    ``progress`` is called with the number of tables each file added.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(seed)
    manifest = Manifest(seed=seed, layouts=list(layouts), projects=0, indicators=0, files=0)
    made = 0
    unit_index = 0
    while made < projects:
        code, unit_name, topic = gen.unit(unit_index)
        count = min(projects - made, gen.rng.randint(1, 15))
        layout = layouts[unit_index % len(layouts)]
        clean = specs = [gen.spec(code, unit_name, topic, j) for j in range(count)]
        broken = {j for j in range(count) if (made + j) % broken_every == broken_every - 1}
        specs = [s.broken() if j in broken else s for j, s in enumerate(specs)]
        quirks = random.Random(f"{seed}-{unit_index}")
        table_text: TableText = WRITERS[layout](specs, quirks)
        name = f"{unit_index + 1:05d}-{code}-{layout}.txt"
        data = table_text.text.replace("\n", "\r\n") if unit_index % 5 == 3 else table_text.text
        encoding = "gb18030" if unit_index % 7 == 5 else "utf-8"
        (out / name).write_bytes(data.encode(encoding))
        manifest.by_file.append({"path": str(out / name), "layout": layout, "projects": len(specs),
                                 "indicators": sum(len(spec.rows) for spec in specs), "year": specs[0].year})
        for j, spec in enumerate(specs):
            if j in broken:  # the damaged cell is lost, its table is not
                manifest.warnings.append({"path": str(out / name), "line": table_text.budget_lines[j],
                                          "field": "预算数", "reason": f"{spec.total!r} is not an amount; left out"})
            manifest.projects += 1
            manifest.indicators += len(spec.rows)
        manifest.files += 1
        made += count
        if progress is not None:
            progress(count)
        stem = f"{unit_index + 1:05d}-{code}-{layout}"
        if self_eval_every and unit_index % self_eval_every == self_eval_every - 1 and projects > made:
            printed = table_text.printed or [[row.value for row in spec.rows] for spec in specs]
            made += _write_self_evaluation(gen, clean[:projects - made], printed, out, stem, manifest, progress)
        later = projects - made
        if second_year_every and unit_index % second_year_every == second_year_every - 1 and later > 0:
            made += _write_next_year(gen, clean[:later], layout, out, stem,
                                     random.Random(f"{seed}-{unit_index}-next"), manifest, progress)
        unit_index += 1
    manifest.write(out / "manifest.json")
    return manifest


def _write_next_year(gen: _Generator, specs: list[Spec], layout: str, out: Path, stem: str,
                     quirks: random.Random, manifest: Manifest, progress) -> int:
    """One unit's tables for the year after ``specs``': a file of its own."""
    later = [gen.next_year(spec) for spec in specs]
    name = f"{stem}-{later[0].year}.txt"
    (out / name).write_text(WRITERS[layout](later, quirks).text, encoding="utf-8")
    return _count_file(manifest, out / name, layout, later, progress)


def _write_self_evaluation(gen: _Generator, specs: list[Spec], printed: list[list[str]], out: Path, stem: str,
                           manifest: Manifest, progress) -> int:
    """One unit's self-evaluation of its projects' year: a file of its own, in the pipe layout."""
    plans = [[gen.evaluate(row, value) for row, value in zip(spec.rows, values)]
             for spec, values in zip(specs, printed)]
    name = f"{stem}-selfeval-{specs[0].year}.txt"
    text = self_evaluation(specs, [[evaluated for evaluated, _ in plan] for plan in plans])
    (out / name).write_text(text.text, encoding="utf-8")
    for spec, values, plan, lines in zip(specs, printed, plans, text.row_lines or []):
        for row, value, (evaluated, met), line in zip(spec.rows, values, plan, lines):
            manifest.achievements.append({
                "path": str(out / name), "line": line, "unit_code": spec.unit_code, "project": spec.project,
                "year": spec.year, "metric": row.name, "target": value, "name": evaluated.name,
                "actual": evaluated.actual, "met": met, "score": evaluated.score})
    return _count_file(manifest, out / name, "self-evaluation", specs, progress)


def _count_file(manifest: Manifest, path: Path, layout: str, specs: list[Spec], progress) -> int:
    """A written file of ``specs``' tables in the manifest; how many projects it holds."""
    indicators = sum(len(spec.rows) for spec in specs)
    manifest.by_file.append({"path": str(path), "layout": layout, "projects": len(specs),
                             "indicators": indicators, "year": specs[0].year})
    manifest.projects += len(specs)
    manifest.indicators += indicators
    manifest.files += 1
    if progress is not None:
        progress(len(specs))
    return len(specs)
