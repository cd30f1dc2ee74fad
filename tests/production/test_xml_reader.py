"""The XML reader for CTF files: well-formed XML is read, DTDs and entities are rejected."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.formats.xml import read_xml

DTD_MESSAGE = (
    "ctf.xml: the file contains a document type declaration (DTD), which is not accepted "
    "because its entities can expand without limit or read other files. Send the file "
    "without its <!DOCTYPE> section"
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<CTfile><Header>&lol3;</Header></CTfile>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CTfile><Header>&secret;</Header></CTfile>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE CTfile SYSTEM "http://127.0.0.1:9/ctf.dtd">
<CTfile/>"""


def test_well_formed_ctf_is_read():
    root = read_xml(
        b"<CTfile><Header><DocumentName>Common Transfer File</DocumentName></Header>"
        b"<CTFpupilData><Pupil><Surname>Brackenbury</Surname></Pupil></CTFpupilData></CTfile>",
        name="ctf.xml",
    )

    assert root.tag == "CTfile"
    assert root.findtext("CTFpupilData/Pupil/Surname") == "Brackenbury"


@pytest.mark.parametrize(
    "content", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["bomb", "entity", "dtd"]
)
def test_dtd_is_rejected(content):
    with pytest.raises(FileRejected) as rejection:
        read_xml(content, name="ctf.xml")

    assert str(rejection.value) == DTD_MESSAGE


def test_malformed_xml_names_line():
    with pytest.raises(FileRejected) as rejection:
        read_xml(b"<CTfile>\n<Header>\n</CTfile>", name="ctf.xml")

    assert str(rejection.value) == (
        "ctf.xml, line 3: the file is not valid XML (column 2). "
        "Check that it is a complete, well-formed XML file"
    )


@given(st.binary(max_size=300))
def test_any_bytes_read_or_rejected(content):
    try:
        read_xml(content, name="ctf.xml")
    except FileRejected as rejection:
        assert str(rejection).startswith("ctf.xml")
