"""pip-audit over the installed dependencies, with a summary that says how many packages were really checked.

pip-audit asks PyPI's per-release JSON API (https://pypi.org/pypi/NAME/VERSION/json) for known vulnerabilities.
Where that API cannot be reached, pip-audit skips every package and still reports "No known vulnerabilities
found"; this script says so plainly instead. It fails (exit 1) on any known vulnerability and on pip-audit errors;
a skipped package is reported, not failed, so that a machine without the vulnerability service can still build.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def summarise(data: dict) -> tuple[list[str], list[str], int]:
    """(lines for stdout, lines for stderr, exit code) from pip-audit's JSON report."""
    dependencies = data.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    found = [(d["name"], d["version"], v["id"], v.get("fix_versions", [])) for d in audited for v in d.get("vulns", [])]
    out = [
        f"pip-audit: {name} {version}: {vulnerability} (fixed in {', '.join(fixes) or 'no release yet'})"
        for name, version, vulnerability, fixes in found
    ]
    out.append(
        f"pip-audit: {len(audited)} of {len(dependencies)} packages audited, {len(found)} known vulnerabilities."
    )
    err = []
    if skipped and not audited:
        err.append(
            "pip-audit: WARNING – no package could be checked: the vulnerability service (PyPI's per-release JSON "
            "API, or OSV) is not reachable from this machine. Nothing was audited."
        )
    elif skipped:
        out.append("pip-audit: not on PyPI, not audited: " + ", ".join(sorted(d["name"] for d in skipped)))
    return out, err, 1 if found else 0


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "pip-audit.json"
        run = subprocess.run(  # noqa: S603 - a fixed command line of our own tool, no user input
            [str(PIP_AUDIT), "--skip-editable", "--progress-spinner", "off", "--format", "json", "--output", report],
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists() or run.returncode not in (0, 1):
            print(run.stderr.strip() or "pip-audit failed without a report", file=sys.stderr)
            return 1
        out, err, code = summarise(json.loads(report.read_text()))
    print("\n".join(out))
    if err:
        print("\n".join(err), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
