"""A summary of a person's side-effect profile, to take to a consultation.

An HTML document (real text and tables, pages that break between rows, the table header
repeated on every page), printed to PDF by the same Chromium that draws the chart images.
It holds the date, the choices, any stop signs and cautions, every side effect with its
figures, and the sources in full.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from analysis.charts.frame import DISCLAIMER
from analysis.data.dataset import Dataset
from analysis.data.tables import cited_sources
from analysis.data.vocabulary import EVIDENCE_LEVELS, PROCEDURES
from analysis.outputs.images import html_to_pdf
from analysis.views.risk import NOT_SURE, PersonalProfile, Profile

TITLE = "Microneedling: my side-effect summary"
_STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 10pt; color: #1a1a1a;
       line-height: 1.35; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 4pt; }
.muted { color: #444; }
.stop { border-left: 4pt solid #b00020; background: #fdecee; padding: 4pt 8pt; margin: 4pt 0; }
.caution { border-left: 4pt solid #8a5a00; background: #fff6e0; padding: 4pt 8pt; margin: 4pt 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #1f3b57; color: white; text-align: left; padding: 3pt 4pt; }
td { border-bottom: 0.5pt solid #c8c8c8; padding: 3pt 4pt; vertical-align: top; }
tbody tr:nth-child(even) td { background: #f4f6f8; }
ol.sources { padding-left: 0; list-style: none; font-size: 8.5pt; }
ol.sources li { margin: 0 0 3pt; break-inside: avoid; }
.disclaimer { border: 1pt solid #444; padding: 5pt 8pt; margin-top: 10pt; }
"""


def describe_profile(profile: Profile, dataset: Dataset) -> str:
    """'Skin type V (Brown skin, rarely or never burns) · Traditional microneedling · ...'."""
    if profile.skin_type == NOT_SURE:
        skin = "Skin type not sure (widest range over types I-VI)"
    else:
        description = dataset.skin_types.set_index("skin_type").loc[
            profile.skin_type, "description"
        ]
        skin = f"Skin type {profile.skin_type} ({description})"
    procedures = " and ".join(PROCEDURES[p] for p in profile.procedures) or "No procedure chosen"
    labels = dict(zip(dataset.factors["factor"], dataset.factors["label"]))
    situation = ", ".join(labels[f] for f in profile.factors) or "nothing else selected"
    return f"{skin} · {procedures} · Situation: {situation}"


def _cell(value) -> str:
    return escape(str(value)) if value is not None and str(value) not in ("", "nan") else "–"


def summary_html(
    dataset: Dataset, profile: Profile, result: PersonalProfile, today: dt.date | None = None
) -> str:
    """The summary as one self-contained HTML document (no scripts, no outside resources)."""
    today = today or dt.date.today()
    rows = result.side_effects
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{TITLE}</title><style>{_STYLE}</style></head><body><main>",
        f"<h1>{TITLE}</h1>",
        f"<p class='muted'>{today:%d %B %Y} · {escape(describe_profile(profile, dataset))}</p>",
    ]
    if result.stops or result.cautions:
        parts.append("<h2>What to raise first</h2>")
    for flag in result.stops:
        parts.append(
            f"<p class='stop'><strong>Not recommended right now: {escape(flag.factor_label)}."
            f"</strong> {escape(flag.note)} [{escape(flag.source_ids)}]</p>"
        )
    for flag in result.cautions:
        scope = f" ({escape(flag.side_effect_label)})" if flag.side_effect_label else ""
        parts.append(
            f"<p class='caution'><strong>Take care: {escape(flag.factor_label)}{scope}.</strong>"
            f" {escape(flag.note)} [{escape(flag.source_ids)}]</p>"
        )
    columns = {
        "Side effect": rows["label"],
        "Procedure": rows["procedure"].astype(str).map(lambda p: PROCEDURES[p].split()[0]),
        "How many people": rows["in_100_people"],
        "How long it lasts": rows["how_long"],
        "How serious": rows["seriousness"],
        "Raised for you by": rows["raised_by"].map(lambda r: ", ".join(r) or "–"),
        "Evidence": rows["evidence"].astype(str).map(EVIDENCE_LEVELS),
        "Sources": rows["source_ids"].str.replace(";", ", "),
    }
    parts.append(f"<h2>Side effects ({len(rows)})</h2><table><thead><tr>")
    parts += [f"<th scope='col'>{escape(name)}</th>" for name in columns]
    parts.append("</tr></thead><tbody>")
    for i in range(len(rows)):
        parts.append(
            "<tr>" + "".join(f"<td>{_cell(values.iloc[i])}</td>" for values in columns.values())
        )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    parts.append(
        f"<p class='disclaimer'><strong>{DISCLAIMER}.</strong> Figures are ranges from small "
        "published studies (19-40 people each), not predictions for one person. 'No published "
        "figure' means nobody has measured it, not that it cannot happen. A duration marked "
        "'(derived)' was worked out (from follow-up visits, a related measure or other skin "
        "types), not timed in people; one in words is its source's own words. Discuss this "
        "summary with a qualified practitioner.</p>"
    )
    sources = cited_sources(rows, dataset.sources)
    parts.append(f"<h2>Sources ({len(sources)})</h2><ol class='sources'>")
    for source in sources.itertuples():
        link = f" {escape(source.url)}" if isinstance(source.url, str) else ""
        parts.append(
            f"<li><strong>{escape(source.source_id)}</strong> {escape(source.citation)}{link}</li>"
        )
    parts.append("</ol></main></body></html>")
    return "\n".join(parts)


def summary_pdf(
    dataset: Dataset, profile: Profile, result: PersonalProfile, today: dt.date | None = None
) -> bytes:
    """The summary printed to A4 PDF; raises ExportUnavailable without a browser."""
    return html_to_pdf(summary_html(dataset, profile, result, today))
