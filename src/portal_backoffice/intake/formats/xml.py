"""Read XML files safely, for the Common Transfer File (CTF) support to come.

Every file goes through defusedxml with DTDs, entity declarations and
external references forbidden, so an "XML bomb" (nested entity expansion) or
an external entity that reads a local file or URL is rejected before it is
expanded. A CTF from the DfE's schema needs none of these.
"""

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .types import FileRejected


def read_xml(content: bytes, *, name: str) -> Element:
    """Parse an XML document and return its root element.

    Raise FileRejected when the document has a DTD (and so any entity or
    external reference) or is not well-formed XML.
    """
    try:
        return fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        # With forbid_dtd, defusedxml stops at the <!DOCTYPE>, before any
        # entity in it is declared or expanded.
        raise FileRejected(
            f"{name}: the file contains a document type declaration (DTD), which is not "
            "accepted because its entities can expand without limit or read other files. "
            "Send the file without its <!DOCTYPE> section"
        ) from error
    except ParseError as error:
        line, column = error.position
        raise FileRejected(
            f"{name}, line {line}: the file is not valid XML (column {column}). "
            "Check that it is a complete, well-formed XML file"
        ) from error
