# SPDX-License-Identifier: LGPL-2.1-or-later
"""Add up the JUnit XML reports of the lanes that ran into one closing line."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

results, lanes = Path(sys.argv[1]), sys.argv[2:]
passed = failed = skipped = 0
for lane in lanes:
    report = results / f"{lane}.xml"
    if not report.exists():
        continue
    for suite in ET.parse(report).getroot().iter("testsuite"):
        tests, skips = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += tests - skips - bad
        failed += bad
        skipped += skips
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
