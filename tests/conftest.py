from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commonize.api import default_rules_dir, load_rules
from commonize.rules.compiler import CompiledRuleset

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "candidates"
EXAMPLES = Path(__file__).resolve().parent / "examples"
# The installed console script, next to this interpreter: what a user runs.
EXE = shutil.which("commonize", path=str(Path(sys.executable).parent)) or "commonize"


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the installed ``commonize`` as a user would, end to end.

    Settings of the test run itself (COMMONIZE_*, GITHUB_* under Actions, LC_ALL, NO_COLOR)
    do not leak in; UTF-8 and 140 columns unless ``env`` says otherwise.
    """
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMMONIZE_", "GITHUB_")) and k not in ("LC_ALL", "NO_COLOR")
    }
    return subprocess.run(
        [EXE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**inherited, "LANG": "C.UTF-8", "COLUMNS": "140", **(env or {})},
        timeout=120,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


# --- the fast subset and the parallel run ---------------------------------------------------
# `pytest -m "not slow"` is the fast subset: every area (loader, rules, engine, CLI in process
# and installed, renderers, analyses) keeps quick tests there. Marked slow here: what runs a
# browser, builds a wheel, runs the README or pre-commit, generates many examples, lints or
# analyses the rule set again and again, or starts the installed CLI several times; about
# 1 s or more each on 2 cores. The marks live in this one table, not in the test files, so
# that tests can be moved and edited without touching them; a name that no longer matches
# only makes the fast subset slower (`pytest --durations=30 -m "not slow"` shows the cost).
ALL = frozenset({"*"})
SLOW: dict[str, frozenset[str]] = {
    "test_readme.py": ALL,  # the README's commands in a fresh clone
    "test_report_print.py": ALL,  # the report printed to PDF in Chromium
    "test_precommit.py": ALL,  # pre-commit on a repository
    "test_wheel.py": ALL,  # builds the wheel
    "test_analysis_e2e.py": ALL,  # one threshold change through test, lint and diff
    "test_lint_properties.py": ALL,  # lints random rule sets
    "test_agreement.py": frozenset({"test_cli_table_json_and_set"}),
    "test_ci_e2e.py": frozenset(
        {
            "test_exit_codes_follow_the_documented_matrix",
            "test_fail_on_track_change_fails_the_flipped_candidate_too",
            "test_one_run_reports_a_pull_request_in_every_format",
        }
    ),
    "test_cli.py": frozenset(
        {
            "test_sensitivity_flags_borderline_candidates_in_outputs",
            "test_output_is_byte_identical_and_order_independent",
            "test_explain_whatif_lists_changes",
            "test_set_override_changes_outcome",
            "test_usage_errors_exit_2",
        }
    ),
    "test_config.py": frozenset({"test_flags_beat_variables_beat_file_end_to_end"}),
    "test_conventions.py": frozenset(
        {
            "test_markdown_has_one_name_and_md_means_the_same",
            "test_an_empty_candidates_folder_says_so",
            "test_report_takes_markdown_and_md",
        }
    ),
    "test_decisions.py": frozenset(
        {
            "test_a_decision_that_lapses_before_its_meeting_is_an_error",
            "test_both_tracks_in_every_output",
            "test_expired_decision_warns_and_fails_under_fail_on_expired",
            "test_record_option_writes_verifiable_records",
            "test_today_must_be_a_date",
            "test_verify_record_cli_exit_codes",
        }
    ),
    "test_diff.py": frozenset(
        {
            "test_every_format",
            "test_a_broken_new_rule_set_exits_3",
            "test_a_raised_threshold_moves_exactly_the_candidates_it_should",
            "test_exit_code_option",
            "test_points_and_condition_changes_are_explained_per_candidate",
            "test_results_files_give_the_same_diff",
        }
    ),
    "test_fail_reasons.py": frozenset({"test_a_passing_run_says_nothing"}),
    "test_formats_progress.py": frozenset(
        {"test_progress_on_a_terminal_stderr_leaves_stdout_clean"}
    ),
    "test_gitrev.py": frozenset(
        {
            "test_rules_ref_compares_the_working_rules_with_a_revision",
            "test_rules_ref_mistakes_are_usage_errors",
        }
    ),
    "test_lint.py": frozenset(  # all but two quick ones
        {
            "test_unreachable_threshold",
            "test_duplicate_and_equivalent_conditions",
            "test_the_shipped_rule_set_is_clean",
            "test_cli_exit_codes_and_json",
            "test_threshold_every_candidate_passes",
            "test_texts_in_both_languages",
            "test_reachable_only_by_the_exact_maximum_is_fine",
            "test_rules_that_cannot_matter",
            "test_no_forbidding_rule_ever_leaves_commonization_open",
            "test_clause_texts_are_checked_too",
        }
    ),
    "test_loader_properties.py": frozenset(
        {"test_valid_candidates_always_evaluate", "test_valid_candidates_round_trip"}
    ),
    "test_oracle.py": frozenset({"test_generated_candidates_agree"}),  # 2,000 candidates
    "test_pipeline.py": frozenset(
        {
            "test_jobs_give_identical_results_in_order",
            "test_jobs_give_byte_identical_outputs_in_every_format",
            "test_cached_json_lines_are_byte_identical",
            "test_second_run_comes_from_the_cache",
        }
    ),
    "test_problem_words.py": frozenset({"test_no_pydantic_internals_in_either_language"}),
    "test_report.py": frozenset(
        {
            "test_xlsx_is_byte_identical_across_runs",
            "test_xlsx_reads_back_with_the_right_counts",
            "test_sensitivity_option_marks_borderline_candidates",
            "test_previous_with_a_changed_threshold_shows_rule_set_changes",
            "test_a_result_without_a_track_is_shown_as_needing_information",
            "test_borderline_marker_in_every_format",
            "test_council_decisions_are_shown_next_to_the_recommendation",
            "test_no_borderline_column_without_sensitivity",
            "test_templates_ship_in_the_wheel",
        }
    ),
    "test_report_html.py": frozenset({"test_report_in_headless_chromium"}),
    "test_robustness.py": frozenset(
        {
            "test_item3_dash_is_standard_output",
            "test_item4_fifo_in_candidates_and_gates_does_not_hang",
            "test_item7_runs_with_other_dates_do_not_wipe_each_other",
            "test_item8_a_very_deep_tree_is_walked_not_a_crash",
            "test_item9_a_forged_rules_folder_in_the_record_is_not_trusted",
            "test_item9_set_overrides_are_stored_and_verify",
            "test_item13_a_closed_pipe_keeps_the_real_exit_code",
            "test_item13_sigterm_cleans_temporary_files_without_a_traceback",
        }
    ),
    "test_robustness_properties.py": frozenset(
        {
            "test_a_tampered_cache_entry_never_changes_a_result",
            "test_a_damaged_record_is_a_usage_error_or_a_verdict",
        }
    ),
    "test_rulebook.py": frozenset(
        {
            "test_doc_command_writes_a_file",
            "test_committed_rulebook_is_up_to_date",
            "test_markdown_cells_cannot_break_the_table",
            "test_html_escapes_every_rule_text",
            "test_rulebook_names_every_rule_with_its_condition_points_and_clause",
        }
    ),
    "test_safety.py": frozenset(
        {
            "test_file_order_does_not_matter",
            "test_same_bytes_whatever_the_locale_and_time_zone",
        }
    ),
    "test_sensitivity.py": frozenset(
        {
            "test_joint_samples_are_reproducible_with_a_seed",
            "test_every_reported_move_replays_with_set_overrides",
            "test_every_result_is_annotated_and_standardized_ones_never_move",
        }
    ),
    "test_startup.py": frozenset(
        {
            "test_fast_path_broken_pipe_is_quiet_like_typer",
            "test_fast_path_errors_on_odd_encodings_like_typer",
        }
    ),
    "test_undetermined.py": frozenset(
        {
            "test_a_definite_stop_is_still_not_met",
            "test_explain_says_undetermined",
            "test_whatif_now_line_says_undetermined",
        }
    ),
    "test_validate_stream.py": frozenset({"test_streaming_renderers_keep_no_valid_result"}),
    "test_whatif.py": frozenset(
        {
            "test_cli_text_json_and_errors",
            "test_every_change_on_every_shipped_candidate_is_real_and_nearest",
        }
    ),
}
# Parametrized tests that start the CLI once per parameter set: the first set stays in the
# fast subset as the quick representative, the others are slow.
SLOW_BUT_FIRST: dict[str, frozenset[str]] = {
    "test_conventions.py": frozenset({"test_a_missing_rules_directory_is_a_usage_error"}),
    "test_fail_reasons.py": frozenset({"test_fail_on_says_what_failed_for_which_candidate"}),
    "test_report.py": frozenset({"test_one_command_per_format_for_the_shipped_candidates"}),
    "test_robustness.py": frozenset(
        {
            "test_item2_non_utf8_file_name_is_one_error_result",
            "test_item3_cli_refuses_a_fifo_target",
            "test_item5_too_many_alternatives_is_exit_3_at_the_rule",
            "test_item9_a_malformed_record_is_a_usage_error",
            "test_item12_any_stdout_encoding_writes_without_a_traceback",
            "test_item14_hostile_json_inputs_are_usage_errors",
        }
    ),
    "test_startup.py": frozenset({"test_fast_path_reads_the_same_settings"}),
    "test_table.py": frozenset({"test_colour_follows_the_flag_then_no_color_and_force_color"}),
}
# Modules whose module-scoped fixtures are costly (a clone that runs the README, a printed
# PDF, a built wheel, a sensitivity analysis) run on one xdist worker, so they are built once.
ONE_WORKER = frozenset(
    {
        "test_readme.py",
        "test_report_print.py",
        "test_wheel.py",
        "test_sensitivity.py",
        "test_agreement.py",
    }
)


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    seen: set[str] = set()
    for item in items:
        module = item.path.name
        test = item.nodeid.split("::", 1)[-1].split("[", 1)[0]
        first = f"{module}::{test}" not in seen
        seen.add(f"{module}::{test}")
        slow = SLOW.get(module, frozenset())
        if slow is ALL or test in slow or (test in SLOW_BUT_FIRST.get(module, ()) and not first):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Under ``--dist loadgroup`` (addopts): tests one by one, the ONE_WORKER modules whole.

    xdist's own ``xdist_group`` mark cannot do it: xdist 3.8 renames the node id through
    ``item._nodeid``, which pytest 9.2 no longer reads, so the groups were silently lost.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling  # why: only xdist's controller needs it

    class CostlyModulesOnOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
            return module if module in ONE_WORKER else nodeid

    return CostlyModulesOnOneWorker(config, log)


@pytest.fixture(scope="session")
def compiled() -> CompiledRuleset:
    return load_rules()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped rule set."""
    dest = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dest)
    return dest


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def minimal(**overrides: object) -> dict:
    """A valid candidate as plain data, every indicator unknown unless overridden."""
    data: dict = {
        "schema_version": 1,
        "id": "sample",
        "kind": "system",
        "name": {"ja": "サンプル", "en": "Sample"},
        "ministry": "総務省",
        "description": "A test candidate.",
        "figures": "illustrative",
    }
    data.update(overrides)
    return data


