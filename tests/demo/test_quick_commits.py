"""seed_demo's commits do not wait for the disk, on its own connection and only while it runs."""

import pytest
from django.db import connection

from demo.commits import quick_commits


def durability() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous")
        else:
            cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_commits_skip_the_disk_wait_inside_the_block_and_wait_again_after():
    before = durability()

    with quick_commits():
        inside = durability()

    assert inside in {"0", "off"}
    assert before not in {"0", "off"}
    assert durability() == before


@pytest.mark.django_db
def test_inside_a_transaction_nothing_changes():
    before = durability()

    with quick_commits():
        assert durability() == before
