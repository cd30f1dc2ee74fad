"""Reading the flat CSV portal file: rows, carers, module data, and rejected files."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal_backoffice.intake.formats import FileRejected, read_portal_file

TODAY = date(2026, 12, 1)
COLUMNS = (
    "schema_version,file_id,source,module,base_laestab,created_at,forename,surname,"
    "date_of_birth,gender,postcode,ncy,carer_1_forename,carer_1_surname,carer_1_ni_number,"
    "carer_2_forename,carer_2_surname,sen_provision,sen_start_date,module_funded_hours,"
    "module_basis"
)
FILE_DETAILS = "1.0,HC-2026-11-0001,provider_portal,HEADCOUNT,9991001,04/11/2026 09:30"
ROW_1 = (
    f"{FILE_DETAILS},Quillan,Brackenbury,14/03/2022,M,zz9 4qt,N2,Rowena,Brackenbury,HT520817A,"
    ",,K,01/09/2025,15,"
)
ROW_2 = f"{FILE_DETAILS},Zofia,Nowak,02/11/2022,F,ZZ9 4QU,N2,Anna,Nowak,,Piotr,Nowak,,,30,ECO;HSD"
GOOD = "\n".join([COLUMNS, ROW_1, ROW_2]) + "\n"


def _read(text: str, name: str = "headcount.csv"):
    return read_portal_file(text.encode(), name, today=TODAY)


def _rejection(text: str, name: str = "headcount.csv") -> str:
    with pytest.raises(FileRejected) as raised:
        _read(text, name)
    return str(raised.value)


def test_csv_header_from_first_row():
    header = _read(GOOD).header

    assert header.file_id == "HC-2026-11-0001"
    assert header.source == "provider_portal"
    assert header.module == "HEADCOUNT"
    assert header.base_laestab == "9991001"
    assert header.created_at == datetime(2026, 11, 4, 9, 30, tzinfo=ZoneInfo("Europe/London"))


def test_csv_rows_become_children():
    parsed = _read(GOOD)
    first, second = parsed.children

    assert parsed.file_format == "csv"
    assert [child.record_number for child in parsed.children] == [1, 2]
    assert (first.forename, first.surname) == ("Quillan", "Brackenbury")
    assert first.date_of_birth == date(2022, 3, 14)
    assert first.postcode == "ZZ9 4QT"
    assert first.ncy == "N2"
    assert first.raw["date_of_birth"] == "14/03/2022"
    assert first.errors == []
    assert second.date_of_birth == date(2022, 11, 2)


def test_csv_carers_left_out_when_blank():
    first, second = _read(GOOD).children

    assert [(carer.priority, carer.forename) for carer in first.carers] == [(1, "Rowena")]
    assert first.carers[0].ni_number == "HT520817A"
    assert [(carer.priority, carer.forename) for carer in second.carers] == [
        (1, "Anna"),
        (2, "Piotr"),
    ]


def test_csv_groups_and_module_data():
    first, second = _read(GOOD).children

    assert first.extra_data == {
        "sen": [{"provision": "K", "need_type": "", "start_date": "2025-09-01", "end_date": None}]
    }
    assert second.extra_data == {}
    assert first.module_data == {"funded_hours": "15"}
    assert second.module_data == {"funded_hours": "30", "basis": ["ECO", "HSD"]}


def test_csv_assessment_items():
    text = (
        "schema_version,file_id,source,module,base_laestab,created_at,forename,surname,"
        "date_of_birth,module_assessment_date,module_items\n"
        "1.0,EY-1,provider_portal,EY_ASSESSMENT,9991001,04/11/2026 09:30,Quillan,Brackenbury,"
        "14/03/2022,03/11/2026,CL=expected;PD=emerging\n"
    )

    child = _read(text).children[0]

    assert child.module_data == {
        "assessment_date": "2026-11-03",
        "items": [{"area": "CL", "outcome": "expected"}, {"area": "PD", "outcome": "emerging"}],
    }


def test_csv_blank_rows_skipped():
    parsed = _read(COLUMNS + "\n" + ROW_1 + "\n,,,\n\n" + ROW_2 + "\n")

    assert len(parsed.children) == 2


def test_csv_format_chosen_by_content():
    assert _read(GOOD, name="upload-18").file_format == "csv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "headcount.csv: the file is empty"),
        (COLUMNS + "\n", "headcount.csv: the file has column names but no children"),
        (
            GOOD.replace("surname,date_of_birth", "surnme,date_of_birth", 1),
            "headcount.csv, line 1: 'surnme' is not a column of this format; check its spelling",
        ),
        (
            GOOD.replace(",forename,", ",surname,", 1),
            "headcount.csv, line 1: the column surname appears more than once",
        ),
        (
            GOOD.replace("date_of_birth,", "", 1)
            .replace(",14/03/2022", "")
            .replace(",02/11/2022", ""),
            "headcount.csv, line 1: the column date_of_birth is missing",
        ),
        (
            GOOD.replace("base_laestab,", "", 1).replace("9991001,", ""),
            "headcount.csv, line 1: the file needs a base_laestab "
            "or a portal_application_type column",
        ),
        (
            COLUMNS + "\n" + ROW_1 + ",extra\n",
            "headcount.csv, line 2: expected 21 fields, found 22",
        ),
        (
            COLUMNS + "\n" + ROW_1 + "\n" + ROW_2.replace("HC-2026-11-0001", "HC-2026-11-0002"),
            "headcount.csv, line 3, column file_id: differs from line 2; "
            "every row must carry the same file details",
        ),
        (
            GOOD.replace("04/11/2026 09:30", "2026-11-04T09:30"),
            "headcount.csv, line 2, column created_at: "
            "expected a date and time like 04/11/2026 09:30",
        ),
        (
            GOOD.replace("04/11/2026 09:30", "31/11/2026 09:30"),
            "headcount.csv, line 2, column created_at: "
            "31/11/2026 09:30 is not a real date and time",
        ),
        (
            GOOD.replace("provider_portal", "provider"),
            'headcount.csv, line 2, column source: "provider" is not allowed here; '
            'expected "citizen_portal" or "provider_portal"',
        ),
        (
            GOOD.replace("9991001", "999100"),
            "headcount.csv, line 2, column base_laestab: "
            "expected 7 digits, the LA code followed by the establishment number",
        ),
        (
            GOOD.replace("HEADCOUNT", "FSM"),
            'headcount.csv, line 2, column module: "FSM" is not allowed here; '
            'expected "HEADCOUNT", "EY_ASSESSMENT" or "2YO"',
        ),
    ],
)
def test_csv_file_rejected(text, message):
    assert _rejection(text) == message
