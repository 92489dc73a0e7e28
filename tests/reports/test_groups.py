"""Who sees small groups and single organisations, per round visibility and role."""

import pytest

from reports.groups import hides_small_groups, shows_organisations


@pytest.mark.parametrize(
    ("visibility", "role", "hides", "shows"),
    [
        ("anonymous", "admin", False, True),
        ("anonymous", "reviewer", True, False),
        ("anonymous", "respondent", True, False),
        ("anonymous", None, True, False),
        ("named", "admin", False, True),
        ("named", "reviewer", False, True),
        ("named", "respondent", False, False),
    ],
)
def test_who_sees_small_groups_and_single_organisations(visibility, role, hides, shows):
    """Rule: admins see everything; reviewers see names in named rounds only; a respondent sees other
    organisations only as a distribution."""
    assert hides_small_groups(visibility, role) is hides
    assert shows_organisations(visibility, role) is shows
