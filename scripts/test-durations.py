#!/usr/bin/env python3
"""Lists where a test run's time went, from the trx files test.sh keeps with TEST_RESULTS=folder:

    TEST_RESULTS=/tmp/results ./test.sh
    scripts/test-durations.py /tmp/results/*.trx      # the 30 slowest tests and classes of each pass

A test's duration includes its class fixture's start when it is the class's first test (xunit reports it so);
tests run side by side, so the durations add up to more than the pass took.
"""
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def moment(text):
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", text))


def report(path, count):
    root = ET.parse(path).getroot()
    classes = {d.get("id"): d.find("t:TestMethod", NS).get("className") for d in root.iterfind(".//t:UnitTest", NS)}
    results = []
    for result in root.iterfind(".//t:UnitTestResult", NS):
        results.append((seconds(result.get("duration", "0:0:0")), result.get("testName"), classes.get(result.get("testId")),
                        result.get("outcome"), moment(result.get("startTime")), moment(result.get("endTime"))))
    if not results:
        print(f"{path}: no results")
        return
    first = min(r[4] for r in results)
    last = max(r[5] for r in results)
    print(f"{path}: {len(results)} tests, first started to last ended {(last - first).total_seconds():.0f} s, "
          f"durations add up to {sum(r[0] for r in results):.0f} s")
    for outcome in sorted({r[3] for r in results}):
        print(f"  {outcome}: {sum(1 for r in results if r[3] == outcome)}")
    print(f"  the {count} slowest tests (s):")
    for duration, name, _, outcome, _, _ in sorted(results, key=lambda r: -r[0])[:count]:
        print(f"  {duration:7.1f}  {name}{'' if outcome == 'Passed' else '  [' + outcome + ']'}")
    by_class = defaultdict(lambda: [0.0, 0, None, None])
    for duration, _, name, _, started, ended in results:
        entry = by_class[name]
        entry[0] += duration
        entry[1] += 1
        entry[2] = started if entry[2] is None else min(entry[2], started)
        entry[3] = ended if entry[3] is None else max(entry[3], ended)
    print(f"  the {count} slowest classes (s, tests, first start to last end):")
    for name, (duration, tests, started, ended) in sorted(by_class.items(), key=lambda kv: -kv[1][0])[:count]:
        print(f"  {duration:7.1f} {tests:4d} {(ended - started).total_seconds():6.0f}  {name}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for trx in sys.argv[1:]:
        report(trx, 30)
