"""Figures carry the right numbers, labels, units, titles and footers; a figure shared by skin
types is drawn once, where the data differ the bars differ, a point figure is a marker."""

import dataclasses

import plotly.graph_objects as go
import pytest

from analysis.charts.duration import duration_chart
from analysis.charts.frame import DISCLAIMER, PHONE, SCREEN, footer_lines, framed
from analysis.charts.grid import heatmap_chart
from analysis.charts.likelihood import likelihood_chart
from analysis.charts.panels import DERIVED_NAME
from analysis.charts.recovery_timeline import recovery_timeline_chart
from analysis.charts.theme import DERIVED_PATTERN, SHARED_FIGURE_COLOUR, SKIN_TYPE_COLOURS
from analysis.data.dataset import load_dataset
from analysis.views.filters import FilterState, apply_filters, describe
from analysis.views.risk import Profile, personal_profile


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def rows_for(dataset, **filters):
    return apply_filters(dataset.side_effects, FilterState(**filters))


def label_of(dataset, side_effect: str) -> str:
    return dataset.catalog.set_index("side_effect").loc[side_effect, "label"]


@dataclasses.dataclass
class Shown:
    """One thing drawn for a side effect in a panel: a bar, a point or words."""

    kind: str  # "bar", "point" or "words"
    start: float | None = None
    end: float | None = None
    text: str = ""
    colour: str = ""
    pattern: str = ""
    symbol: str = ""


def shown(fig: go.Figure, panel: int = 0) -> dict[str, list[Shown]]:
    """{side-effect label: what panel `panel` (0: traditional) draws for it, top to bottom},
    read off a side-by-side range chart as a person reads it: by the label beside each row."""
    ticks = list(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))

    def label(y: float) -> str:
        return min(ticks, key=lambda tick: abs(tick[0] - y))[1]

    xref = "x" if panel == 0 else f"x{panel + 1}"
    found: dict[str, list[tuple[float, Shown]]] = {}
    for trace in fig.data:
        if (trace.xaxis or "x") != xref or trace.y is None or trace.y[0] is None:
            continue
        for i, y in enumerate(trace.y):
            if trace.type == "bar":
                if trace.marker.line.width[i] == 0:
                    continue  # a point's words, carried by a bar of no length
                item = Shown(
                    "bar",
                    trace.base[i],
                    trace.base[i] + trace.x[i],
                    trace.text[i],
                    trace.marker.color[i],
                    trace.marker.pattern.shape[i],
                )
            elif trace.mode == "markers":
                item = Shown(
                    "point", trace.x[i], trace.x[i], "", trace.marker.color[i], "",
                    trace.marker.symbol[i],
                )  # fmt: skip
                words = [
                    t
                    for t in fig.data
                    if t.type == "bar" and (t.xaxis or "x") == xref and t.y is not None
                ]
                for bar in words:
                    for j, bar_y in enumerate(bar.y):
                        if bar_y == y and bar.marker.line.width[j] == 0:
                            item.text = bar.text[j].strip()
            else:
                item = Shown("words", text=str(trace.text[i]).strip())
            found.setdefault(label(y), []).append((y, item))
    return {
        lab: [item for _, item in sorted(items, key=lambda p: p[0])] for lab, items in found.items()
    }


def legend(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if t.showlegend and t.name]


def test_likelihood_bars_span_the_published_range(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("V",))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    pih = rows.set_index("side_effect").loc["pih"]
    (bar,) = shown(fig)[label_of(dataset, "pih")]
    assert (bar.kind, bar.start, bar.end) == ("bar", 0, pih["likelihood_high_pct"])
    assert bar.text == "0–17%"  # one skin type shown: the subtitle names it
    assert bar.colour == SKIN_TYPE_COLOURS["V"]


def test_a_figure_every_skin_type_shares_is_one_grey_bar_with_a_same_figure_label(dataset):
    fig = likelihood_chart(rows_for(dataset), dataset.catalog, "sub").body
    for panel in (0, 1):
        (pain,) = shown(fig, panel)[label_of(dataset, "pain")]
        assert (pain.kind, pain.end, pain.text) == ("bar", 100, "up to 100%")
        assert pain.colour == SHARED_FIGURE_COLOUR
    assert "Types I-VI: same figure, not split by type" in legend(fig)
    # Six skin types, one trace per kind of mark and panel, not one per bar.
    assert len([t for t in fig.data if t.showlegend is not True]) <= 6


def test_darkening_of_the_skin_still_differs_by_skin_type(dataset):
    fig = likelihood_chart(rows_for(dataset), dataset.catalog, "sub").body
    needle = shown(fig, 0)[label_of(dataset, "pih")]
    assert [(s.kind, s.end, s.text) for s in needle] == [
        ("point", 0, "0% (none seen) · types I-III"),
        ("bar", 16.7, "0–17% · types IV-V"),
        ("bar", 16.7, "0–17% · type VI"),
    ]
    assert needle[2].pattern == "."  # type VI is extrapolated from IV-V: dotted
    assert len({s.colour for s in needle}) == 3
    rf = shown(fig, 1)[label_of(dataset, "pih")]
    assert [s.text for s in rf] == [
        "0% (none seen) · types I-II",
        "0–12% · types III-V",
        "0–12% · type VI",
    ]


