"""The pure export core: CSV and JSON writing, and what de-identification keeps and drops."""

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from reporting.core import export_core as core

SALT = b"organization-secret-salt"
OTHER_SALT = b"another-organization-salt"

PERSONAL = [
    "Anna Lindqvist",
    "anna@example.test",
    "left knee clicks when I squat",
    "my divorce is stressing me",
    "hate mornings",
    "works night shifts",
    "coach note about anna",
    "Great week, Anna!",
    "Reply: see a physio",
    "felt chest pressure on stairs",
    "2f1e0d9c-3b4a-4c5d-8e7f-001122334455",
    "Block for Anna",
    "payload secret words",
    "evidence summary words",
]


def sample_rows() -> dict[str, list[tuple]]:
    """One row per table holding every personal string above somewhere."""
    at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    return {
        "clients": [
            (
                7,
                "Anna Lindqvist",
                "anna@example.test",
                3,
                "Coach Carla",
                "active",
                "moderate",
                "novice",
                "medium",
                False,
                2,
                "Hybrid",
                "active",
                Decimal("94.00"),
                "usd",
                at,
                None,
            )
        ],
        "intakes": [
            (
                11,
                7,
                1,
                "approved",
                ["strength"],
                "left knee clicks when I squat",
                1.5,
                3,
                60,
                ["barbell"],
                [{"area": "knee", "notes": "left knee clicks when I squat", "current": True}],
                {"chest_pain": False},
                "my divorce is stressing me",
                "hate mornings",
                "works night shifts",
                4,
                6.5,
                93,
                "moderate",
                "novice",
                "medium",
                "assisted_hybrid",
                [{"code": "injury_current", "text": "Anna Lindqvist has a current knee injury"}],
                [{"code": "sleep_short", "text": "works night shifts"}],
                False,
                at,
                3,
                at,
                "coach note about anna",
                at,
            )
        ],
        "programs": [
            (
                21,
                7,
                "Block for Anna",
                "active",
                date(2026, 3, 2),
                [{"topic": "split", "text": "coach note about anna"}],
                3,
                at,
                at,
            )
        ],
        "program_weeks": [(31, 21, 1, False)],
        "planned_workouts": [(41, 31, 21, 7, 0, date(2026, 3, 2), "Block for Anna")],
        "prescriptions": [
            (
                51,
                41,
                9,
                "Back Squat",
                1,
                3,
                5,
                8,
                Decimal("7.5"),
                Decimal("60.00"),
                120,
                "coach note about anna",
            )
        ],
        "workout_logs": [
            (
                61,
                7,
                UUID("2f1e0d9c-3b4a-4c5d-8e7f-001122334455"),
                41,
                at,
                at,
                "completed",
                "",
                Decimal("8.0"),
                55,
                "Great week, Anna!",
                "app",
                at,
            )
        ],
        "set_logs": [
            (
                71,
                61,
                9,
                "Back Squat",
                0,
                5,
                Decimal("60.00"),
                Decimal("8.0"),
                5,
                Decimal("60.00"),
                Decimal("7.5"),
                Decimal("70.00"),
                False,
            )
        ],
        "check_ins": [
            (
                81,
                7,
                at,
                at,
                4,
                3,
                2,
                2,
                3,
                4,
                5,
                7.0,
                Decimal("70.5"),
                {
                    "area": "works night shifts",
                    "severity": 3,
                    "new": False,
                    "notes": "hate mornings",
                },
                ["nausea"],
                "felt chest pressure on stairs",
                False,
                {"12": "4", "13": "my divorce is stressing me", "14": 5},
                "red",
                [
                    {
                        "code": "chest_pain",
                        "text": "Quoted: felt chest pressure on stairs",
                        "words": "felt chest pressure on stairs",
                    }
                ],
                "Great week, Anna!",
            )
        ],
        "recommendations": [
            (
                91,
                7,
                "progression",
                "approved",
                "green",
                "coach note about anna",
                0.8,
                {"note": "payload secret words"},
                21,
                "ai",
                None,
                at,
                None,
                3,
                at,
                "Reply: see a physio",
                False,
                None,
            )
        ],
        "review_items": [
            (
                101,
                7,
                "red",
                "chest_pain",
                [{"code": "chest_pain", "text": "Anna Lindqvist"}],
                [{"at": "x", "summary": "evidence summary words"}],
                "checkin",
                81,
                True,
                at,
                at,
                3,
                "resolved",
                "referred_out",
                "Reply: see a physio",
                3,
                at,
            )
        ],
        "adherence_scores": [
            (
                111,
                7,
                date(2026, 3, 3),
                "yellow",
                0.5,
                0.75,
                0.8,
                1.0,
                -0.4,
                0.02,
                0.3,
                [{"code": "low_completion", "text": "Anna Lindqvist completed 2 of 8"}],
            )
        ],
        "habits": [(121, 7, "custom", "Anna Lindqvist's evening walk", "Ring Anna", True, at)],
        "habit_checks": [(131, 121, date(2026, 3, 3), at)],
    }


