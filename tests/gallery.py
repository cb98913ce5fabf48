"""One chart of every kind the app draws, built as the pages build them (for the tests that
check every kind: theme independence, layout at every export size)."""

from __future__ import annotations

from analysis.charts.comparison import duration_comparison_chart, likelihood_comparison_chart
from analysis.charts.duration import duration_chart
from analysis.charts.evidence_map import evidence_map_chart
from analysis.charts.frame import Chart
from analysis.charts.grid import heatmap_chart
from analysis.charts.likelihood import likelihood_chart
from analysis.charts.recovery_timeline import recovery_timeline_chart
from analysis.data.dataset import Dataset
from analysis.views.comparison import Comparison, icon_array_comparison, profile_rows
from analysis.views.filters import FilterState, apply_filters, describe
from analysis.views.risk import Profile, personal_profile


def every_chart(dataset: Dataset) -> dict[str, Chart]:
    """Explorer charts on the default view (every row), the Compare page's three charts on its
    default comparison (type II vs V), and My skin's recovery timeline for type V, both
    procedures, with active acne; and the evidence map of the whole table (Data & sources)."""
    state = FilterState()
    rows = apply_filters(dataset.side_effects, state)
    comparison = Comparison()
    rows_a = profile_rows(dataset.side_effects, comparison.a)
    rows_b = profile_rows(dataset.side_effects, comparison.b)
    mine = personal_profile(
        dataset, Profile("V", ("traditional", "radiofrequency"), ("active_acne",))
    ).side_effects
    common = mine[mine["category"] == "common"]
    return {
        "likelihood": likelihood_chart(rows, dataset.catalog, describe(state)),
        "duration": duration_chart(rows, dataset.catalog, describe(state)),
        "grid": heatmap_chart(rows, dataset.catalog, describe(state)),
        "icon_arrays": icon_array_comparison(
            comparison, rows_a, rows_b, dataset.catalog, dataset.modifiers, dataset.factors
        ),
        "timeline": recovery_timeline_chart(common, dataset.catalog, "Type V · both procedures"),
        "compare_likelihood": likelihood_comparison_chart(
            comparison.groups(rows_a, rows_b), dataset.catalog, comparison.describe()
        ),
        "compare_duration": duration_comparison_chart(
            comparison.groups(rows_a, rows_b), dataset.catalog, comparison.describe()
        ),
        "evidence_map": evidence_map_chart(dataset.side_effects, dataset.catalog),
    }
