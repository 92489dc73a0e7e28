"""Backups of the whole database, and restoring one: SQLite's online backup API, PostgreSQL's pg_dump/pg_restore.

Both run while the service is up. A SQLite backup is a consistent copy of the database file taken page by page
under SQLite's own locking; a PostgreSQL backup is pg_dump's custom format (one consistent snapshot).
"""

import shutil
import sqlite3
import subprocess  # runs pg_dump/pg_restore with an argument list, never a shell
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import URL, make_url


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def default_backup_path(instance_path: str, url: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite" if make_url(url).get_backend_name() == "sqlite" else "pgdump"
    return Path(instance_path) / "backups" / f"samverkanstrappan-{stamp}.{suffix}"


def backup(url: str, target: Path) -> Path:
    parsed = make_url(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_file(parsed), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *_pg_args(parsed)])
    return target


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with the backup in `source` (the schema and every row)."""
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(source)
        _sqlite_copy(source, _sqlite_file(parsed))
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *_pg_args(parsed),
                str(source),
            ]
        )


def _sqlite_file(parsed: URL) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(parsed.database)


def _check_sqlite_file(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path} is not a SQLite backup")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with SQLite's backup API: consistent even while others write, and atomic for readers of `target`."""
    source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target_db = sqlite3.connect(target)
    try:
        source_db.backup(target_db)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup failed: {exc}") from exc
    finally:
        target_db.close()
        source_db.close()


def _pg_args(parsed: URL) -> list[str]:
    """pg_dump/pg_restore connection arguments; a search_path in the URL's options limits them to that schema."""
    dsn = parsed.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
    args = [f"--dbname={dsn}"]
    options = parsed.query.get("options")
    options = options[0] if isinstance(options, tuple) else options
    if options:
        for part in unquote(options).split():
            if part.startswith("-csearch_path="):
                args.append(f"--schema={part.removeprefix('-csearch_path=')}")
    return args


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed program, list args
    if done.returncode != 0:
        # The message names the failure without echoing the connection string (it may hold a password).
        raise BackupError(
            f"{command[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        )
