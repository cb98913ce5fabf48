"""A chart is a spec; the figure is drawn from it.

A `ChartSpec` is a chart kind and the query parameters of the view that drew it: a view is a
URL (the Explorer's filters, the Compare page's groups, a My skin profile). `VIEWS` is the one
registry that reads a view from its link and draws that view's charts, with the same builders
the pages use; the pages cache it (pages.common.view_cache.view_charts), so a page and a slide
deck that holds one of its charts share one figure.

A `Deck` is the specs a presenter picked, in order, and the deck's title. It lives in the link
(`?deck=explorer-likelihood?skin=II,V~compare-icons`) of the Slide deck page and of every page
the tab shows while it has a deck, so a reload, another browser or another server shows the
same deck. Bad parts of a deck link are left out with a plain notice, as for any other link
(analysis.views.filters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

from analysis.charts.comparison import duration_comparison_chart, likelihood_comparison_chart
from analysis.charts.duration import duration_chart
from analysis.charts.evidence_map import evidence_map_chart
from analysis.charts.frame import Chart
from analysis.charts.grid import heatmap_chart
from analysis.charts.likelihood import likelihood_chart
from analysis.charts.recovery_timeline import recovery_timeline_chart
from analysis.data.dataset import Dataset
from analysis.data.tables import readable_table
from analysis.data.vocabulary import PROCEDURES
from analysis.views.comparison import (
    Comparison,
    comparison_table,
    icon_array_comparison,
    profile_rows,
)
from analysis.views.filters import (
    FilterState,
    apply_filters,
    choice_param,
    clip,
    describe,
    single_param,
)
from analysis.views.guide import (
    GuideExample,
    common_effects,
    complications,
    risk_factors,
    what_to_expect,
)
from analysis.views.risk import NOT_SURE, Profile, personal_profile

Params = Mapping[str, str | Sequence[str]]

DEFAULT_DECK_TITLE = "Microneedling: how likely are the side effects?"
MAX_DECK_CHARTS = 20
# Characters of a deck link: 20 charts, each with a handful of filters, fit well within it.
MAX_DECK_LINK = 4000
MAX_TITLE_LENGTH = 120
DECK_PARAMS = ("deck", "deck_title")  # a deck's link settings (Deck.to_query_params)
SPEC_SEPARATOR = "~"  # between the charts of a deck link; never part of a view's parameters
# The id of an uploaded table: the start of its fingerprint (analysis.data.dataset.fingerprint).
UPLOAD_ID = re.compile(r"[0-9a-f]{8}")


# -- The views: each page's link read back, and the charts it draws ---------------------------


def explorer_charts(
    dataset: Dataset, state: FilterState, stacked: bool = False
) -> dict[str, Chart]:
    """The Explorer's three charts, each with the table of the rows behind it."""
    rows = apply_filters(dataset.side_effects, state)
    subtitle = describe(state)
    table = readable_table(rows, dataset.catalog)
    charts = {
        "likelihood": likelihood_chart(rows, dataset.catalog, subtitle, state.log_scale, stacked),
        "duration": duration_chart(rows, dataset.catalog, subtitle, stacked),
        "grid": heatmap_chart(rows, dataset.catalog, subtitle, stacked),
    }
    return {name: replace(chart, table=table) for name, chart in charts.items()}


def compare_charts(dataset: Dataset, view: Comparison, stacked: bool = False) -> dict[str, Chart]:
    """The Compare page's charts in slide order: icon arrays, how likely, how long."""
    rows_a = profile_rows(dataset.side_effects, view.a)
    rows_b = profile_rows(dataset.side_effects, view.b)
    subtitle = view.describe(dict(zip(dataset.factors["factor"], dataset.factors["label"])))
    table = comparison_table(view, rows_a, rows_b, dataset.catalog)
    icons = icon_array_comparison(
        view, rows_a, rows_b, dataset.catalog, dataset.modifiers, dataset.factors
    )
    return {
        "icons": replace(
            icons,
            table=comparison_table(view, rows_a, rows_b, dataset.catalog, [view.side_effect]),
        ),
        "likelihood": replace(
            likelihood_comparison_chart(view.groups(rows_a, rows_b), dataset.catalog, subtitle),
            table=table,
        ),
        "duration": replace(
            duration_comparison_chart(view.groups(rows_a, rows_b), dataset.catalog, subtitle),
            table=table,
        ),
    }


def my_skin_charts(dataset: Dataset, profile: Profile, stacked: bool = False) -> dict[str, Chart]:
    """My skin's recovery timeline of the common side effects, with the durations behind it."""
    rows = personal_profile(dataset, profile).side_effects
    common = rows[rows["category"] == "common"]
    skin = (
        "Skin type not sure" if profile.skin_type == NOT_SURE else f"Skin type {profile.skin_type}"
    )
    subtitle = " · ".join(
        ["Common side effects", skin, " and ".join(PROCEDURES[p] for p in profile.procedures)]
    )
    chart = recovery_timeline_chart(common, dataset.catalog, subtitle)
    columns = ["label", "procedure", "duration_low_days", "duration_high_days", "how_long"]
    return {"timeline": replace(chart, table=common[columns])}


