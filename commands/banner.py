"""Printed by `make run` before the server starts: where the service is and how to log in to the demo."""

import sys

from services.demo import DEMO_USERS


def main(port: str) -> None:
    print()
    print(f"  Samverkanstrappan: http://127.0.0.1:{port}")
    print("  Demo logins (demo data only; never use these passwords anywhere else):")
    for email, role, organisation, password in DEMO_USERS:
        where = f" ({organisation})" if organisation else ""
        print(f"    {role:<11} {email:<32} {password}{where}")
    # Commands make their links from PORT (services/links.py); in another shell it is not set unless given.
    print(f"  A respondent link:  PORT={port} .venv/bin/flask --app app invite --round 2025 --organisation kommun-0180")
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "5000")