def deidentified_files() -> dict[str, tuple[str, str]]:
    files = {}
    for table in core.TABLES:
        rows = core.deidentify_rows(table, sample_rows()[table.name], SALT, VOCABULARIES)
        csv_out, json_out = io.BytesIO(), io.BytesIO()
        core.write_table(core.deidentified_table(table), rows, csv_out, json_out)
        files[table.name] = (csv_out.getvalue().decode(), json_out.getvalue().decode())
    return files


def test_every_table_in_the_sample_has_one_value_per_column():
    for table in core.TABLES:
        for row in sample_rows()[table.name]:
            assert len(row) == len(table.columns), table.name


@pytest.mark.parametrize("table", core.TABLES, ids=lambda t: t.name)
def test_no_name_email_or_free_text_reaches_a_deidentified_file(table):
    csv_text, json_text = deidentified_files()[table.name]

    for personal in PERSONAL:
        assert personal.lower() not in csv_text.lower(), (table.name, personal)
        assert personal.lower() not in json_text.lower(), (table.name, personal)


def test_no_first_name_reaches_any_deidentified_file():
    for csv_text, json_text in deidentified_files().values():
        assert "anna" not in csv_text.lower()
        assert "anna" not in json_text.lower()


@pytest.mark.parametrize(
    ("kind", "dropped"),
    [
        (core.NAME, True),
        (core.EMAIL, True),
        (core.TEXT, True),
        (core.DETAIL, True),
        (core.UUID_KIND, True),
        (core.NUMBER, False),
        (core.DATE, False),
        (core.DATETIME, False),
        (core.CATEGORY, False),
        (core.BOOLEAN, False),
        (core.STRUCTURED, False),
        (core.CODES, False),
        (core.SCALE_ANSWERS, False),
        (core.AGE, False),
        (core.ID, False),
        (core.REF, False),
    ],
)
def test_each_kind_of_column_is_dropped_or_kept_as_the_rule_says(kind, dropped):
    table = core.Table("t", "", (core.Column("c", kind, entity="client"),))

    kept = [c.name for c in core.deidentified_columns(table)]

    assert (kept == []) is dropped


def test_ids_and_refs_become_keys():
    columns = {c.name: c.kind for c in core.deidentified_columns(core.CHECK_INS)}

    assert columns["id"] == core.KEY
    assert columns["client"] == core.KEY


def test_the_same_client_has_the_same_key_in_every_table():
    rows = sample_rows()
    client_key = next(core.deidentify_rows(core.CLIENTS, rows["clients"], SALT))[0]
    check_in = next(core.deidentify_rows(core.CHECK_INS, rows["check_ins"], SALT))
    score = next(core.deidentify_rows(core.ADHERENCE_SCORES, rows["adherence_scores"], SALT))

    assert check_in[1] == client_key
    assert score[1] == client_key