def _guide_charts(section: Callable[[Dataset, GuideExample], Any]):
    """Draw one Guide step's live chart for the examples in its link."""

    def draw(dataset: Dataset, example: GuideExample, stacked: bool = False) -> dict[str, Chart]:
        return {"chart": section(dataset, example).chart}

    return draw


def _read_guide(dataset: Dataset, params: Params) -> tuple[GuideExample, list[str]]:
    present = tuple(dict.fromkeys(dataset.side_effects["side_effect"]))
    return GuideExample.from_query_params(params, present)


@dataclass(frozen=True)
class _NoSettings:
    """The state of a view that has no settings of its own (the evidence map: the whole table)."""

    def to_query_params(self) -> dict[str, str]:
        return {}


def _read_nothing(_dataset: Dataset, params: Params) -> tuple[_NoSettings, list[str]]:
    return _NoSettings(), [f"Ignored the unknown link setting '{clip(k)}'." for k in params]


def evidence_charts(dataset: Dataset, _state: _NoSettings, stacked: bool = False):
    """The evidence map of the whole table, with the cells behind it."""
    return {"map": evidence_map_chart(dataset.side_effects, dataset.catalog, stacked=stacked)}


@dataclass(frozen=True)
class View:
    """One page's view: `read` turns its link into a state (with `to_query_params()`) and
    notices about what was ignored; `draw` gives the view's charts by name."""

    read: Callable[[Dataset, Params], tuple[Any, list[str]]]
    draw: Callable[[Dataset, Any, bool], dict[str, Chart]]


VIEWS: dict[str, View] = {
    "explorer": View(lambda _, params: FilterState.from_query_params(params), explorer_charts),
    "compare": View(
        lambda dataset, params: _still(
            Comparison.from_query_params(
                params, tuple(dataset.catalog["side_effect"]), tuple(dataset.factors["factor"])
            )
        ),
        compare_charts,
    ),
    "my_skin": View(
        lambda dataset, params: Profile.from_query_params(params, tuple(dataset.factors["factor"])),
        my_skin_charts,
    ),
    "guide-common": View(
        _read_guide, _guide_charts(lambda dataset, e: common_effects(dataset, e.skin_type))
    ),
    "guide-complications": View(
        _read_guide,
        _guide_charts(lambda dataset, e: complications(dataset, e.procedure, e.skin_type)),
    ),
    "guide-risk": View(
        _read_guide, _guide_charts(lambda dataset, e: risk_factors(dataset, e.side_effect))
    ),
    "guide-expect": View(
        _read_guide,
        _guide_charts(lambda dataset, e: what_to_expect(dataset, e.skin_type, e.procedure)),
    ),
    "evidence": View(_read_nothing, evidence_charts),
}

# A chart kind, as a deck link writes it -> (its view, the chart's name in that view).
KINDS: dict[str, tuple[str, str]] = {
    "explorer-likelihood": ("explorer", "likelihood"),
    "explorer-duration": ("explorer", "duration"),
    "explorer-grid": ("explorer", "grid"),
    "compare-icons": ("compare", "icons"),
    "compare-likelihood": ("compare", "likelihood"),
    "compare-duration": ("compare", "duration"),
    "my-skin-timeline": ("my_skin", "timeline"),
    "guide-common": ("guide-common", "chart"),
    "guide-complications": ("guide-complications", "chart"),
    "guide-risk": ("guide-risk", "chart"),
    "guide-expect": ("guide-expect", "chart"),
    "evidence-map": ("evidence", "map"),
}


def _still(read: tuple[Comparison, list[str]]) -> tuple[Comparison, list[str]]:
    """A comparison as a chart shows it: presentation mode is how it is shown, not what."""
    comparison, notices = read
    return replace(comparison, presenting=False, slide=0), notices


def draw_view(
    dataset: Dataset, view: str, params: Params, stacked: bool = False
) -> dict[str, Chart]:
    """The charts of one view (a key of VIEWS) for the query parameters of its link."""
    state, _ = VIEWS[view].read(dataset, params)
    return VIEWS[view].draw(dataset, state, stacked)


