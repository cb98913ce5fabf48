"""The Guide as a handout: one self-contained HTML file that works offline with interactive
charts (plotly.js inlined once), and a printable PDF of the same sections.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import plotly.graph_objects as go
import plotly.offline
from pypdf import PdfWriter

from analysis.charts import DISCLAIMER, add_text_block
from analysis.export import render_image
from analysis.guide import Section

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    """Escape text for HTML, keeping the guide's **bold** marks."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))


def handout_html(sections: list[Section], sources: list[tuple[str, str]], today: dt.date) -> str:
    """One HTML document with every section, its chart, its takeaway and the sources."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>Microneedling: risks and side effects - a guide</title>",
        (
            "<style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:auto;padding:1rem;"
            "line-height:1.5;color:#222}.takeaway{background:#eef4fb;border-left:4px solid #0072B2;"
            "padding:.6rem 1rem}.note{color:#555;font-size:.9rem}"
            "@media print{.chart{page-break-inside:avoid}}</style>"
        ),
        f"<script>{plotly.offline.get_plotlyjs()}</script>",
        "</head><body>",
        "<h1>Microneedling: risks and side effects</h1>",
        (
            f"<p class='note'><strong>{DISCLAIMER}.</strong> Made {today:%d %B %Y} from the "
            "curated, sourced table of the Microneedling risks explorer.</p>"
        ),
    ]
    for section in sections:
        parts.append(f"<section id='{section.key}'><h2>{html.escape(section.title)}</h2>")
        parts.append("<h3>From the article</h3><ul>")
        parts += [
            f"<li>{_inline(claim)} <span class='note'>(ART)</span></li>" for claim in section.claims
        ]
        parts.append("</ul>")
        if section.literature:
            parts.append("<h3>What the research adds</h3><ul>")
            parts += [f"<li>{_inline(line)}</li>" for line in section.literature]
            parts.append("</ul>")
        if section.figure is not None:
            chart = section.figure.to_html(
                full_html=False, include_plotlyjs=False, config={"displaylogo": False}
            )
            parts.append(f"<div class='chart'>{chart}</div>")
        parts.append(
            f"<p class='takeaway'><strong>Takeaway:</strong> {_inline(section.takeaway)}</p>"
        )
        parts.append("</section>")
    parts.append("<h2>Sources</h2><ul class='note'>")
    parts += [f"<li><strong>{html.escape(i)}</strong> {html.escape(c)}</li>" for i, c in sources]
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def _wrap_lines(text: str, width: int = 110) -> list[str]:
    import textwrap

    return textwrap.wrap(_BOLD.sub(r"<b>\1</b>", text), width) or [""]


def _text_page(
    title: str, blocks: list[tuple[str, list[str]]], width=1240, height=1754
) -> go.Figure:
    """A page of text as a figure (heading + bulleted blocks), for the PDF."""
    lines = [f"<b style='font-size:22px'>{html.escape(title)}</b>", ""]
    for heading, items in blocks:
        lines.append(f"<b>{heading}</b>")
        for item in items:
            wrapped = _wrap_lines(item)
            lines.append("• " + wrapped[0])
            lines += ["   " + rest for rest in wrapped[1:]]
        lines.append("")
    fig = go.Figure()
    add_text_block(fig, "<br>".join(lines), size=14)
    fig.update_layout(
        width=width,
        height=height,
        margin={"l": 60, "r": 60, "t": 60, "b": 60},
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
    )
    return fig


def handout_pdf(sections: list[Section], sources: list[tuple[str, str]], today: dt.date) -> bytes:
    """A printable PDF: per section a text page and its chart; the sources at the end.

    Raises ExportUnavailable when no export browser can draw the pages."""
    pages: list[go.Figure] = [
        _text_page(
            "Microneedling: risks and side effects",
            [(f"{DISCLAIMER}. Made {today:%d %B %Y}.", [s.title for s in sections])],
        )
    ]
    for section in sections:
        blocks = [("From the article (ART)", list(section.claims))]
        if section.literature:
            blocks.append(("What the research adds", list(section.literature)))
        blocks.append(("Takeaway", [section.takeaway]))
        pages.append(_text_page(section.title, blocks))
        if section.figure is not None:
            pages.append(section.figure)
    pages.append(_text_page("Sources", [("", [f"{i}: {c}" for i, c in sources])]))
    writer = PdfWriter()
    for fig in pages:
        width = fig.layout.width or 1240
        height = fig.layout.height or 900
        writer.append(io.BytesIO(render_image(fig, "pdf", width, height)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
