"""The monthly 通报 as a Word file, laid out from ``govdash.report.bulletin.Bulletin`` and its chart images."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from govdash.alerts import LEVELS
from govdash.core.periods import format_period
from govdash.export import docx as word
from govdash.export.report_docx import SAMPLE_NOTE
from govdash.report.bulletin import Bulletin

HIT_HEADERS = {"level": "等级", "region_name": "区县", "rule": "规则", "detail": "情况"}


def bulletin_docx(bulletin: Bulletin, images: Sequence[tuple[str, bytes]]) -> bytes:
    """Write the 通报 as .docx bytes; ``images`` are the (caption, PNG) of ``bulletin_charts``."""
    doc = word.new_document()
    period = format_period(bulletin.period)
    word.page_footer(doc, f"{bulletin.month_label}通报")
    word.title_block(doc, f"{bulletin.framework.name}月度通报",
                     [bulletin.month_label, f"评估期:{period}(本月所在季度)"])
    if bulletin.sample:
        word.note(doc, SAMPLE_NOTE)
    counts = bulletin.hits["level"].value_counts() if not bulletin.hits.empty else pd.Series(dtype=int)
    doc.add_heading("一、总体情况", level=1)
    scored = bulletin.overall["score"].notna().sum()
    word.bullets(doc, [f"参评区县 {len(bulletin.overall)} 个,{scored} 个计算了{bulletin.framework.framework.score_label}",
                       "本期预警 " + "、".join(f"{level}色 {int(counts.get(level, 0))} 条" for level in LEVELS)])
    doc.add_heading("二、区县排名", level=1)
    word.table(doc, bulletin.ranking)
    for caption, image in images[:1]:
        word.picture(doc, image, caption)
    doc.add_heading("三、预警情况", level=1)
    if bulletin.hits.empty:
        doc.add_paragraph("本期没有区县触发预警规则。")
    else:
        doc.add_heading("按规则汇总", level=2)
        word.table(doc, bulletin.by_rule)
        doc.add_heading("预警明细", level=2)
        word.table(doc, bulletin.hits[list(HIT_HEADERS)].rename(columns=HIT_HEADERS), size=9)
    doc.add_heading("四、与上月相比", level=1)
    word.bullets(doc, bulletin.changes)
    doc.add_heading("政务服务“好差评”月度指标", level=2)
    word.table(doc, bulletin.evaluation_changes)
    for caption, image in images[1:]:
        word.picture(doc, image, caption)
    word.note(doc, "说明:得分和预警按季度评估,本月通报采用本月所在季度的结果;“好差评”按月统计。"
                   "预警规则见 data/warnings/rules.toml,各条预警的原始记录可在看板“预警”页点开查看。")
    return word.document_bytes(doc)
