# SPDX-License-Identifier: LGPL-2.1-or-later
"""Synthetic programs for simulation benchmarks, and a timing of the engine on them.

  .venv/bin/python bench/sim_programs.py [--resolution 0.1] [--moves 20000] [--large]

:func:`zigzag_pocket` writes a LinuxCNC program clearing a stock layer by layer with short G1
moves along zigzag rows; the run prints moves/s and grid cells/s (CPU time: moves or cells
over the seconds) of reading the program and of ``sim.engine.simulate`` with its findings.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from projem_workbench.sim.machine import Box, MachineLimits


def zigzag_pocket(stock: Box, tool_diameter: float, moves: int, *, wiggle_mm: float = 0.0) -> str:
    """A LinuxCNC program of about ``moves`` short G1 moves clearing ``stock`` in 1 mm
    layers (80 % of its height) with a 40 % step-over, rows a radius past both ends.

    The moves of a row are collinear, which the simulator merges into one segment;
    ``wiggle_mm`` moves every other point of a row off the line by that much, so that no two
    moves continue one another (the cost of a path that really turns at every point)."""
    radius, step = tool_diameter / 2, 0.4 * tool_diameter
    rows = math.ceil((stock.y1 - stock.y0) / step) + 1
    layers = max(1, math.floor((stock.z1 - stock.z0) * 0.8))
    per_row = max(1, moves // (layers * rows) - 1)
    while layers > 1 and layers * rows * (per_row + 1) > moves:
        layers -= 1
    lines = ["(zigzag pocket)", "G21 G90 G17", "M6 T1", "M3 S8000", f"G0 Z{stock.z1 + 5:.3f}"]
    left, right = stock.x0 - radius, stock.x1 + radius
    lines.append(f"G0 X{left:.3f} Y{stock.y0:.3f}")
    x_at = left
    for layer in range(1, layers + 1):
        z = stock.z1 - layer
        lines.append(f"G1 Z{z:.3f} F300")
        for row in range(rows):
            y = min(stock.y0 + row * step, stock.y1)
            if row:
                lines.append(f"G1 Y{y:.3f} F1200")
            a, b = (left, right) if x_at == left else (right, left)
            for k in range(1, per_row + 1):
                off = wiggle_mm if k % 2 and k < per_row else 0.0
                lines.append(f"G1 X{a + (b - a) * k / per_row:.3f} Y{y + off:.3f}")
            x_at = b
        lines.append(f"G0 Z{stock.z1 + 5:.3f}")
        lines.append(f"G0 X{left:.3f} Y{stock.y0:.3f}")
        x_at = left
    lines += ["M5", "M2"]
    return "\n".join(lines) + "\n"


def main() -> None:
    from projem_workbench.gcode.reader import read_program
    from projem_workbench.sim.engine import simulate
    from projem_workbench.sim.tools import ToolShape

    parser = argparse.ArgumentParser()
    parser.add_argument("--resolution", type=float, action="append")
    parser.add_argument("--moves", type=int, default=20_000)
    parser.add_argument("--large", action="store_true", help="100k moves on 300 x 300 mm")
    parser.add_argument("--wiggle", type=float, default=0.0, help="mm off the row line")
    parser.add_argument("--tool", default="flat_endmill", help="tool_type of T1")
    args = parser.parse_args()
    if args.large:
        stock, diameter, moves = Box(0, 0, 0, 300, 300, 25), 10.0, 100_000
    else:
        stock, diameter, moves = Box(-2, -2, 0, 102, 62, 21), 6.0, args.moves
    machine = MachineLimits(
        name="bench",
        travel=Box(-500, -500, -100, 800, 800, 300),
        max_spindle_rpm=24000,
        max_feed_mm_min=10000,
        rapid_mm_min=24000,
        acceleration_mm_s2=2000,
    )
    record = {
        "name": f"EM {diameter:g}",
        "tool_type": args.tool,
        "corner_radius_mm": diameter / 6,
        "tip_angle_deg": 90,
        "diameter_mm": diameter,
        "flute_length_mm": 30,
        "overall_length_mm": 70,
    }
    tools = {1: ToolShape.from_record(record, number=1)}
    text = zigzag_pocket(stock, diameter, moves, wiggle_mm=args.wiggle)
    for res in args.resolution or [0.1]:
        started = time.process_time()
        program = read_program(text)
        read_s = time.process_time() - started
        result = simulate(program, stock=stock, tools=tools, machine=machine, resolution_mm=res)
        cpu = time.process_time() - started
        n = len(program.moves)
        print(
            f"{res} mm: {n} moves, {result.cells} cells, read {read_s:.2f} s, total {cpu:.2f} s "
            f"CPU: {n / cpu:,.0f} moves/s, {result.cells / cpu / 1e6:.2f} M cells/s "
            f"(simulate alone {n / result.elapsed_s:,.0f} moves/s); removed "
            f"{result.removed_mm3:,.0f} mm³, {len(result.findings)} findings, peak "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
