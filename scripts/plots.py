#!/usr/bin/env python3
"""Draws the plots of BENCHMARKS.md from the raw results of scripts/load.sh, as hand-written
SVG (Python's standard library only).

    python3 scripts/plots.py                      # the newest bench-results/load-*.tsv and soak-*.tsv
    python3 scripts/plots.py --load bench-results/load-20261125-223000.tsv --soak bench-results/soak-20261125-223000.tsv

Writes docs/load-throughput.svg (requests/s and p99 of every load target side by side: the
median of the runs, a line from the lowest to the highest run, a dot per run) and
docs/soak-rss.svg (the RSS of each soaked server over the soak, sampled every second).
"""

import argparse
import glob
import math
import os
import statistics
import sys
from xml.sax.saxutils import escape

ORDER = ["bare", "floor", "layer", "axum-crate", "axum-handwritten", "server"]
LABELS = {
    "bare": "bare hyper (no checks)",
    "floor": "floor: by hand, plain struct",
    "layer": "hyper + CallbackLayer",
    "axum-crate": "axum + crate (c)",
    "axum-handwritten": "axum hand-written (d)",
    "server": "server example",
}
COLOURS = {
    "bare": "#8c8c8c",
    "floor": "#1f4e79",
    "layer": "#e07b00",
    "axum-crate": "#2e8b57",
    "axum-handwritten": "#c0392b",
    "server": "#7b4ea3",
}
FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"


def read_tsv(path):
    """The comment lines (without '# ') and the rows as dicts."""
    comments, rows, header = [], [], None
    with open(path, encoding="utf-8") as file:
        for line in file:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("#"):
                comments.append(line.lstrip("# "))
            elif header is None:
                header = line.split("\t")
            else:
                rows.append(dict(zip(header, line.split("\t"))))
    return comments, rows


def newest(pattern):
    paths = sorted(p for p in glob.glob(pattern) if not p.endswith(".rss"))
    return paths[-1] if paths else None


def nice_step(span, ticks=5):
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def fmt(value):
    if value >= 10000:
        return f"{value / 1000:,.0f}k"
    if value >= 1000:
        return f"{value / 1000:.1f}k"
    return f"{value:,.0f}"