# -- A chart as a spec --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """What drew a chart: its kind (a key of KINDS) and the query parameters of its view.

    `upload` is the id of the uploaded table it was drawn from ("" for the bundled data): such
    a chart can be drawn again only where that table is in use.
    """

    kind: str
    params: tuple[tuple[str, str], ...] = ()
    upload: str = ""

    @classmethod
    def of(cls, kind: str, params: Mapping[str, str], upload: str = "") -> ChartSpec:
        return cls(kind, tuple(params.items()), upload)

    @property
    def view(self) -> str:
        return KINDS[self.kind][0]

    @property
    def chart(self) -> str:
        return KINDS[self.kind][1]

    def to_text(self) -> str:
        """The spec as a deck link writes it: 'explorer-likelihood?skin=II,V&scale=log'."""
        params = [*self.params, *([("upload", self.upload)] if self.upload else [])]
        return self.kind + (f"?{urlencode(params, safe=',')}" if params else "")


def draw_chart(dataset: Dataset, spec: ChartSpec) -> Chart:
    """The chart a spec names, drawn from `dataset` (uncached: the pages cache `draw_view`)."""
    return draw_view(dataset, spec.view, dict(spec.params))[spec.chart]


def read_spec(text: str, dataset: Dataset) -> tuple[ChartSpec | None, list[str]]:
    """One chart of a deck link, its parameters read by its view's own link reader. Bad
    parameters fall back to the view's defaults, with notices; a chart that cannot be read at
    all is None, with the reason as the only notice."""
    kind_text, _, query = text.partition("?")
    kind = choice_param({"kind": kind_text}, "kind", tuple(KINDS), "chart kind", [])
    if kind is None:
        return None, [f"'{clip(kind_text)}' is not a chart this app draws."]
    notices: list[str] = []
    params = parse_qs(query, keep_blank_values=True)
    upload = single_param(params, "upload", notices) or ""
    params.pop("upload", None)
    if upload and not UPLOAD_ID.fullmatch(upload):
        return None, [f"'{clip(upload)}' is not the id of an uploaded table."]
    state, view_notices = VIEWS[KINDS[kind][0]].read(dataset, params)
    return ChartSpec.of(kind, state.to_query_params(), upload), notices + view_notices


# -- A deck: specs in a link --------------------------------------------------------------------


@dataclass(frozen=True)
class Deck:
    """The charts picked for a slide deck, in order, and the deck's title."""

    specs: tuple[ChartSpec, ...] = ()
    title: str = DEFAULT_DECK_TITLE

    def __post_init__(self) -> None:
        # A title from a link goes into the PowerPoint file: printable characters only (its
        # XML refuses control characters), one line, not too long.
        printable = "".join(c if c.isprintable() else " " for c in self.title)
        title = clip(" ".join(printable.split()), MAX_TITLE_LENGTH) or DEFAULT_DECK_TITLE
        object.__setattr__(self, "title", title)

    def to_query_params(self) -> dict[str, str]:
        """Query parameters of the Slide deck page for this deck; a default title is omitted."""
        params = {}
        if self.specs:
            params["deck"] = SPEC_SEPARATOR.join(spec.to_text() for spec in self.specs)
        if self.title != DEFAULT_DECK_TITLE:
            params["deck_title"] = self.title
        return params

    def with_chart(self, spec: ChartSpec) -> Deck:
        return replace(self, specs=(*self.specs, spec))

    def moved(self, index: int, step: int) -> Deck:
        specs = list(self.specs)
        specs[index], specs[index + step] = specs[index + step], specs[index]
        return replace(self, specs=tuple(specs))

    def without(self, index: int) -> Deck:
        return replace(self, specs=self.specs[:index] + self.specs[index + 1 :])

    @classmethod
    def from_query_params(cls, params: Params, dataset: Dataset) -> tuple[Deck, list[str]]:
        """Read a deck from the Slide deck page's link; every chart that can be read is kept,
        and each part left out is named in a notice."""
        notices: list[str] = []
        raw = single_param(params, "deck", notices, limit=MAX_DECK_LINK) or ""
        texts = [text for text in raw.split(SPEC_SEPARATOR) if text.strip()]
        if len(texts) > MAX_DECK_CHARTS:
            notices.append(
                f"The deck link lists {len(texts)} charts; kept the first {MAX_DECK_CHARTS}."
            )
        specs: list[ChartSpec] = []
        for number, text in enumerate(texts[:MAX_DECK_CHARTS], start=1):
            spec, spec_notices = read_spec(text, dataset)
            if spec is None:
                notices.append(f"Left out chart {number} of the deck link: {spec_notices[0]}")
                continue
            notices += [f"Chart {number} of the deck link: {notice}" for notice in spec_notices]
            if spec in specs:
                notices.append(f"Left out chart {number} of the deck link: it repeats another.")
            else:
                specs.append(spec)
        title = single_param(params, "deck_title", notices)
        notices += [
            f"Ignored the unknown link setting '{clip(key)}'."
            for key in params
            if key not in DECK_PARAMS
        ]
        return cls(tuple(specs), title or DEFAULT_DECK_TITLE), notices
