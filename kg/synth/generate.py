"""Generate project specs and write them through the layout writers."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Callable

from kg.resources import read_tsv, stage_data
from kg.synth.layouts import WRITERS, Row, Spec, TableText

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

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class _Metric:
    level1: str
    level2: str
    name: str
    description: str
    values: tuple[str, ...]


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
                 progress: Callable[[int], None] | None = None) -> Manifest:
    """Write ``projects`` tables under ``out`` and return (and write) the manifest.

    With ``second_year_every`` N, every Nth unit also publishes the next year's tables of its
    projects (a file of their own, counted in ``projects``). ``progress`` is called with the
    number of tables each file added.
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
        later = projects - made
        if second_year_every and unit_index % second_year_every == second_year_every - 1 and later > 0:
            made += _write_next_year(gen, clean[:later], layout, out, f"{unit_index + 1:05d}-{code}-{layout}",
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
    manifest.by_file.append({"path": str(out / name), "layout": layout, "projects": len(later),
                             "indicators": sum(len(spec.rows) for spec in later), "year": later[0].year})
    manifest.projects += len(later)
    manifest.indicators += sum(len(spec.rows) for spec in later)
    manifest.files += 1
    if progress is not None:
        progress(len(later))
    return len(later)
