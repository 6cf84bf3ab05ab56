"""Backups: pg_dump/pg_restore on PostgreSQL, SQLite's online backup API on the embedded default.

``fingerprint`` summarises what a restore must bring back (row counts, the newest history row of
every audited table, every issued paper's checksum) so a restore can be checked, not hoped for.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections

from partnership.verify import audited_models


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} is not installed: apt-get install postgresql-client")
    return found


def backup(output: Path, using: str = "default") -> None:
    """Write a consistent copy of the database to ``output`` while the service runs."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={output}", name],
            env=_pg_env(connection.settings_dict),
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(output) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise RuntimeError(f"No backup method for {connection.vendor}")


def restore(source: Path, using: str = "default", *, database: str | None = None) -> None:
    """Replace the database (or ``database``, another PostgreSQL database or SQLite file) with
    the copy in ``source``."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        name = database or connection.settings_dict["NAME"]
        subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={name}",
                str(source),
            ],
            env=_pg_env(connection.settings_dict),
            check=True,
        )
    elif connection.vendor == "sqlite":
        target_name = database or connection.settings_dict["NAME"]
        with sqlite3.connect(source) as src, sqlite3.connect(target_name) as target:
            src.backup(target)
    else:
        raise RuntimeError(f"No restore method for {connection.vendor}")


def fingerprint(cursor) -> dict[str, Any]:
    """Counts, newest history rows and paper checksums, read through any DB-API ``cursor``."""
    result: dict[str, Any] = {}
    for model in audited_models():
        table = model._meta.db_table
        history = model.history.model._meta.db_table
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        result[f"{table} rows"] = cursor.fetchone()[0]
        cursor.execute(f'SELECT COUNT(*), MAX(history_id) FROM "{history}"')
        count, newest = cursor.fetchone()
        result[f"{history} rows"] = count
        cursor.execute(
            f'SELECT history_type, history_change_reason FROM "{history}" WHERE history_id = %s'
            if newest is not None
            else "SELECT NULL, NULL",
            [newest] if newest is not None else [],
        )
        result[f"{history} newest"] = (newest, *cursor.fetchone())
    issued = apps.get_model("reports", "IssuedAppendix")._meta.db_table
    cursor.execute(f'SELECT id, sha256 FROM "{issued}" ORDER BY id')
    result["issued papers"] = [tuple(row) for row in cursor.fetchall()]
    return result
