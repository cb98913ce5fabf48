"""Filter state: applying it to rows, and the round trip through URL query parameters."""

import pytest

from analysis.data.dataset import load_dataset
from analysis.views.filters import FilterState, apply_filters, describe


@pytest.fixture(scope="module")
def effects():
    return load_dataset().side_effects


def test_default_state_keeps_every_row(effects):
    assert len(apply_filters(effects, FilterState())) == len(effects)


def test_filtering_by_skin_type_and_procedure_keeps_only_those_rows(effects):
    state = FilterState(procedures=("radiofrequency",), skin_types=("II", "V"))
    rows = apply_filters(effects, state)
    assert set(rows["procedure"]) == {"radiofrequency"}
    assert set(rows["skin_type"]) == {"II", "V"}
    expected = effects[
        (effects["procedure"] == "radiofrequency") & effects["skin_type"].isin(["II", "V"])
    ]
    assert len(rows) == len(expected) > 0


def test_category_severity_and_evidence_filters_apply(effects):
    state = FilterState(categories=("complication",), severities=("severe",), evidence=("trial",))
    rows = apply_filters(effects, state)
    assert set(rows["category"]) <= {"complication"}
    assert set(rows["severity"]) <= {"severe"}
    assert set(rows["evidence"]) <= {"trial"}


def test_an_empty_selection_matches_nothing(effects):
    assert apply_filters(effects, FilterState(skin_types=())).empty


def test_selection_order_is_normalised():
    assert FilterState(skin_types=("V", "II")).skin_types == ("II", "V")


def test_unknown_values_in_the_constructor_raise():
    with pytest.raises(ValueError):
        FilterState(skin_types=("VII",))


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState(skin_types=("II", "V"), procedures=("traditional",)),
        FilterState(categories=("complication",), log_scale=True),
        FilterState(skin_types=(), severities=("mild", "severe"), evidence=("trial", "review")),
    ],
)
def test_query_params_round_trip(state):
    restored, notices = FilterState.from_query_params(state.to_query_params())
    assert restored == state
    assert notices == []


def test_default_state_has_a_clean_url():
    assert FilterState().to_query_params() == {}


def test_query_params_are_compact_and_readable():
    params = FilterState(skin_types=("V", "II"), log_scale=True).to_query_params()
    assert params == {"skin": "II,V", "scale": "log"}


@pytest.mark.parametrize(
    "params, expected, notice",
    [
        ({"skin": "VII"}, FilterState(), "unknown skin type 'VII'"),
        ({"skin": "ii,banana"}, FilterState(skin_types=("II",)), "'banana'"),
        ({"procedure": "laser"}, FilterState(), "unknown procedure 'laser'"),
        ({"scale": "cubic"}, FilterState(), "Ignored scale 'cubic'"),
        ({"colour": "red"}, FilterState(), "unknown link setting 'colour'"),
        ({"skin": ["II", "V"]}, FilterState(skin_types=("V",)), "gives 'skin' 2 times"),
        ({"skin": "I," * 500}, FilterState(), "too long"),
    ],
)
def test_bad_query_params_fall_back_and_are_reported(params, expected, notice):
    state, notices = FilterState.from_query_params(params)
    assert state == expected
    assert any(notice in n for n in notices), notices


def test_describe_names_the_filters_in_force():
    assert describe(FilterState(skin_types=("II", "V"))).startswith("Skin type II, V · ")
    assert describe(FilterState()).startswith("All skin types · Traditional and radiofrequency")
    assert "Severity: Severe" in describe(FilterState(severities=("severe",)))
