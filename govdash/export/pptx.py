"""The PPTX briefing: the deck of ``govdash.report.slides`` as a 16:9 PowerPoint file.

Titles, findings, cards and tables are real text (searchable, editable, read aloud by screen readers); charts
are 1920×1080 images. Every run names its East Asian typeface in ``a:ea``: ``font.name`` sets only the Latin
one, and without ``a:ea`` PowerPoint and WPS pick some other font for the Chinese characters.

Slide text carries uploaded text (district, department and service names, comments), and a table or a card
pasted from PowerPoint into Excel or WPS becomes cells: text starting with ``= + - @`` is written with a leading
apostrophe, as the CSV and XLSX downloads write it (``govdash.export.xlsx.inert``). The 汇报模式 page shows it
as stored.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide as PptxSlide
from pptx.text.text import Font, TextFrame
from pptx.util import Emu, Inches, Pt

from govdash.export.png import figure_png
from govdash.export.xlsx import inert
from govdash.report.slides import Card, Slide

# The font every Chinese reader of the file has (Windows and WPS ship it); LibreOffice substitutes a CJK font.
FONT = "Microsoft YaHei"
SLIDE_WIDTH = Emu(12_192_000)  # 13.333 in: 16:9 with the 7.5 in height
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.5)
TEXT = RGBColor(0x1F, 0x29, 0x37)
MUTED = RGBColor(0x6B, 0x72, 0x80)
ACCENT = RGBColor(0x1F, 0x5F, 0xA8)
_TITLE_ONLY_LAYOUT = 5  # of python-pptx's default template
Render = Callable[[go.Figure], bytes]


def set_typeface(font: Font, typeface: str = FONT) -> None:
    """Name ``typeface`` as both the Latin (``a:latin``) and the East Asian (``a:ea``) font of a run."""
    font.name = typeface  # writes a:latin where the schema wants it
    properties = font._rPr  # noqa: SLF001 - python-pptx has no API for a:ea
    latin = properties.find(qn("a:latin"))
    east_asian = properties.find(qn("a:ea"))
    if east_asian is None:
        east_asian = etree.SubElement(properties, qn("a:ea"))
        latin.addnext(east_asian)  # a:ea follows a:latin in CT_TextCharacterProperties
    east_asian.set("typeface", typeface)


def write_lines(frame: TextFrame, lines: Sequence[str], *, size: float, color: RGBColor = TEXT,
                bold: bool = False, bullet: bool = False, spacing: float = 6) -> None:
    """Replace the text of ``frame`` with one paragraph per line, styled, CJK typeface set, formula-like text inert.

    A bulleted line starts with "• ", which no spreadsheet reads as a formula.
    """
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(spacing)
        run = paragraph.add_run()
        run.text = f"• {line}" if bullet else inert(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        set_typeface(run.font)


def _text_box(slide: PptxSlide, left: int, top: int, width: int, height: int, lines: Sequence[str],
              **style: object) -> TextFrame:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    write_lines(box.text_frame, lines, **style)  # type: ignore[arg-type]
    return box.text_frame


def _place_title(slide: PptxSlide, text: str, *, left: int, top: int, width: int, height: int,
                 size: float) -> None:
    """Write ``text`` into the layout's title placeholder, so that it is the slide's title for every reader."""
    title = slide.shapes.title
    if title is None:
        raise ValueError("the slide layout has no title placeholder")
    title.left, title.top, title.width, title.height = Emu(left), Emu(top), Emu(width), Emu(height)
    write_lines(title.text_frame, [text], size=size, bold=True)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _heading(slide: PptxSlide, spec: Slide) -> int:
    """Write the title (in the layout's title placeholder) and the subtitle; return where the body starts."""
    _place_title(slide, spec.title, left=MARGIN, top=Inches(0.35), width=SLIDE_WIDTH - 2 * MARGIN,
                 height=Inches(0.8), size=30)
    if spec.subtitle:
        _text_box(slide, MARGIN, Inches(1.1), SLIDE_WIDTH - 2 * MARGIN, Inches(0.45), [spec.subtitle],
                  size=15, color=MUTED)
    return Inches(1.65)


def _footer(slide: PptxSlide, text: str, number: int, total: int) -> None:
    top = SLIDE_HEIGHT - Inches(0.45)
    _text_box(slide, MARGIN, top, Inches(10), Inches(0.35), [text], size=10, color=MUTED)
    frame = _text_box(slide, SLIDE_WIDTH - MARGIN - Inches(1.5), top, Inches(1.5), Inches(0.35),
                      [f"{number} / {total}"], size=10, color=MUTED)
    frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _chart_and_bullets(slide: PptxSlide, spec: Slide, top: int, image: bytes) -> None:
    width = Inches(8.9) if spec.bullets else SLIDE_WIDTH - 2 * MARGIN
    height = min(int(width * 9 / 16), SLIDE_HEIGHT - top - Inches(0.55))
    slide.shapes.add_picture(io.BytesIO(image), MARGIN, Emu(top), height=Emu(height))
    if spec.bullets:
        left = MARGIN + Inches(9.1)
        _text_box(slide, left, top, SLIDE_WIDTH - left - MARGIN, height, spec.bullets, size=16, bullet=True,
                  spacing=10)


def _card(slide: PptxSlide, card: Card, left: int, top: int, width: int, height: int) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(left), Emu(top), Emu(width), Emu(height))
    shape.adjustments[0] = 0.08
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    shape.line.color.rgb = RGBColor.from_string(card.color.lstrip("#").upper()[:6])
    shape.line.width = Pt(3 if card.flagged else 1.5)
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(0.12)
    lines = [card.title, f"{card.value}  {card.label}".strip(), *card.lines]
    write_lines(frame, lines, size=11, spacing=2)
    head, score = frame.paragraphs[0].runs[0], frame.paragraphs[1].runs[0]
    head.font.bold, head.font.size = True, Pt(15)
    score.font.bold, score.font.size = True, Pt(17)
    score.font.color.rgb = RGBColor.from_string(card.color.lstrip("#").upper()[:6])
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def _cards(slide: PptxSlide, spec: Slide, top: int) -> None:
    columns = 5 if len(spec.cards) > 4 else max(len(spec.cards), 1)
    rows = max(-(-len(spec.cards) // columns), 1)
    gap = Inches(0.15)
    bottom = SLIDE_HEIGHT - Inches(0.55) - (Inches(0.9) if spec.bullets else 0)
    width = (SLIDE_WIDTH - 2 * MARGIN - (columns - 1) * gap) // columns
    height = min((bottom - top - (rows - 1) * gap) // rows, Inches(2.6))
    for i, card in enumerate(spec.cards):
        row, column = divmod(i, columns)
        _card(slide, card, MARGIN + column * (width + gap), top + row * (height + gap), width, height)
    if spec.bullets:
        _text_box(slide, MARGIN, bottom + Inches(0.05), SLIDE_WIDTH - 2 * MARGIN, Inches(0.85), spec.bullets,
                  size=14, bullet=True, spacing=2)


def _table(slide: PptxSlide, table: pd.DataFrame, left: int, top: int, width: int) -> None:
    rows, columns = len(table) + 1, len(table.columns)
    shape = slide.shapes.add_table(rows, columns, Emu(left), Emu(top), Emu(width), Emu(Inches(0.4) * rows))
    cells = [list(map(str, table.columns)), *[[str(v) for v in row] for row in table.itertuples(index=False)]]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            write_lines(shape.table.cell(r, c).text_frame, [value], size=12, bold=r == 0,
                        color=RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else TEXT, spacing=0)


def _body(slide: PptxSlide, spec: Slide, top: int, render: Render) -> None:
    if spec.chart is not None:
        _chart_and_bullets(slide, spec, top, render(spec.chart))
    elif spec.cards:
        _cards(slide, spec, top)
    elif spec.table is not None:
        split = Inches(6.2)
        _text_box(slide, MARGIN, top, split - MARGIN, SLIDE_HEIGHT - top - Inches(0.6), spec.bullets, size=15,
                  bullet=True, spacing=8)
        _table(slide, spec.table, split + Inches(0.2), top, SLIDE_WIDTH - split - Inches(0.2) - MARGIN)
    else:
        _text_box(slide, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - top - Inches(0.6), spec.bullets,
                  size=20, bullet=True, spacing=14)
    if spec.note:
        _text_box(slide, MARGIN, SLIDE_HEIGHT - Inches(0.8), SLIDE_WIDTH - 2 * MARGIN, Inches(0.35),
                  [spec.note], size=10, color=MUTED)


def _title_slide(prs: PresentationType, spec: Slide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.3), SLIDE_WIDTH, Inches(0.08))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    _place_title(slide, spec.title, left=Inches(0.9), top=Inches(2.6), width=SLIDE_WIDTH - Inches(1.8),
                 height=Inches(1.2), size=40)
    lines = [line for line in (spec.subtitle, *spec.bullets) if line]
    _text_box(slide, Inches(0.9), Inches(3.9), SLIDE_WIDTH - Inches(1.8), Inches(2.2), lines, size=20,
              color=MUTED, spacing=10)
    if spec.note:
        _text_box(slide, Inches(0.9), SLIDE_HEIGHT - Inches(1.0), SLIDE_WIDTH - Inches(1.8), Inches(0.5),
                  [spec.note], size=12, color=MUTED)


def briefing_pptx(deck: Sequence[Slide], *, footer: str = "", render: Render = figure_png) -> bytes:
    """Write the deck as a 16:9 PPTX and return its bytes.

    Args:
        deck: the slides from ``govdash.report.slides.build_deck``.
        footer: a line at the foot of every slide but the first (framework and period).
        render: draws a chart as PNG bytes (kaleido by default).
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for number, spec in enumerate(deck, start=1):
        if spec.kind == "title":
            _title_slide(prs, spec)
            continue
        slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY_LAYOUT])
        top = _heading(slide, spec)
        _body(slide, spec, top, render)
        _footer(slide, footer, number, len(deck))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