def test_the_bar_for_type_v_is_longer_than_for_type_ii(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("II", "V"))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    type_ii, type_v = shown(fig)[label_of(dataset, "pih")]
    assert type_ii.text.endswith("type II") and type_v.text.endswith("type V")
    assert type_v.end > type_ii.end
    assert (type_ii.colour, type_v.colour) == (SKIN_TYPE_COLOURS["II"], SKIN_TYPE_COLOURS["V"])


def test_a_point_figure_is_a_visible_marker_not_a_hairline(dataset):
    fig = likelihood_chart(rows_for(dataset), dataset.catalog, "sub").body
    (grid_marks,) = shown(fig, 1)[label_of(dataset, "grid_marks")]
    assert (grid_marks.kind, grid_marks.start, grid_marks.text) == ("point", 7.5, "7.5%")
    assert grid_marks.symbol == "diamond-open"  # a secondary source: hollow, like hatching
    markers = [t for t in fig.data if t.type == "scatter" and t.mode == "markers" and t.x[0]]
    assert all(t.marker.size >= 10 for t in markers)
    redness = shown(fig, 1)[label_of(dataset, "redness")]
    assert [(s.kind, s.start) for s in redness] == [("point", 100), ("point", 100)]
    assert [s.symbol for s in redness] == ["diamond-open", "diamond"]  # I-II, VI carried over
    assert "Hollow: weaker evidence" in legend(fig)


def test_side_effects_with_no_figure_come_last_and_say_so(dataset):
    fig = likelihood_chart(rows_for(dataset), dataset.catalog, "sub").body
    labels = list(fig.layout.yaxis.ticktext)
    unknown = [label_of(dataset, s) for s in ("allergic_reaction", "cold_sore_reactivation")]
    assert set(labels[-5:]) >= set(unknown)
    for label in unknown:
        for panel in (0, 1):
            assert [s.text for s in shown(fig, panel)[label]] == ["no published figure"]
    # Radiofrequency only: not listed for needles, rather than "no published figure".
    assert [s.text for s in shown(fig, 0)[label_of(dataset, "burns")]] == ["not listed"]


def test_stacked_panels_name_each_side_effect_above_its_bars_and_list_the_unknown_once(
    dataset,
):
    chart = likelihood_chart(rows_for(dataset), dataset.catalog, "sub", stacked=True)
    body = chart.body
    assert chart.row_labels == ()  # no label column: the bars get the width
    assert body.layout.yaxis2.domain[1] <= body.layout.yaxis.domain[0]
    names = [t for t in body.data if t.type == "scatter" and t.mode == "text"]
    texts = [str(text) for t in names for text in t.text]
    assert label_of(dataset, "pih") in texts
    (needle_unknown,) = [t for t in texts if t.startswith("No published figure:")][:1]
    assert label_of(dataset, "allergic_reaction") in needle_unknown
    assert label_of(dataset, "burns") not in texts[: texts.index(needle_unknown)]


def test_side_by_side_panels_too_narrow_for_their_words_are_stacked(dataset):
    chart = duration_chart(rows_for(dataset), dataset.catalog, "sub")
    assert chart.restack is not None
    wide = framed(chart, dataclasses.replace(SCREEN, page_width=1400))
    assert wide.layout.xaxis.domain[1] <= wide.layout.xaxis2.domain[0]  # side by side
    narrow = framed(chart, PHONE)
    assert narrow.layout.yaxis2.domain[1] <= narrow.layout.yaxis.domain[0]  # stacked


def test_derived_durations_are_hatched_as_derived_and_say_so(dataset):
    fig = duration_chart(rows_for(dataset), dataset.catalog, "sub").body
    rf_pih = shown(fig, 1)[label_of(dataset, "pih")]
    assert [s.text for s in rf_pih] == [
        "4 weeks – 2 months (derived) · types I-II, VI",
        "4 weeks – 2 months (derived) · types III-V",
    ]
    assert {s.pattern for s in rf_pih} == {DERIVED_PATTERN}
    derived, measured = shown(fig, 1)[label_of(dataset, "redness")]
    assert measured.text == "10 h – 7 days · types III-V" and measured.pattern == ""
    assert derived.text == "10 h – 7 days (derived) · types I-II, VI"
    assert derived.pattern == DERIVED_PATTERN
    names = legend(fig)
    hatchings = [i for i, n in enumerate(names) if n.startswith(("Hatched", "Dotted", "Cross"))]
    assert names.index(DERIVED_NAME) == hatchings[-1] + 1  # beside the evidence hatchings


