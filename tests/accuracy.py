"""Accuracy of ``kg extract`` on real published tables, against hand-written answers.

Two sets: ``tests/real-tables/`` (the development set, a copy of ``shared/real-tables``) and
``tests/real-wild/`` (tables found by the team in public government pages, one expected JSON
per file with its source URL). A gold row is paired with the extracted row at the same
position, or else with the next unused row of the same name, as in ``score.py``.

Run ``make accuracy`` (``python -m tests.accuracy [--misses]``): per file and in total, the
exact rows for the core and stretch tiers. ``tests/test_accuracy.py`` fails when a total
drops below the figure recorded in ``tests/real-wild/accuracy.json``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from kg import extract
from kg.errors import KgError
from kg.output import project_dict

HERE = Path(__file__).resolve().parent
SETS = {"dev": HERE / "real-tables", "wild": HERE / "real-wild"}
RECORD = HERE / "real-wild" / "accuracy.json"
YEARS = HERE / "real-wild" / "years.tsv"  # the fiscal year each table states, read by hand
ACTUALS = HERE / "real-wild" / "actuals.tsv"  # a self-evaluation's achieved values and scores, read by hand


@dataclass
class Tally:
    """Tables, tables found with their budget, gold rows and exact rows of one tier."""

    tables: int = 0
    found: int = 0
    rows: int = 0
    exact: int = 0

    def add(self, other: "Tally") -> None:
        self.tables += other.tables
        self.found += other.found
        self.rows += other.rows
        self.exact += other.exact


@dataclass
class FileScore:
    name: str
    tier: dict[str, Tally] = field(default_factory=lambda: {"core": Tally(), "stretch": Tally()})
    misses: list[str] = field(default_factory=list)


def gold_entries(set_dir: Path) -> dict[str, dict]:
    """Every expected table of a set, keyed ``file`` or ``file#n``."""
    if (set_dir / "expected.json").exists():
        return json.loads((set_dir / "expected.json").read_text(encoding="utf-8"))
    entries: dict[str, dict] = {}
    for path in sorted((set_dir / "expected").glob("*.json")):
        entries.update(json.loads(path.read_text(encoding="utf-8")))
    return entries


def _num(x):
    try:
        return round(float(str(x).replace(",", "")), 6)
    except (TypeError, ValueError):
        return None


def why(got: dict | None, gold: dict) -> str:
    """The first field where an extracted row differs from the gold row, or '' when exact."""
    if got is None:
        return "row missing"
    t, gt = got.get("target") or {}, gold["target"]
    # a table with no 一级/二级 column: kg writes "", the answers null
    checks = [("level1", got.get("level1") or None, gold["level1_any"]),
              ("level2", got.get("level2") or None, gold.get("level2_any", [gold.get("level2")])),
              ("name", got.get("name"), [gold["name"]])]
    if gold.get("raw") is not None:
        checks.append(("raw", t.get("raw"), [gold["raw"]]))
    if gt.get("kind"):
        checks.append(("kind", t.get("kind"), [gt["kind"]]))
    if gt.get("kind") == "quantitative":
        checks += [("comparator", t.get("comparator"), [gt["comparator"]]),
                   ("value", _num(t.get("value")), [_num(gt["value"])]),
                   ("unit", t.get("unit") or None, gt["unit_any"])]
    for name, value, accepted in checks:
        if value not in accepted:
            return f"{name} {value!r} != {accepted[0]!r}"
    return ""


def _extract(path: Path) -> tuple[list[dict], list[str]]:
    records, errors = [], []
    for item in extract([path]):
        if isinstance(item, KgError):
            errors.append(str(item))
        else:
            records.append(project_dict(item))
    return records, errors


def score_set(set_dir: Path) -> list[FileScore]:
    """Score every file of one set."""
    gold = gold_entries(set_dir)
    by_file: dict[str, list[tuple[str, dict]]] = {}
    for key, entry in gold.items():
        by_file.setdefault(entry.get("file", key.split("#")[0]), []).append((key, entry))
    scores = []
    for name in sorted(by_file):
        records, errors = _extract(set_dir / "raw" / name)
        score = FileScore(name)
        for key, entry in by_file[name]:
            tally = score.tier[entry["tier"]]
            _score_table(entry, records, errors, tally, score.misses, f"[{entry['tier']}] {key}")
        scores.append(score)
    return scores


def _score_table(entry: dict, records: list[dict], errors: list[str], tally: Tally, misses: list[str],
                 key: str) -> None:
    names = [n or None for n in entry.get("project_any", [entry.get("project")])]
    record = next((r for r in records if (r.get("project") or None) in names), None)
    tally.tables += 1
    tally.rows += len(entry["indicators"])
    if record is None:
        said = next((e for e in errors if ": " in e), "no error")
        misses.append(f"{key}: no project found ({said[-100:]})")
        return
    if _num(record.get("budget_total")) == _num(entry.get("budget_total")):
        tally.found += 1
    else:
        misses.append(f"{key}: budget {record.get('budget_total')!r} != {entry.get('budget_total')!r}")
    rows, used = record.get("indicators", []), set()
    for i, gold_row in enumerate(entry["indicators"]):
        same = [j for j, r in enumerate(rows) if r.get("name") == gold_row["name"] and j not in used]
        j = i if i in same else (same[0] if same else (i if i < len(rows) and i not in used else None))
        used.add(j)
        reason = why(rows[j] if j is not None else None, gold_row)
        tally.exact += not reason
        if reason:
            misses.append(f"{key} #{i + 1} {gold_row['name']}: {reason}")


