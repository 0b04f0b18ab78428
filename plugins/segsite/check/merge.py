"""`segsite check --merge DIR [DIR ...]`: the reports of the shards of one
check pass (each DIR holds one shard's results.json and shots/) joined into
one report and one exit code. It fails when a shard failed a check, and when
a shard is missing or incomplete, or belongs to another split or another
build; it says which. Needs no browser: it only reads what the shards wrote."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from segsite.check.results import summary_lines, write_results
from segsite.check.shards import Shard
from segsite.check.store import label

KINDS = ("pages", "variants", "stylesheets")


def read_shard(folder: Path) -> tuple[Shard | None, dict, str]:
    """(shard, its results.json, '') or (None, {}, what is wrong)."""
    file = folder / "results.json"
    if not file.is_file():
        return None, {}, f"{folder}: no results.json (the shard did not run or did not finish)"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(data["shard"], str):
            raise ValueError("no shard: a merged report, or one older segsite wrote")
        shard = Shard.parse(data["shard"])
        if not isinstance(data["results"], list) or not {"owned", "site"} <= data.keys():
            raise ValueError("no list of results, or no owned and site counts")
        return shard, data, ""
    except (OSError, ValueError, TypeError, KeyError) as error:
        return None, {}, f"{file}: not a shard's results ({type(error).__name__}: {error})"


def check_shards(shards: dict[Shard, tuple[Path, dict]]) -> list[str]:
    """What keeps the shards from making one whole pass."""
    problems = []
    counts = sorted({shard.count for shard in shards})
    if len(counts) > 1:
        problems.append(
            f"shards of different splits: {', '.join(map(str, sorted(shards, key=str)))}"
        )
    for count in counts:
        present = {shard.index for shard in shards if shard.count == count}
        problems += [
            f"shard {index}/{count} is missing"
            for index in range(1, count + 1)
            if index not in present
        ]
    by_key: dict[str, list[str]] = {}
    for shard, (folder, data) in sorted(shards.items(), key=lambda item: str(item[0])):
        by_key.setdefault(data.get("key"), []).append(str(shard))
        if not data.get("complete"):
            problems.append(
                f"shard {shard} ({folder}) is incomplete: {data.get('incomplete') or 'not marked complete'}"
            )
    if len(by_key) > 1:
        groups = "; ".join(", ".join(names) for names in by_key.values())
        problems.append(f"the shards checked different builds or settings ({groups})")
    if shards and not problems:
        site = next(iter(shards.values()))[1]["site"]
        for kind in KINDS:
            owned = sum(data["owned"][kind] for _, data in shards.values())
            if owned != site[kind]:
                problems.append(f"the shards own {owned} of the site's {site[kind]} {kind}")
    return problems


def merge_reports(folders: list[Path], report: Path, site_root: Path) -> int:
    """Writes the merged results.json and index.html into ``report``; 0 when
    every shard is there, complete and passed, 1 when a check failed, 2 when
    a shard is missing or does not fit."""
    problems, shards = [], {}
    for folder in folders:
        shard, data, problem = read_shard(folder)
        if shard is None:
            problems.append(problem)
        elif shard in shards:
            problems.append(f"shard {shard} given twice: {shards[shard][0]} and {folder}")
        else:
            shards[shard] = (folder, data)
    problems += check_shards(shards)
    results, seen = [], {}
    for shard, (folder, data) in sorted(shards.items(), key=lambda item: item[0].index):
        for result in data["results"]:
            if label(result) in seen:
                problems.append(
                    f"{' '.join(label(result))} checked by {seen[label(result)]} and {shard}"
                )
            seen[label(result)] = shard
            results.append({**result, "shard": str(shard)})
        copy_shots(folder / "shots", report / "shots")
    seconds = sum(data.get("seconds", 0) for _, data in shards.values())
    about = {
        "shard": None,
        "shards": {str(shard): str(folder) for shard, (folder, _) in shards.items()},
        "owned": {kind: sum(data["owned"][kind] for _, data in shards.values()) for kind in KINDS},
        "complete": not problems,
        "incomplete": "; ".join(problems),
    }
    write_results(report, site_root, results, seconds, about)
    where = f"; merged from {len(shards)} shard{'s' if len(shards) != 1 else ''}"
    print("\n".join(summary_lines(results, seconds, report, where)))
    for problem in problems:
        print(f"segsite check --merge: {problem}", file=sys.stderr)
    if problems:
        return 2
    return 1 if any(result["outcome"] == "failed" for result in results) else 0


def copy_shots(source: Path, target: Path) -> None:
    """Each shard's screenshots into the merged report (the shards own
    different pages, so no name is written twice)."""
    if not source.is_dir() or source.resolve() == target.resolve():
        return
    target.mkdir(parents=True, exist_ok=True)
    for shot in source.iterdir():
        shutil.copy2(shot, target / shot.name)
