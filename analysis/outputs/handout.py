"""The Guide as a handout: one self-contained HTML file that works offline with interactive
charts (plotly.js inlined once), and a printable PDF of the same document with the charts drawn
as vector images, printed by Chromium.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable

import plotly.offline

from analysis.charts.frame import DISCLAIMER, Canvas, Chart, framed
from analysis.outputs.images import html_to_pdf, render_image
from analysis.views.guide import Section

_BOLD = re.compile(r"\*\*(.+?)\*\*")
CHART_WIDTH = 1000  # px: the handout's column, and the width the PDF's charts are drawn at
_STYLE = (
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;max-width:1000px;margin:auto;"
    "padding:1rem;line-height:1.5;color:#1a1a1a}"
    ".takeaway{background:#eef4fb;border-left:4px solid #0072B2;padding:.6rem 1rem}"
    ".note{color:#444;font-size:.9rem}.chart svg{width:100%;height:auto}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}section{break-before:page}"
    ".chart{break-inside:avoid}}"
)


def _inline(text: str) -> str:
    """Escape text for HTML, keeping the guide's **bold** marks."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))


def _document(
    sections: list[Section],
    sources: list[tuple[str, str]],
    today: dt.date,
    chart_html: Callable[[Chart], str],
    head: str = "",
) -> str:
    """The handout's HTML, each section's chart written by `chart_html`."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>Microneedling: risks and side effects - a guide</title>",
        f"<style>{_STYLE}</style>{head}</head><body><main>",
        "<h1>Microneedling: risks and side effects</h1>",
        (
            f"<p class='note'><strong>{DISCLAIMER}.</strong> Made {today:%d %B %Y} from the "
            "curated, sourced table of the Microneedling risks explorer.</p>"
        ),
    ]
    for section in sections:
        parts.append(
            f"<section id='{section.key}' aria-labelledby='{section.key}-title'>"
            f"<h2 id='{section.key}-title'>{html.escape(section.title)}</h2>"
        )
        parts.append("<h3>From the article</h3><ul>")
        parts += [
            f"<li>{_inline(claim)} <span class='note'>(ART)</span></li>" for claim in section.claims
        ]
        parts.append("</ul>")
        if section.literature:
            parts.append("<h3>What the research adds</h3><ul>")
            parts += [f"<li>{_inline(line)}</li>" for line in section.literature]
            parts.append("</ul>")
        if section.chart is not None:
            parts.append(f"<figure class='chart'>{chart_html(section.chart)}</figure>")
        parts.append(
            f"<p class='takeaway'><strong>Takeaway:</strong> {_inline(section.takeaway)}</p>"
        )
        if section.evidence is not None:  # after the takeaway, as on the Guide page
            parts.append(f"<figure class='chart'>{chart_html(section.evidence)}</figure>")
        parts.append("</section>")
    parts.append("<section aria-labelledby='sources-title'>")
    parts.append("<h2 id='sources-title'>Sources</h2><ul class='note'>")
    parts += [f"<li><strong>{html.escape(i)}</strong> {html.escape(c)}</li>" for i, c in sources]
    parts.append("</ul></section></main></body></html>")
    return "\n".join(parts)


def handout_html(sections: list[Section], sources: list[tuple[str, str]], today: dt.date) -> str:
    """One HTML document with every section, its interactive chart, its takeaway, the sources."""

    def interactive(chart: Chart) -> str:
        if chart.restack is not None and CHART_WIDTH < chart.min_width:
            chart = chart.restack()  # as the PDF does: panels side by side need more width
        fig = framed(chart, Canvas(page_width=CHART_WIDTH))
        return fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})

    script = f"<script>{plotly.offline.get_plotlyjs()}</script>"
    return _document(sections, sources, today, interactive, head=script)


def handout_pdf(sections: list[Section], sources: list[tuple[str, str]], today: dt.date) -> bytes:
    """A printable A4 PDF of the handout, its charts as vector images (text stays text).

    Raises ExportUnavailable when no browser can draw the charts or print the pages."""

    def vector(chart: Chart) -> str:
        fig = framed(chart, Canvas(width=CHART_WIDTH, exported_on=today))
        svg = render_image(fig, "svg", CHART_WIDTH, fig.layout.height).decode("utf-8")
        return f"<div role='img' aria-label='{html.escape(chart.title)}'>{svg}</div>"

    return html_to_pdf(_document(sections, sources, today, vector))
