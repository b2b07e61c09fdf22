"""Word documents in the house style of official papers: 黑体 titles, 宋体 text, shaded table headers, page numbers.

``font.name`` in python-docx sets only the Latin typeface. Chinese text takes its typeface from ``w:eastAsia``
on ``w:rFonts``, so every style this module uses names it; without it Word and WPS fall back to whatever font
their theme says, and headings (which use theme fonts) would come out in a Latin face with substituted glyphs.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
HEADER_FILL = "DCE6F2"
ACCENT = RGBColor(0x1F, 0x5F, 0xA8)
MUTED = RGBColor(0x6B, 0x72, 0x80)
#: Charts are drawn at this size (pixels) and placed 16 cm wide: sharp when printed, readable on screen.
CHART_PX = (1600, 900)
CHART_WIDTH = Cm(16)
Render = Callable[[go.Figure], bytes]
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_style_fonts(style: BaseStyle, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the Latin and the East Asian typeface of a style, dropping the theme fonts that would override them."""
    style.font.name = latin  # type: ignore[attr-defined]
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def new_document() -> DocumentType:
    """Return an empty A4 document whose Normal, heading, title and caption styles carry the Chinese typefaces."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    normal = doc.styles["Normal"]
    set_style_fonts(normal, BODY_FONT)
    normal.font.size = Pt(11)  # type: ignore[attr-defined]
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        set_style_fonts(style, TITLE_FONT)
        style.font.color.rgb = RGBColor(0x1F, 0x29, 0x37)  # type: ignore[attr-defined]
    doc.styles["Title"].font.size = Pt(20)  # type: ignore[attr-defined]
    doc.styles["Heading 1"].font.size = Pt(15)  # type: ignore[attr-defined]
    doc.styles["Heading 2"].font.size = Pt(13)  # type: ignore[attr-defined]
    set_style_fonts(doc.styles["Caption"], BODY_FONT)
    return doc


def _field(paragraph: Paragraph, instruction: str) -> None:
    """Append a field (PAGE, NUMPAGES) that Word and WPS fill in when the page is laid out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)  # noqa: SLF001 - python-docx has no API for fields


def page_footer(doc: DocumentType, text: str) -> None:
    """Put ``text`` and 第 N 页 / 共 M 页 at the foot of every page."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lead = paragraph.add_run(f"{text}    第 ")
    lead.font.size = Pt(9)
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 / 共 ").font.size = Pt(9)
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页").font.size = Pt(9)


def title_block(doc: DocumentType, title: str, lines: Sequence[str]) -> None:
    """Write the centred document title and the lines under it (district, 报告期, date)."""
    heading = doc.add_paragraph(title, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.font.size = Pt(12)
        run.font.color.rgb = MUTED


def bullets(doc: DocumentType, lines: Sequence[str]) -> None:
    """Write one bulleted paragraph per line, each ending with a full stop."""
    for line in lines:
        doc.add_paragraph(line if line.endswith(("。", "!", "?")) else f"{line}。", style="List Bullet")


def _shade(cell_properties: BaseOxmlElement, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell_properties.append(shading)


def table(doc: DocumentType, frame: pd.DataFrame, *, widths: Sequence[float] | None = None,
          size: float = 10) -> Table:
    """Write ``frame`` as a bordered table with a shaded, bold, repeated header row; every value as text."""
    shown = doc.add_table(rows=len(frame) + 1, cols=len(frame.columns))
    shown.style = doc.styles["Table Grid"]
    shown.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [list(map(str, frame.columns)), *[["—" if pd.isna(v) else str(v) for v in r]
                                             for r in frame.itertuples(index=False)]]
    for r, values in enumerate(rows):
        cells = shown.rows[r].cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(size)
            if r == 0:
                run.bold = True
                _shade(cells[c]._tc.get_or_add_tcPr(), HEADER_FILL)  # noqa: SLF001
            if widths:
                cells[c].width = Cm(widths[c])
    header = shown.rows[0]._tr.get_or_add_trPr()  # noqa: SLF001 - the header repeats on every page
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    return shown


def key_figures(doc: DocumentType, pairs: Sequence[tuple[str, str]]) -> Table:
    """Write (label, value) pairs as a two-row table: the labels shaded above, the values large below."""
    frame = pd.DataFrame([[v for _k, v in pairs]], columns=[k for k, _v in pairs])
    shown = table(doc, frame, size=10)
    for cell in shown.rows[1].cells:
        for run in cell.paragraphs[0].runs:
            run.font.size, run.bold = Pt(12), True
            run.font.color.rgb = ACCENT
    return shown


def picture(doc: DocumentType, image: bytes, caption: str) -> None:
    """Place a PNG 16 cm wide, centred, with its caption below."""
    doc.add_picture(io.BytesIO(image), width=CHART_WIDTH)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    note = doc.add_paragraph(caption, style="Caption")
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER


def note(doc: DocumentType, text: str) -> None:
    """Write a small grey paragraph (provenance, the sample-data warning)."""
    run = doc.add_paragraph().add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED


def document_bytes(doc: DocumentType) -> bytes:
    """Return the document as .docx bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
