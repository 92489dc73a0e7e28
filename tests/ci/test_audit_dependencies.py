"""The dependency audit's summary (.ci/audit_dependencies.py): it fails on a known vulnerability and says plainly
when nothing could be checked."""

import importlib.util

from tests.conftest import PROJECT

spec = importlib.util.spec_from_file_location("audit_dependencies", PROJECT / ".ci" / "audit_dependencies.py")
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)


def test_a_known_vulnerability_fails_the_audit():
    report = {
        "dependencies": [
            {"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}]},
            {"name": "flask", "version": "3.1.3", "vulns": []},
        ]
    }
    out, _err, code = audit_dependencies.summarise(report)
    assert code == 1
    assert "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in out[0]
    assert "2 of 2 packages audited, 1 known vulnerabilities." in out[-1]


def test_nothing_audited_is_said_plainly_and_does_not_pass_for_a_clean_bill():
    report = {"dependencies": [{"name": "flask", "skip_reason": "Dependency not found on PyPI"}]}
    out, err, code = audit_dependencies.summarise(report)
    assert code == 0
    assert "0 of 1 packages audited" in out[-1]
    assert "Nothing was audited" in err[0]


def test_a_clean_audit_passes():
    out, err, code = audit_dependencies.summarise(
        {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]}
    )
    assert (code, err) == (0, []) and "1 of 1 packages audited, 0 known" in out[-1]
