"""The chart of docs/performance.md: time per page and per matrix against the size of the data.

    .venv/bin/python bench/chart.py --out docs/performance-sizes.png 1=var/bench-1x.md 10=var/bench-10x.md 100=var/bench-100x.md

Each argument is SCALE=FILE, FILE the Markdown that `manage.py benchmark` printed on data seeded
with `seed_scale --scale SCALE`. Reads its matrices' table (seconds, and the XlsxWriter floor) and
its pages' table (p95 ms), and draws two panels on logarithmic axes: a matrix whose time follows
its rows rises with the scale as its rows do; a page that keeps a constant number of queries and
pages its lists stays flat. Needs matplotlib (the `bench` extra).
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path


def tables(text: str) -> list[list[dict[str, str]]]:
    """Every Markdown table of the text, as rows of {header: cell}."""
    found, lines = [], text.splitlines()
    i = 0
    while i < len(lines) - 1:
        if lines[i].startswith("|") and re.match(r"^\|[\s:|-]+\|$", lines[i + 1].strip()):
            header = [c.strip() for c in lines[i].strip().strip("|").split("|")]
            rows, i = [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                rows.append(dict(zip(header, cells, strict=False)))
                i += 1
            found.append(rows)
        else:
            i += 1
    return found


def number(cell: str) -> float:
    """'1,234.5' or '**1.38**' or '26 cold / 8 cached' -> the first number."""
    match = re.search(r"[\d,]+(?:\.\d+)?", cell.replace("*", ""))
    if not match:
        raise ValueError(f"no number in {cell!r}")
    return float(match.group().replace(",", ""))


def _first(row: dict[str, str], *prefixes: str) -> str | None:
    return next((v for k, v in row.items() if any(k.startswith(p) for p in prefixes)), None)


def read(path: Path) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """(matrix seconds, matrix floor seconds, page p95 ms) by name. Headers in Spanish (benchmark
    today) or English (its output before 26/11/2026)."""
    matrices, floors, pages = {}, {}, {}
    for table in tables(path.read_text(encoding="utf-8")):
        for row in table:
            name = row.get("Matriz") or row.get("Matrix")
            page = row.get("Página") or row.get("Page")
            if name:
                matrices[name] = number(_first(row, "Segundos", "Seconds") or "")
                floor = _first(row, "Piso XlsxWriter", "XlsxWriter floor")
                if floor:
                    floors[name] = number(floor)
            elif page and "p95 (ms)" in row:
                pages[page] = number(row["p95 (ms)"])
    return matrices, floors, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("runs", nargs="+", help="SCALE=FILE")
    args = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on a server
    import matplotlib.pyplot as plt

    runs = sorted(((float(s), Path(f)) for s, f in (run.split("=", 1) for run in args.runs)), key=lambda r: r[0])
    data = [(scale, *read(path)) for scale, path in runs]
    scales = [d[0] for d in data]
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    for name in data[0][1]:
        left.plot(scales, [d[1].get(name, float("nan")) for d in data], marker="o", label=name)
        if all(name in d[2] for d in data):
            # A floor printed as 0.00 (under 5 ms) has no place on a logarithmic axis.
            left.plot(scales, [d[2][name] or float("nan") for d in data], linestyle=":", color=left.lines[-1].get_color(),
                      label=f"{name}: mínimo de XlsxWriter")
    left.set(xscale="log", yscale="log", xlabel="Tamaño (× ISVIMED)", ylabel="Segundos (cálculo + xlsx)",
             title="Matrices")
    left.legend(fontsize=7)
    for name in data[0][3]:
        right.plot(scales, [d[3].get(name, float("nan")) for d in data], marker="o", label=name)
    right.axhline(300, color="grey", linestyle="--", linewidth=1, label="Meta: 300 ms")
    right.set(xscale="log", yscale="log", xlabel="Tamaño (× ISVIMED)", ylabel="p95 (ms)", title="Páginas")
    right.legend(fontsize=7)
    for axis in (left, right):
        axis.set_xticks(scales, [f"{s:g}×" for s in scales])
        axis.grid(True, which="both", alpha=0.3)
    figure.savefig(args.out, dpi=110)
    print(f"Written to {args.out}")


if __name__ == "__main__":
    main()
