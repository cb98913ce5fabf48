"""Figures carry the right numbers, labels, units, titles and footers."""

import pytest

from analysis.charts import duration_chart, heatmap_chart, likelihood_chart
from analysis.dataset import load_dataset
from analysis.filters import FilterState, apply_filters, describe
from analysis.frame import DISCLAIMER, footer_lines


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def rows_for(dataset, **filters):
    return apply_filters(dataset.side_effects, FilterState(**filters))


def bars(fig, name):
    return [
        t
        for t in fig.data
        if t.type == "bar"
        and t.name == name
        and t.y is not None
        and len(t.y)
        and t.y[0] is not None
    ]


def test_likelihood_bars_span_the_published_range(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("V",))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    (trace,) = bars(fig, "Type V")
    pih_label = dataset.catalog.set_index("side_effect").loc["pih", "label"]
    pih = rows.set_index("side_effect").loc["pih"]
    i = list(trace.y).index(pih_label)
    assert trace.base[i] == pytest.approx(pih["likelihood_low_pct"])
    assert trace.base[i] + trace.x[i] == pytest.approx(pih["likelihood_high_pct"])
    assert trace.text[i].endswith("%")


def test_one_panel_per_procedure_and_one_colour_per_skin_type(dataset):
    rows = rows_for(dataset, skin_types=("II", "V"))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    titles = [a.text for a in fig.layout.annotations]
    assert "Traditional microneedling" in titles and "Radiofrequency microneedling" in titles
    assert {t.name for t in fig.data if t.showlegend} >= {"Type II", "Type V"}
    assert bars(fig, "Type II")[0].marker.color != bars(fig, "Type V")[0].marker.color


def test_pih_bar_is_longer_for_type_v_than_type_ii(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("II", "V"))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    label = dataset.catalog.set_index("side_effect").loc["pih", "label"]

    def end(name):
        (trace,) = bars(fig, name)
        i = list(trace.y).index(label)
        return trace.base[i] + trace.x[i]

    assert end("Type V") > end("Type II")


def test_effects_without_figures_say_no_published_figure(dataset):
    rows = rows_for(dataset, procedures=("radiofrequency",), skin_types=("III",))
    fig = likelihood_chart(rows, dataset.catalog, "sub").body
    texts = [t for t in fig.data if t.type == "scatter" and t.mode == "text"]
    fat_loss = dataset.catalog.set_index("side_effect").loc["fat_loss", "label"]
    assert texts and fat_loss in texts[0].y
    assert {t.strip() for t in texts[0].text} == {"no published figure"}


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
    assert list(heat.x) == ["Type II", "Type V"]
    label = dataset.catalog.set_index("side_effect").loc["pih", "label"]
    row = list(heat.y).index(label)
    assert (
        heat.z[row][1]
        == rows.set_index(["side_effect", "skin_type"]).loc[("pih", "V"), "likelihood_high_pct"]
    )


def test_no_rows_gives_an_empty_state_figure(dataset):
    rows = rows_for(dataset, skin_types=())
    fig = likelihood_chart(rows, dataset.catalog, "s").body
    assert fig.layout.annotations[0].text == "No rows match these filters."


def test_stacked_panels_sit_one_under_the_other_for_phones(dataset):
    rows = rows_for(dataset, skin_types=("V",))
    side_by_side = likelihood_chart(rows, dataset.catalog, "s")
    body = side_by_side.body
    assert body.layout.xaxis.domain[1] <= body.layout.xaxis2.domain[0]
    stacked = likelihood_chart(rows, dataset.catalog, "s", stacked=True)
    assert stacked.body.layout.yaxis2.domain[1] <= stacked.body.layout.yaxis.domain[0]
    assert stacked.plot_height > side_by_side.plot_height


def test_free_text_in_hover_cannot_become_markup(dataset):
    rows = rows_for(dataset, procedures=("traditional",), skin_types=("II",))
    rows = rows.assign(measured_in='<a href="https://example.invalid">click</a> & <b>x</b>')
    (trace,) = bars(likelihood_chart(rows, dataset.catalog, "sub").body, "Type II")
    assert trace.customdata[0][2] == (
        '&lt;a href="https://example.invalid"&gt;click&lt;/a&gt; &amp; &lt;b&gt;x&lt;/b&gt;'
    )


def test_legend_only_entries_take_no_bar_slot(dataset):
    fig = likelihood_chart(rows_for(dataset, skin_types=("II", "V")), dataset.catalog, "s").body
    groups = {t.offsetgroup for t in fig.data if t.type == "bar"}
    assert groups == {"II", "V"}


def test_heatmap_cells_say_none_seen_and_dash_in_short_words(dataset):
    rows = rows_for(dataset, procedures=("radiofrequency",), skin_types=("II",))
    (heat,) = heatmap_chart(rows, dataset.catalog, "s").body.data
    cells = dict(zip(heat.y, (row[0] for row in heat.text)))
    assert cells["Burns"] == "none seen"
    assert cells["Loss of fat under the skin"] == "–"
