#!/usr/bin/env python3
"""Interleaved start-up timing of whole processes (issue #47): every round runs each command once, in turn, so load
changes on a shared machine hit all commands alike. Per command: median wall time and median CPU time (user + system
of the child, from wait4, which the spawning itself does not enter), each also as a ratio to the first command.

    bench/coldstart.py [--runs 30] [--warmup 3] [--drop-caches] [--markdown] LABEL=COMMAND ...

Each COMMAND is split on blanks (no shell) and run with stdout and stdin on /dev/null; a non-zero exit stops the run.
--drop-caches writes 3 to /proc/sys/vm/drop_caches before every run (root only: every run then reads its binary and
libraries from disk, which measures the disk more than the program, and slows everything else on the machine).
"""
import argparse
import os
import statistics
import sys
import time


def run_once(argv, drop):
    if drop:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as f:
            f.write("3\n")
    null = os.open(os.devnull, os.O_RDWR)
    try:
        start = time.perf_counter_ns()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
            (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = (time.perf_counter_ns() - start) / 1e6
    finally:
        os.close(null)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--drop-caches", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    commands = [(c.split("=", 1)[0], c.split("=", 1)[1].split()) for c in args.commands]
    for _ in range(args.warmup):
        for _, argv in commands:
            run_once(argv, False)
    walls = {label: [] for label, _ in commands}
    cpus = {label: [] for label, _ in commands}
    for _ in range(args.runs):
        for label, argv in commands:
            wall, cpu = run_once(argv, args.drop_caches)
            walls[label].append(wall)
            cpus[label].append(cpu)
    first = commands[0][0]
    base_wall, base_cpu = statistics.median(walls[first]), statistics.median(cpus[first])
    cache = "page cache dropped before every run" if args.drop_caches else "page cache warm"
    if args.markdown:
        print(f"| command ({args.runs} interleaved runs each, {cache}) | median wall | × {first} | median CPU | × {first} | wall p10–p90 |")
        print("|---|---:|---:|---:|---:|---:|")
    for label, _ in commands:
        w, c = statistics.median(walls[label]), statistics.median(cpus[label])
        deciles = statistics.quantiles(walls[label], n=10)
        if args.markdown:
            print(f"| {label} | {w:.2f} ms | {w / base_wall:.2f} | {c:.2f} ms | {c / base_cpu:.2f} | {deciles[0]:.2f}–{deciles[-1]:.2f} ms |")
        else:
            print(f"{label:40} wall {w:7.2f} ms ({w / base_wall:4.2f}x)  cpu {c:7.2f} ms ({c / base_cpu:4.2f}x)  p10-p90 {deciles[0]:.2f}-{deciles[-1]:.2f}")


if __name__ == "__main__":
    main()