def strong(**sections: dict) -> dict:
    """A candidate that passes every gate of the shipped rules with 'go' as a common SaaS."""
    base = minimal(
        id="strong",
        user_needs={
            "users": "residents",
            "users_per_year": 5_000_000,
            "citizen_facing": True,
            "online_share_pct": 20,
            "requesting_governments": 300,
            "survey_support_pct": 70,
            "disaster_relevance": "none",
            "multi_government_filing": False,
            "priority_dx_project": False,
        },
        effect={
            "governments_doing": 1788,
            "annual_cost_jpy": 30_000_000_000,
            "annual_staff_hours": 2_000_000,
            "expected_cost_reduction_pct": 25,
            "expected_staff_hours_reduction_pct": 30,
            "variation_between_governments": "low",
            "realtime_data_value": "low",
            "reused_by_services": 1,
            "governments_short_of_it_staff": 0,
        },
        feasibility={
            "legal_change": "none",
            "national_role": "none",
            "responsible_ministry_identified": True,
            "market_products": 4,
            "contracts_end_year": 2027,
            "network_segment": "internet",
            "personal_data": "low",
            "pilot": {"status": "completed", "result": "success"},
            "size_differentiated": False,
        },
        solution={
            "shape": "application",
            "general_tool": False,
            "joint_procurement_prefectures": 2,
        },
    )
    for key, values in sections.items():
        if isinstance(values, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **values}
        else:
            base[key] = values
    return base