class Svg:
    def __init__(self, width, height):
        self.width, self.height, self.parts = width, height, []

    def add(self, element):
        self.parts.append(element)

    def text(self, x, y, text, size=12, anchor="start", weight="normal", colour="#222"):
        self.add(
            f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' "
            f"font-weight='{weight}' fill='{colour}' {FONT}>{escape(text)}</text>"
        )

    def line(self, x1, y1, x2, y2, colour="#222", width=1, dash=None):
        extra = f" stroke-dasharray='{dash}'" if dash else ""
        self.add(
            f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' "
            f"stroke='{colour}' stroke-width='{width}'{extra}/>"
        )

    def rect(self, x, y, w, h, colour, opacity=1.0):
        self.add(
            f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(w, 0):.1f}' height='{max(h, 0):.1f}' "
            f"fill='{colour}' fill-opacity='{opacity}'/>"
        )

    def circle(self, x, y, r, colour):
        self.add(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r}' fill='{colour}' stroke='white' stroke-width='0.8'/>")

    def polyline(self, points, colour, width=2):
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.add(
            f"<polyline points='{coords}' fill='none' stroke='{colour}' stroke-width='{width}' "
            f"stroke-linejoin='round'/>"
        )

    def save(self, path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(
                f"<svg xmlns='http://www.w3.org/2000/svg' width='{self.width}' height='{self.height}' "
                f"viewBox='0 0 {self.width} {self.height}'>\n"
                f"<rect width='100%' height='100%' fill='white'/>\n"
            )
            file.write("\n".join(self.parts))
            file.write("\n</svg>\n")


def bar_panel(svg, left, top, width, targets, values, title, unit, rows_height):
    """Horizontal bars: the median, a line from min to max, a dot per run."""
    highest = max(max(v) for v in values.values())
    step = nice_step(highest)
    limit = step * math.ceil(highest / step)
    scale = width / limit
    svg.text(left, top - 10, title, size=13, weight="bold")
    bottom = top + rows_height * len(targets)
    tick = 0.0
    while tick <= limit + 1e-9:
        x = left + tick * scale
        svg.line(x, top, x, bottom, colour="#e3e3e3")
        svg.text(x, bottom + 15, fmt(tick), size=10, anchor="middle", colour="#555")
        tick += step
    svg.text(left + width / 2, bottom + 32, unit, size=11, anchor="middle", colour="#555")
    for i, target in enumerate(targets):
        runs = values[target]
        median = statistics.median(runs)
        y = top + i * rows_height
        colour = COLOURS.get(target, "#444")
        svg.rect(left, y + 6, median * scale, rows_height - 12, colour, opacity=0.85)
        middle = y + rows_height / 2
        if len(runs) > 1:
            svg.line(left + min(runs) * scale, middle, left + max(runs) * scale, middle, width=1.5)
        for run in runs:
            svg.circle(left + run * scale, middle, 2.6, "#222")
        label = fmt(median) if len(runs) == 1 else f"{fmt(median)} ({fmt(min(runs))}-{fmt(max(runs))})"
        svg.text(left + max(runs) * scale + 6, middle + 4, label, size=10, colour="#333")
    svg.line(left, top, left, bottom, colour="#555")


def plot_load(path, out):
    comments, rows = read_tsv(path)
    rps, p99 = {}, {}
    for row in rows:
        rps.setdefault(row["target"], []).append(float(row["rps"]))
        p99.setdefault(row["target"], []).append(float(row["p99_us"]))
    targets = [t for t in ORDER if t in rps] + sorted(t for t in rps if t not in ORDER)
    if not targets:
        print(f"{path}: no rows", file=sys.stderr)
        return
    rows_height = 34
    label_width = 200
    panel = 330
    gap = 150
    top = 92
    height = top + rows_height * len(targets) + 110
    width = label_width + panel + gap + panel + 140
    svg = Svg(width, height)
    runs = max(len(v) for v in rps.values())
    svg.text(16, 24, "Loopback load: the signed create-room callback, wrk, one target at a time", size=15, weight="bold")
    for k, comment in enumerate(comments[:2]):
        svg.text(16, 44 + 16 * k, comment[:170], size=10, colour="#555")
    for i, target in enumerate(targets):
        y = top + i * rows_height + rows_height / 2 + 4
        svg.text(label_width - 10, y, LABELS.get(target, target), size=12, anchor="end")
    plural = "s" if runs > 1 else ""
    bar_panel(svg, label_width, top, panel, targets, rps,
              f"requests/s (median of {runs} run{plural})", "requests per second, higher is better", rows_height)
    bar_panel(svg, label_width + panel + gap, top, panel, targets, p99,
              f"p99 latency (median of {runs} run{plural})", "microseconds, lower is better", rows_height)
    # The ratios the targets are set on.
    median = {t: statistics.median(v) for t, v in rps.items()}
    notes = []
    for a, b, target in [("layer", "floor", 0.90), ("axum-crate", "axum-handwritten", 1.25),
                         ("layer", "bare", None), ("floor", "bare", None)]:
        if a in median and b in median:
            ratio = median[a] / median[b]
            verdict = "" if target is None else (f" (target >= {target:.2f}: " + ("met)" if ratio >= target else "missed)"))
            notes.append(f"{a} / {b} = {ratio:.2f}{verdict}")
    svg.text(16, height - 18, "throughput " + ";  ".join(notes), size=11, colour="#222")
    svg.text(16, height - 4, f"from {os.path.basename(path)}; bars: median, line: lowest to highest run, dots: runs",
             size=9, colour="#777")
    svg.save(out)
    print(f"wrote {out} from {path}")


def plot_soak(path, out):
    comments, rows = read_tsv(path)
    series = []
    for row in rows:
        samples_path = os.path.join(os.path.dirname(path),
                                    f"soak-{row['stamp']}-{row['target']}.rss")
        points = []
        if os.path.exists(samples_path):
            with open(samples_path, encoding="utf-8") as file:
                for line in file:
                    fields = line.split()
                    if len(fields) == 2 and not line.startswith("#"):
                        points.append((float(fields[0]), int(fields[1]) / 1024))
        if points:
            series.append((row, points))
    if not series:
        print(f"{path}: no samples", file=sys.stderr)
        return
    width, height = 860, 430
    left, top, right, bottom = 80, 84, width - 30, height - 110
    svg = Svg(width, height)
    svg.text(16, 24, "RSS over the soak (fresh process, sampled every second)", size=15, weight="bold")
    for k, comment in enumerate(comments[:2]):
        svg.text(16, 44 + 16 * k, comment[:170], size=10, colour="#555")
    max_t = max(p[0] for _, pts in series for p in pts) or 1
    max_m = max(p[1] for _, pts in series for p in pts)
    step_m = nice_step(max_m)
    limit_m = step_m * math.ceil(max_m * 1.05 / step_m)
    step_t = nice_step(max_t)
    limit_t = step_t * math.ceil(max_t / step_t)
    sx = (right - left) / limit_t
    sy = (bottom - top) / limit_m
    tick = 0.0
    while tick <= limit_m + 1e-9:
        y = bottom - tick * sy
        svg.line(left, y, right, y, colour="#e3e3e3")
        svg.text(left - 8, y + 4, f"{tick:g}", size=10, anchor="end", colour="#555")
        tick += step_m
    tick = 0.0
    while tick <= limit_t + 1e-9:
        x = left + tick * sx
        svg.line(x, bottom, x, bottom + 4, colour="#555")
        svg.text(x, bottom + 17, f"{tick:g}", size=10, anchor="middle", colour="#555")
        tick += step_t
    svg.line(left, top, left, bottom, colour="#555")
    svg.line(left, bottom, right, bottom, colour="#555")
    svg.text(left + (right - left) / 2, bottom + 34, "seconds since the soak started (a fresh server process)", size=11, anchor="middle", colour="#555")
    svg.add(f"<text x='20' y='{(top + bottom) / 2:.1f}' font-size='11' fill='#555' text-anchor='middle' "
            f"transform='rotate(-90 20 {(top + bottom) / 2:.1f})' {FONT}>RSS, MiB</text>")
    for k, (row, points) in enumerate(series):
        colour = COLOURS.get(row["target"], "#444")
        svg.polyline([(left + t * sx, bottom - m * sy) for t, m in points], colour)
        y = height - 58 + 16 * k
        svg.line(left, y - 4, left + 24, y - 4, colour=colour, width=3)
        first = int(row["rss_first_segment_kib"] or 0)
        end = int(row["rss_end_kib"])
        svg.text(left + 32, y,
                 f"{LABELS.get(row['target'], row['target'])}: {int(row['requests']):,} requests, "
                 f"{row['errors']} errors in {float(row['seconds']):.0f} s; RSS {int(row['rss_start_kib']):,} KiB at start, "
                 f"{first:,} after the first segment, {end:,} at the end (max {int(row['rss_max_kib']):,})",
                 size=10)
    svg.text(16, height - 4, f"from {os.path.basename(path)} and its .rss files", size=9, colour="#777")
    svg.save(out)
    print(f"wrote {out} from {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default="bench-results", help="where load.sh wrote its files")
    parser.add_argument("--load", help="a load-*.tsv file (default: the newest)")
    parser.add_argument("--soak", help="a soak-*.tsv file (default: the newest)")
    parser.add_argument("--out", default="docs", help="where to write the SVG files")
    args = parser.parse_args()
    load = args.load or newest(os.path.join(args.results, "load-*.tsv"))
    soak = args.soak or newest(os.path.join(args.results, "soak-*.tsv"))
    if not load and not soak:
        sys.exit(f"no load-*.tsv or soak-*.tsv in {args.results}: run scripts/load.sh first")
    if load:
        plot_load(load, os.path.join(args.out, "load-throughput.svg"))
    if soak:
        plot_soak(soak, os.path.join(args.out, "soak-rss.svg"))


if __name__ == "__main__":
    main()
