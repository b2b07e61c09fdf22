"""A district's report card (成绩单) as a Word file, laid out from ``govdash.report.report_card.ReportCard``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from govdash.export import docx as word
from govdash.report.report_card import ReportCard

SAMPLE_NOTE = "示例数据:“示例市”及其区县均为虚构,数值为演示而编造,不代表任何真实地区。"
TRACE_NOTE = ("表中每个批次是一次上传:文件名、上传人和时间可在看板“上传记录”页按批次号查到;"
              "各指标的原始记录可在“评估指数”页下钻查看。")


def _today() -> str:
    today = date.today()
    return f"{today.year}年{today.month}月{today.day}日"


def report_card_docx(card: ReportCard, images: Sequence[bytes]) -> bytes:
    """Write the report card as .docx bytes.

    Args:
        card: the card's content.
        images: one PNG per ``card.charts``, in the same order (drawn once by the caller, who may share a
            browser among many cards).
    """
    doc = word.new_document()
    word.page_footer(doc, f"{card.region_name} · {card.period_label}")
    word.title_block(doc, card.title, [f"{card.region_name}({card.region_code})", f"报告期:{card.period_label}",
                                       f"生成日期:{_today()}"])
    if card.sample:
        word.note(doc, SAMPLE_NOTE)
    doc.add_heading("一、总体情况", level=1)
    word.key_figures(doc, card.headline)
    word.bullets(doc, card.findings[:1])
    doc.add_heading("二、各维度得分及变化", level=1)
    word.table(doc, card.dimensions)
    if card.charts:
        word.picture(doc, images[0], card.charts[0].caption)
    for chart, image in zip(card.charts[1:], images[1:], strict=True):
        word.picture(doc, image, chart.caption)
    doc.add_heading("三、优势与短板指标", level=1)
    doc.add_heading("得分最高的指标", level=2)
    word.table(doc, card.strongest)
    doc.add_heading("得分最低的指标", level=2)
    word.table(doc, card.weakest)
    doc.add_heading("四、三网一基一指数", level=1)
    if card.health is None:
        doc.add_paragraph("本期没有该区县的“三网一基一指数”得分。")
    else:
        word.bullets(doc, card.health_lines)
        word.table(doc, card.health)
    doc.add_heading("五、政务服务“好差评”", level=1)
    if card.evaluations is None:
        doc.add_paragraph("本期没有该区县的“好差评”记录。")
    else:
        word.table(doc, card.evaluations)
    doc.add_heading("六、主要发现", level=1)
    word.bullets(doc, card.findings)
    doc.add_heading("七、评估方法", level=1)
    for topic, text in card.method:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{topic}:").bold = True
        paragraph.add_run(text)
    doc.add_heading("附:数据来源批次", level=1)
    if card.batches.empty:
        doc.add_paragraph("本期得分没有记录来源批次。")
    else:
        word.table(doc, card.batches, size=9)
    word.note(doc, TRACE_NOTE)
    return word.document_bytes(doc)