def test_a_duration_given_only_in_words_is_written_at_its_place(dataset):
    fig = duration_chart(rows_for(dataset), dataset.catalog, "sub").body
    for panel in (0, 1):
        (bruising,) = shown(fig, panel)[label_of(dataset, "bruising")]
        assert bruising.text == "usually resolves within a few days (article)"
    (needle_scarring,) = shown(fig, 0)[label_of(dataset, "scarring")]
    assert needle_scarring.text == "persistent (R2)"
    (long_lasting,) = shown(fig, 0)[label_of(dataset, "prolonged_inflammation")]
    assert long_lasting.text.startswith("in rare cases, may persist for several weeks")
    (rf_pain,) = shown(fig, 1)[label_of(dataset, "pain")]
    assert rf_pain.text == "no published figure"


def test_the_recovery_timeline_marks_derived_durations_and_writes_words(dataset):
    mine = personal_profile(dataset, Profile("V", ("radiofrequency",))).side_effects
    chart = recovery_timeline_chart(mine[mine["category"] == "common"], dataset.catalog, "s")
    bars = [t for t in chart.body.data if t.type == "bar" and t.text is not None]
    texts = [text for t in bars for text in t.text]
    assert "4 weeks – 2 months (derived)" in texts
    words = [t for t in chart.body.data if t.type == "scatter"]
    assert "usually resolves within a few days (article)" in {
        w.strip() for t in words for w in t.text
    }


def test_titles_subtitles_units_and_footer(dataset):
    state = FilterState(skin_types=("II", "V"))
    rows = apply_filters(dataset.side_effects, state)
    for chart in (
        likelihood_chart(rows, dataset.catalog, describe(state)),
        duration_chart(rows, dataset.catalog, describe(state)),
        heatmap_chart(rows, dataset.catalog, describe(state)),
    ):
        assert "Skin type II, V" in chart.subtitle
        footer = footer_lines(chart)
        assert footer[0].startswith("Source: R") and footer[-1] == DISCLAIMER
        assert set(chart.sources) == {
            s for cell in rows["source_ids"] for s in cell.split(";")
        }  # every source of the rows shown, none other
    lik = likelihood_chart(rows, dataset.catalog, "s").body
    assert "%" in lik.layout.xaxis.title.text
    dur = duration_chart(rows, dataset.catalog, "s").body
    assert "How long it lasts" in dur.layout.xaxis.title.text
    assert list(dur.layout.xaxis.ticktext[:4]) == ["1 h", "6 h", "1 day", "7 days"]


def test_log_scale_option(dataset):
    rows = rows_for(dataset, skin_types=("IV",))
    fig = likelihood_chart(rows, dataset.catalog, "s", log_scale=True).body
    assert fig.layout.xaxis.type == "log"
    assert all(b >= 0.1 for t in fig.data if t.type == "bar" and t.base for b in t.base)


def test_heatmap_cells_show_the_range_for_each_skin_type(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("II", "V"))
    fig = heatmap_chart(rows, dataset.catalog, "s").body
    (heat,) = fig.data
    assert list(heat.x) == ["II", "V"]
    assert fig.layout.xaxis.title.text == "Fitzpatrick skin type"
    label = label_of(dataset, "pih")
    row = list(heat.y).index(label)
    assert (
        heat.z[row][1]
        == rows.set_index(["side_effect", "skin_type"]).loc[("pih", "V"), "likelihood_high_pct"]
    )


def test_no_rows_gives_an_empty_state_figure(dataset):
    rows = rows_for(dataset, skin_types=())
    fig = likelihood_chart(rows, dataset.catalog, "s").body
    assert fig.layout.annotations[0].text == "No rows match these filters."


def test_free_text_in_hover_cannot_become_markup(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("II",))
    rows = rows.assign(measured_in='<a href="https://example.invalid">click</a> & <b>x</b>')
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    (bars,) = [t for t in fig.data if t.type == "bar" and t.customdata is not None]
    assert bars.customdata[0][4] == (
        '&lt;a href="https://example.invalid"&gt;click&lt;/a&gt; &amp; &lt;b&gt;x&lt;/b&gt;'
    )


def test_legend_only_entries_carry_no_data(dataset):
    fig = likelihood_chart(rows_for(dataset, skin_types=("II", "V")), dataset.catalog, "s").body
    for trace in fig.data:
        if trace.showlegend:
            assert list(trace.x) == [None] and list(trace.y) == [None]


def test_heatmap_cells_say_none_seen_and_dash_in_short_words(dataset):
    rows = rows_for(dataset, procedures=("radiofrequency",), skin_types=("II",))
    (heat,) = heatmap_chart(rows, dataset.catalog, "s").body.data
    cells = dict(zip(heat.y, (row[0] for row in heat.text)))
    assert cells["Burns"] == "none seen"
    assert cells["Loss of fat under the skin"] == "–"
