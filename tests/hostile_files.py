"""Hostile uploads, built in the test: small files that are huge or pathological once read."""

from __future__ import annotations

import gzip
import io
import time
import zipfile
from multiprocessing.connection import Connection

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>评价编号</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>区县代码</t></is></c></row>')


def workbook(sheet_xml: bytes | str, shared_strings: bytes | str | None = None) -> bytes:
    """An XLSX file with one sheet ``明细`` whose XML is given as it is (and optionally shared strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            archive.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


def sheet(rows: str, dimension: str = "A1:B2") -> str:
    """Sheet XML around the given ``<row>`` elements."""
    return f'{_SHEET_HEAD}<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'


def sparse_cells(column: str = "XFD") -> bytes:
    """Cells at A1 and in the sheet's last row: 1.5 KB that a reader expands to the whole rectangle.

    In the last column (XFD) that is 17 billion cells.
    """
    far = f'<row r="1048576"><c r="{column}1048576"><v>1</v></c></row>'
    return workbook(sheet(HEADER_ROW + far, dimension="A1"))


def deflate_bomb(megabytes: int = 200) -> bytes:
    """A sheet padded with whitespace that compresses about 1:1000."""
    padding = b" " * (megabytes << 20)
    return workbook(sheet(HEADER_ROW).encode().replace(b"<sheetData>", b"<sheetData>" + padding))


def deeply_nested(depth: int = 100_000) -> bytes:
    """A cell whose inline string is nested a hundred thousand elements deep."""
    nested = "<r>" * depth + "x" + "</r>" * depth
    return workbook(sheet(f'<row r="1"><c r="A1" t="inlineStr"><is>{nested}</is></c></row>'))


def malformed_xml() -> bytes:
    """A sheet whose XML breaks off in the middle of a tag."""
    return workbook(sheet(HEADER_ROW)[:-40] + "<row r=")


def entity_expansion() -> bytes:
    """The billion laughs: nested entities that expand to gigabytes."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    body = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>')
    return workbook(body.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1))


def shared_strings(count: int) -> bytes:
    """A workbook whose shared strings table holds ``count`` entries."""
    table = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + "<si><t>好</t></si>" * count + "</sst>")
    return workbook(sheet(HEADER_ROW), table)


def one_endless_line(megabytes: int = 30) -> bytes:
    """A CSV that is one line with no newline."""
    return "评价编号,区县代码,".encode() + b"x" * (megabytes << 20)


def very_many_columns(columns: int = 200_000) -> bytes:
    """A CSV whose header has ``columns`` columns."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


def gzip_bomb(megabytes: int = 100) -> bytes:
    """A gzipped CSV that decompresses to far more than the upload limit."""
    return gzip.compress("评价编号,区县代码\n".encode() + b"0" * (megabytes << 20), compresslevel=9, mtime=0)


def stuck_reader(conn: Connection) -> None:
    """A reading process that never sends anything (it runs in the child, so it lives at module level)."""
    time.sleep(3600)
    conn.close()