def test_keys_are_stable_from_one_export_to_the_next():
    assert core.pseudonym(SALT, "client", 7) == core.pseudonym(SALT, "client", 7)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((SALT, "client", 7), (OTHER_SALT, "client", 7)),
        ((SALT, "client", 7), (SALT, "client", 8)),
        ((SALT, "client", 7), (SALT, "check_in", 7)),
    ],
)
def test_keys_differ_by_salt_id_and_entity(first, second):
    assert core.pseudonym(*first) != core.pseudonym(*second)


def test_a_key_does_not_contain_the_id_in_clear():
    key = core.pseudonym(SALT, "client", 123456)

    assert "123456" not in key
    assert len(key) == core.PSEUDONYM_HEX_CHARS


def test_a_missing_reference_stays_empty():
    assert core.pseudonym(SALT, "user", None) is None


def test_a_deidentified_export_refuses_an_empty_salt():
    with pytest.raises(ValueError):
        list(core.deidentify_rows(core.CLIENTS, sample_rows()["clients"], b""))


@pytest.mark.parametrize(("age", "written"), [(None, None), (25, 25), (89, 89), (90, 90), (97, 90)])
def test_ages_above_89_are_written_as_90(age, written):
    assert core.deidentify_value(core.Column("age_years", core.AGE), age, SALT) == written


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            core.Column("injuries", core.STRUCTURED, keep_keys=("area", "current")),
            [{"area": "knee", "notes": "clicks", "current": True}],
            [{"area": "knee", "current": True}],
        ),
        (
            core.Column("pain", core.STRUCTURED, keep_keys=("area", "severity")),
            {"area": "back", "severity": 4, "notes": "sharp"},
            {"area": "back", "severity": 4},
        ),
        (core.Column("pain", core.STRUCTURED, keep_keys=("area",)), None, None),
        (core.Column("goals", core.STRUCTURED), ["strength", "muscle"], ["strength", "muscle"]),
        (
            core.Column("reasons", core.CODES),
            [{"code": "a", "text": "x", "words": "y"}, {"code": "b"}, "free text"],
            ["a", "b"],
        ),
        (core.Column("reasons", core.CODES), None, []),
        (
            core.Column("extra_answers", core.SCALE_ANSWERS),
            {"1": "4", "2": "tired of it", "3": 5, "4": True, "5": " 3 "},
            {"1": 4, "3": 5, "5": 3},
        ),
        (core.Column("readiness", core.NUMBER), 4, 4),
        (core.Column("level", core.CATEGORY), "red", "red"),
    ],
)
def test_structured_values_keep_only_categories_and_numbers(column, value, expected):
    assert core.deidentify_value(column, value, SALT) == expected


VOCABULARIES = {core.BODY_AREAS: frozenset({"knee", "shoulder", "other"})}
PAIN = core.CHECK_INS.columns[[c.name for c in core.CHECK_INS.columns].index("pain")]
INJURIES = core.INTAKES.columns[[c.name for c in core.INTAKES.columns].index("injuries")]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (PAIN, {"area": "knee", "severity": 3}, {"area": "knee", "severity": 3}),
        (
            PAIN,
            {"area": "hurt it at Anna's wedding", "severity": 3},
            {"area": "other", "severity": 3},
        ),
        (PAIN, {"severity": 3}, {"severity": 3}),
        (
            INJURIES,
            [{"area": "knee", "current": True}, {"area": "Dr Smith's clinic", "current": False}],
            [{"area": "knee", "current": True}, {"area": "other", "current": False}],
        ),
    ],
)
def test_areas_outside_the_vocabulary_are_written_as_other(column, value, expected):
    assert core.deidentify_value(column, value, SALT, VOCABULARIES) == expected


def test_without_the_vocabulary_every_area_is_written_as_other():
    assert core.deidentify_value(PAIN, {"area": "knee"}, SALT) == {"area": "other"}


