"""Every user-facing sentence of the program, in Japanese and English.

Domain labels (tracks, gates, forms, clauses, reasons) live in the rule set; this table
holds only the program's own phrasing. Templates use ``str.format`` fields.
"""

from __future__ import annotations

import os

LANGS = ("ja", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "is_standardized": {
        "ja": "標準化対象の20業務の一つ({business})であり、標準化に引き続き注力する",
        "en": "It is one of the 20 standardized businesses ({business}); standardization continues",
    },
    "not_standardized": {
        "ja": "標準化対象の20業務ではない",
        "en": "It is not one of the 20 standardized businesses",
    },
    "standardize_first": {
        "ja": "20業務は標準化を優先するため、共通化・共同調達の判定は行わない",
        "en": "The 20 businesses are standardized first, so commonization is not assessed",
    },
    "gate_passed": {
        "ja": "{gate}: {score}点(基準 {threshold}点)で基準を満たす",
        "en": "{gate}: {score_points} against a threshold of {threshold}: met",
    },
    "gate_failed": {
        "ja": "{gate}: {score}点で基準 {threshold}点に届かない",
        "en": "{gate}: {score_points}, short of the threshold of {threshold}",
    },
    "gate_unknown": {
        "ja": "{gate}: 未確定。{minimum}点〜{maximum}点(基準 {threshold}点)で、不明な指標があり判定を保留",
        "en": "{gate}: undetermined, between {minimum} and {maximum} points "
        "(threshold {threshold}); unknown indicators leave it open",
    },
    "not_examined": {
        "ja": "{gate}: 前段の基準で止まったため検討していない",
        "en": "{gate}: not examined, the candidate stopped at an earlier criterion",
    },
    "not_met": {
        "ja": "満たさない: {reason}",
        "en": "Not met: {reason}",
    },
    "unknown_rule": {
        "ja": "不明({fields}): {reason}",
        "en": "Unknown ({fields}): {reason}",
    },
    "form": {
        "ja": "形態: {form}。{payer}",
        "en": "Form: {form}. {payer}",
    },
    "form_unknown": {
        "ja": "形態を決められない: solution.shape が不明",
        "en": "The form cannot be chosen: solution.shape is unknown",
    },
    "readiness_go": {
        "ja": "推進: 満たすべき条件はない",
        "en": "Go: no conditions to meet",
    },
    "condition": {
        "ja": "条件: {condition}",
        "en": "Condition: {condition}",
    },
    "meets_all": {
        "ja": "三つの基準を全て満たすため、共同調達ではなく共通化を推奨する",
        "en": "It meets all three criteria, so commonization is recommended over joint procurement",
    },
    "undetermined_jp": {
        "ja": "{gate}が未確定(不明な指標があり判定を保留)のため、現時点では都道府県の共同調達による横展開を推奨する",
        "en": "{gate} is undetermined (unknown indicators leave it open), so for now horizontal "
        "roll-out through prefectural joint procurement is recommended",
    },
    "stopped_jp": {
        "ja": "{gate}で基準を満たさないため、都道府県の共同調達による横展開を推奨する",
        "en": "It does not meet {gate}, so horizontal roll-out through prefectural joint procurement is recommended",
    },
    "needs_info": {
        "ja": "不明な指標によって{tracks}のいずれにもなり得るため、取組を決めずに追加調査を求める(要追加調査)",
        "en": "Unknown indicators leave it between {tracks}: no track is recommended until they are known (needs information)",
    },
    "find_out_first": {
        "ja": "先に調べる指標(結論を動かす点数の大きい順): {fields}",
        "en": "Find out first (by the points each can still move): {fields}",
    },
    "still_possible": {
        "ja": "不明な指標次第でこの取組にもなり得る",
        "en": "Still possible, depending on the unknown indicators",
    },
    "blocked": {
        "ja": "共通化できないルール「{reason}」に該当する(免除不可)",
        "en": "A rule that rules out commonization applies (not waivable): {reason}",
    },
    "already_shared": {
        "ja": "既に実質的に共通化されている(都道府県の共同調達を推奨): {reason}",
        "en": "Already shared in effect, so joint procurement is recommended: {reason}",
    },
    "feasibility_outcome": {
        "ja": "実現可能性調査の結論: {outcome}",
        "en": "Feasibility study outcome: {outcome}",
    },
    "provisional": {
        "ja": "不明な指標が判明すれば結論が変わり得る(暫定)",
        "en": "Provisional: the unknown indicators could change this outcome",
    },
    "voluntary": {
        "ja": "推奨であり、各団体は主体的に参加を判断する",
        "en": "This is a recommendation: each local government decides whether to join",
    },
    # Labels of the program's own output.
    "h_id": {"ja": "ID", "en": "ID"},
    "h_name": {"ja": "名称", "en": "Name"},
    "h_track": {"ja": "推奨", "en": "Track"},
    "h_form": {"ja": "形態", "en": "Form"},
    "h_note": {"ja": "備考", "en": "Notes"},
    "h_recommendation": {"ja": "推奨", "en": "Recommendation"},
    "h_gates": {"ja": "基準の判定", "en": "Criteria"},
    "h_fired": {"ja": "適用されたルール", "en": "Rules that fired"},
    "h_why_not": {"ja": "他の取組ではない理由", "en": "Why not the other tracks"},
    "h_unknown": {
        "ja": "結論を変え得る不明な指標",
        "en": "Unknown indicators that could change the outcome",
    },
    "h_problems": {"ja": "エラー", "en": "Errors"},
    "note_stopped": {"ja": "{gate}で停止", "en": "stopped at {gate}"},
    "note_undetermined": {"ja": "{gate}が未確定", "en": "{gate} undetermined"},
    "note_provisional": {"ja": "暫定(不明 {n})", "en": "provisional ({n} unknown)"},
    "note_already_shared": {"ja": "既に共同化が進む: {rules}", "en": "already shared: {rules}"},
    "note_ruled_out": {"ja": "共通化不可の規則: {rules}", "en": "ruled out by {rules}"},
    "note_open_at": {"ja": "{gate}が未確定", "en": "{gate} undetermined"},
    "note_possible": {"ja": "取りうる取組: {tracks}", "en": "could end on: {tracks}"},
    "note_find_out": {"ja": "先に調べる: {fields}", "en": "find out first: {fields}"},
    "invalid": {"ja": "無効", "en": "invalid"},
    "under_study": {"ja": "検討中", "en": "Under study"},
    # A status in the track column until the rule set's catalogue labels it (track_label).
    "needs_information": {"ja": "要情報", "en": "Needs information"},
    # Items are separated by two spaces: the table wraps the legend between items only.
    "legend": {
        "ja": "{gates}(≥ 基準点で充足)  ✓ 充足  ✗ 不充足  ? 未確定(不明な指標による最小~最大)"
        "  (6) 未検討  ≠ 会議の決定が推奨と異なる  詳細は --explain",
        "en": "{gates} (≥ threshold to meet)  ✓ met  ✗ not met"
        "  ? undetermined (lowest~highest with the unknown indicators)  (6) not examined"
        "  ≠ the council decided otherwise  details: --explain",
    },
    "deferred": {"ja": "保留", "en": "Deferred"},
    "h_decision": {"ja": "会議の決定", "en": "Council decision"},
    "decision_line": {
        "ja": "{decided}({date} {meeting}、承認: {approved_by})。理由: {reason}",
        "en": "{decided} ({meeting}, {date}; approved by {approved_by}). Reason: {reason}",
    },
    "decision_differs": {"ja": "推奨と異なる", "en": "differs from the recommendation"},
    "decision_expired": {"ja": "期限切れ({date})", "en": "expired on {date}"},
    "decision_review": {"ja": "見直し期限超過({date})", "en": "past its review date ({date})"},
    "note_decided": {"ja": "決定: {decided}", "en": "decided: {decided}"},
    "summary": {
        "ja": "{n}件を評価: {counts}。無効 {invalid}件",
        "en": "{n_candidates} evaluated: {counts}. {invalid} invalid",
    },
    "validated": {
        "ja": "{n}件を検証: 有効 {ok}件、無効 {invalid}件",
        "en": "{n_files} validated: {ok} valid, {invalid} invalid",
    },
    "no_candidates": {
        "ja": "警告: {paths} に候補ファイル(*.yaml, *.yml)がない。何も評価していない",
        "en": "warning: no candidate files (*.yaml, *.yml) in {paths}: nothing was evaluated",
    },
    "failed_head": {
        "ja": "失敗(終了コード 1): 次の{n}件による",
        "en": "failed (exit code 1) because of {n_findings}:",
    },
    "failed_invalid": {
        "ja": "無効なファイル(問題 {n}件、出力に記載)",
        "en": "invalid file ({n_problems}, listed in the output)",
    },
    "failed_more": {"ja": "  …ほか{n}件", "en": "  … and {n} more"},
    "clause": {"ja": "根拠", "en": "Clause"},
    "points": {"ja": "点", "en": "pt"},
}


def count(n: int | float, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``: an English count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def t(key: str, lang: str, **fields: object) -> str:
    return MESSAGES[key][lang].format(**fields)


def both(key: str, **fields: object) -> dict[str, str]:
    return {lang: MESSAGES[key][lang].format(**fields) for lang in LANGS}


def default_lang() -> str:
    """Japanese when the locale says so, else English (override with --lang)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    import locale  # only when no variable says: every run asks, few need it

    loc = locale.getlocale()[0] or ""
    return "ja" if loc.lower().startswith("ja") else "en"
