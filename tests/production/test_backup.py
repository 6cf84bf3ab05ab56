"""Backups restore into a fresh database with the same rows, history and issued papers."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from partnership.backup import fingerprint


@pytest.fixture
def committed_data(transactional_db, issued_appendix, recommendation, users):
    """Data committed to the test database (pg_dump reads it from another connection)."""
    from recommendations import services

    services.progress_update_add(
        recommendation=recommendation, by=users["housing_officer"], text="Met the landlords"
    )
    return issued_appendix


def _live_fingerprint():
    with connection.cursor() as cursor:
        return fingerprint(cursor)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pg_dump path")
def test_a_postgresql_backup_restores_into_a_fresh_database(committed_data, tmp_path):
    dump = tmp_path / "tracker.dump"
    call_command("backup", output=dump)
    fresh = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg.connect(
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        from partnership.backup import restore

        restore(dump, database=fresh)
        with (
            psycopg.connect(
                host=admin.info.host, port=admin.info.port, user=admin.info.user, dbname=fresh
            ) as restored,
            restored.cursor() as cursor,
        ):
            assert fingerprint(cursor) == _live_fingerprint()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite online-backup path")
def test_a_sqlite_backup_restores_into_a_fresh_file(committed_data, tmp_path):
    copy = tmp_path / "tracker.sqlite3"
    call_command("backup", output=copy)
    fresh = tmp_path / "restored.sqlite3"
    from partnership.backup import restore

    restore(copy, database=str(fresh))
    with sqlite3.connect(fresh) as restored:
        cursor = restored.cursor()
        live = _live_fingerprint()
        assert fingerprint(_QmarkCursor(cursor)) == live
    assert live["issued papers"], "the fixture issued a paper, so there is a checksum to compare"


class _QmarkCursor:
    """Django writes %s placeholders; sqlite3 wants ?."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params=()):
        return self.cursor.execute(sql.replace("%s", "?"), params)

    def fetchone(self):
        return self.cursor.fetchone()

    def fetchall(self):
        return self.cursor.fetchall()