def totals(scores: list[FileScore]) -> dict[str, Tally]:
    out = {"core": Tally(), "stretch": Tally()}
    for score in scores:
        for tier, tally in score.tier.items():
            out[tier].add(tally)
    return out


def score_years() -> tuple[int, int, list[str]]:
    """(right, of, misses): the fiscal year kg gives each table of both sets against
    ``real-wild/years.tsv`` (null where the document states none)."""
    lines = YEARS.read_text(encoding="utf-8").splitlines()[1:]
    by_file: dict[str, list[tuple[str | None, int | None]]] = {}
    for line in lines:
        name, project, year, _ = line.split("\t", 3)
        by_file.setdefault(name, []).append((None if project == "null" else project,
                                             None if year == "null" else int(year)))
    aliases = _project_aliases()
    right, misses = 0, []
    for name, wanted in by_file.items():
        records, _ = _extract(HERE / name)
        unused = list(records)
        for project, year in wanted:
            names = aliases.get((Path(name).name, project), [project])
            record = next((r for r in unused if (r.get("project") or None) in names), None)
            if record is not None:
                unused.remove(record)
            got = record.get("year") if record is not None else "no project"
            right += got == year
            if got != year:
                misses.append(f"{name} {project}: year {got!r} != {year!r}")
    return right, len(lines), misses


def _project_aliases() -> dict[tuple[str, str | None], list[str | None]]:
    """(file, project) → every name the expected answer accepts for that project (``project_any``)."""
    aliases = {}
    for set_dir in SETS.values():
        for key, entry in gold_entries(set_dir).items():
            if isinstance(entry, dict) and entry.get("project_any"):
                aliases[(key.split("#")[0], entry.get("project"))] = [n or None for n in entry["project_any"]]
    return aliases


def score_actuals() -> tuple[int, int, int, int, list[str]]:
    """(actuals right, of, scores right, of, misses): each self-evaluation row's 全年实际值 as printed
    (spaces aside) and its 得分 as a number, against ``real-wild/actuals.tsv``."""
    lines = [line.split("\t") for line in ACTUALS.read_text(encoding="utf-8").splitlines()[1:]]
    records = {name: _extract(HERE / name)[0] for name in dict.fromkeys(line[0] for line in lines)}
    right = scores = scored = 0
    misses = []
    for name, project, metric, _, actual, score in lines:
        record = next((r for r in records[name] if r.get("project") == project), None)
        row = next((i for i in (record or {}).get("indicators", []) if i.get("name") == metric), None)
        got = ((row or {}).get("actual") or {}).get("raw")
        ok = "".join((got or "").split()) == "".join(actual.split())
        right += ok
        if not ok:
            misses.append(f"{name} {metric}: actual {got!r} != {actual!r}" if row else f"{name} {metric}: no row")
        if score:
            scored += 1
            scores += row is not None and _num(row.get("score")) == _num(score)
    return right, len(lines), scores, scored, misses


def report(show_misses: bool = False) -> dict[str, dict[str, Tally]]:
    """Print the per-file and total figures of both sets; return the totals."""
    result = {}
    for set_name, set_dir in SETS.items():
        scores = score_set(set_dir)
        print(f"== {set_name}: {set_dir.relative_to(HERE.parent)}")
        for score in scores:
            parts = [f"{tier} {t.exact}/{t.rows} rows, {t.found}/{t.tables} tables"
                     for tier, t in score.tier.items() if t.tables]
            print(f"  {score.name}: " + "; ".join(parts))
            if show_misses:
                for miss in score.misses:
                    print(f"      miss: {miss}")
        result[set_name] = totals(scores)
        for tier, t in result[set_name].items():
            share = f" ({100 * t.exact / t.rows:.1f} %)" if t.rows else ""
            print(f"  {set_name} {tier}: rows exact {t.exact}/{t.rows}{share}, "
                  f"tables found with budget {t.found}/{t.tables}")
    right, of, misses = score_years()
    print(f"== fiscal years ({YEARS.relative_to(HERE.parent)}): {right}/{of} tables right")
    for miss in misses if show_misses else ():
        print(f"      miss: {miss}")
    right, of, scores, scored, misses = score_actuals()
    print(f"== self-evaluations ({ACTUALS.relative_to(HERE.parent)}): achieved values {right}/{of} right, "
          f"scores {scores}/{scored}")
    for miss in misses if show_misses else ():
        print(f"      miss: {miss}")
    return result


if __name__ == "__main__":
    report(show_misses="--misses" in sys.argv)