def test_write_table_writes_a_header_and_one_csv_line_per_row():
    table = core.Table("t", "", (core.Column("a", core.NUMBER), core.Column("b", core.TEXT)))
    csv_out, json_out = io.BytesIO(), io.BytesIO()

    count = core.write_table(table, [(1, "x, with comma"), (2, 'quote "q"')], csv_out, json_out)

    assert count == 2
    assert list(csv.reader(io.StringIO(csv_out.getvalue().decode()))) == [
        ["a", "b"],
        ["1", "x, with comma"],
        ["2", 'quote "q"'],
    ]


def test_json_output_is_an_array_of_objects_with_json_numbers_and_iso_dates():
    table = core.Table(
        "t",
        "",
        (
            core.Column("load", core.NUMBER),
            core.Column("on", core.DATE),
            core.Column("at", core.DATETIME),
            core.Column("pain", core.STRUCTURED),
        ),
    )
    at = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)
    json_out = io.BytesIO()

    core.write_table(
        table, [(Decimal("62.50"), date(2026, 3, 1), at, {"a": 1})], io.BytesIO(), json_out
    )

    assert json.loads(json_out.getvalue()) == [
        {"load": 62.5, "on": "2026-03-01", "at": "2026-03-01T18:00:00+00:00", "pain": {"a": 1}}
    ]


def test_an_empty_table_is_a_header_and_an_empty_array():
    csv_out, json_out = io.BytesIO(), io.BytesIO()

    assert core.write_table(core.SET_LOGS, [], csv_out, json_out) == 0
    assert csv_out.getvalue().decode().strip() == ",".join(c.name for c in core.SET_LOGS.columns)
    assert json.loads(json_out.getvalue()) == []


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (Decimal("7.5"), "7.5"),
        (["a", "b"], '["a", "b"]'),
        ({"b": 1, "a": 2}, '{"a": 2, "b": 1}'),
        (date(2026, 1, 2), "2026-01-02"),
    ],
)
def test_csv_cells_are_plain_text(value, cell):
    assert core.csv_cell(value) == cell


def test_the_manifest_lists_every_file_with_its_count_and_columns():
    generated = datetime(2026, 3, 1, tzinfo=UTC)

    manifest = core.build_manifest(
        organization={"slug": "north", "name": "North"},
        generated_at=generated,
        kind="full",
        tables=core.TABLES,
        counts={"clients": 3},
    )

    assert manifest["generated_at"] == "2026-03-01T00:00:00+00:00"
    assert set(manifest["files"]) == {t.name for t in core.TABLES}
    assert manifest["files"]["clients"]["rows"] == 3
    assert manifest["files"]["clients"]["csv"] == "clients.csv"
    assert {"name": "email", "type": "email", "description": ""} in manifest["files"]["clients"][
        "columns"
    ]
    assert "deidentification" not in manifest


def test_a_deidentified_manifest_says_how_it_was_deidentified():
    manifest = core.build_manifest(
        organization={"slug": "north", "name": "North"},
        generated_at=datetime(2026, 3, 1, tzinfo=UTC),
        kind="deidentified",
        tables=[core.deidentified_table(t) for t in core.TABLES],
        counts={},
    )

    assert "HMAC-SHA256" in manifest["deidentification"]
    columns = [c["name"] for c in manifest["files"]["clients"]["columns"]]
    assert "email" not in columns and "name" not in columns


def test_a_local_date_is_the_day_in_the_rows_clients_zone():
    # 03:00 UTC on Saturday is Friday evening in Los Angeles and Saturday morning in Kolkata.
    at = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)
    row = (61, 7, None, None, at, at, "completed", "", None, None, "", "app", at)
    other = (62, 8, *row[2:])

    (la, kolkata) = core.local_days(
        core.WORKOUT_LOGS, [row, other], {8: "Asia/Kolkata"}, "America/Los_Angeles"
    )

    assert (la[5], kolkata[5]) == (date(2026, 11, 20), date(2026, 11, 21))
    assert la[4] == at
