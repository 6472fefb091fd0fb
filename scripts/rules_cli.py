#!/usr/bin/env python3
"""`tverr rules test` and `tverr rules doc` as a user runs them: the shipped rules pass, and broken
copies of the file fail with the file, the line and the problem, and a non-zero exit."""
import os
import subprocess
import sys
import tempfile

from testlib import Checks

tverr = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shipped = os.path.join(root, "rules", "collective-protection.yaml")
check = Checks()


def run(*args):
    result = subprocess.run([tverr, "rules", *args], capture_output=True, text=True, cwd=root, timeout=60)
    return result.returncode, result.stdout + result.stderr


def line_of(text, needle):
    return text.split("\n").index(next(line for line in text.split("\n") if needle in line)) + 1


code, out = run("test")
check(code == 0, f"the shipped rules pass (exit {code}): {out.strip()}")
check("collective-protection.yaml: collective-protection, versions 2022.1: 16 of 16 tests passed" in out, f"one line per file: {out.strip()}")

with open(shipped, encoding="utf-8") as f:
    original = f.read()

broken = {
    "an unknown fact": (original.replace("and principal_eligible\n", "and principal_eligble\n", 1),
                        "- id: household_member", "rule `household_member`: `principal_eligble` is not a fact"),
    "overlapping versions": (original.replace("    decision:\n", "    decision:\n", 1).replace(
        "\ntests:\n", "\n" + original[original.index("  - version:"):original.index("\ntests:\n")].replace('"2022.1"', '"2022.2"').replace("2022-03-11", "2022-06-01") + "\ntests:\n"),
        'version: "2022.2"', "version 2022.2 from 2022-06-01 overlaps version 2022.1"),
    "a YAML syntax error": (original.replace("title:\n  nb: Kollektiv", "title: {\n  nb: Kollektiv", 1), None, "YAML syntax error"),
    "a failing test": (original.replace("rules: {close_family: true, age: 11}", "rules: {close_family: true, age: 12}"),
                       "- name: A child under 18 arriving", "failed: expected rule `age` to be 12, got 11"),
}
with tempfile.TemporaryDirectory() as folder:
    for what, (text, needle, message) in broken.items():
        path = os.path.join(folder, "collective-protection.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        code, out = run("test", path)
        check(code != 0, f"{what}: exits non-zero (got {code})")
        check(message in out, f"{what}: names the problem: {out.strip()[:300]}")
        if needle:
            expected = f"collective-protection.yaml:{line_of(text, needle)}:"
            check(expected in out, f"{what}: names the line ({expected}): {out.strip()[:300]}")

code, out = run("doc", "--language", "uk")
check(code == 0 and out.startswith("# Тимчасовий колективний захист"), f"doc in Ukrainian: {out[:80]}")
check("utlendingsforskriften § 7-5 a første ledd bokstav c" in out and "| child | - | < 18 | true |" in out, "doc shows legal references and the decision table")
code, out = run("doc", "--language", "xx")
check(code != 0 and "nb, nn, en or uk" in out, f"an unknown language is refused: {out.strip()}")

print(f"{check.passed} checks passed, {len(check.failures)} failed")
sys.exit(1 if check.failures else 0)
