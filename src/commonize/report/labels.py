"""Every label of the council report, in Japanese and English: the one translation table.

Domain labels (tracks, gates, forms, readiness, policy clauses, rule reasons) come from the
rule set; the explanation sentences from ``commonize.messages``. This table holds only the
report's own headings and phrases, so templates never carry a word of their own.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # Cover
    "title": {
        "ja": "国・地方デジタル共通基盤 共通化候補の評価結果",
        "en": "National-local digital common infrastructure: evaluation of commonization candidates",
    },
    "subtitle": {
        "ja": "国・地方デジタル共通基盤推進連絡協議会 資料",
        "en": "Material for the National-Local Digital Common Infrastructure Promotion Liaison Council",
    },
    "data_date": {"ja": "データ時点", "en": "Data as of"},
    "date_from_option": {"ja": "(指定日)", "en": "(given date)"},
    "date_from_data": {
        "ja": "(候補データの最新日付)",
        "en": "(latest date in the candidate files)",
    },
    "ruleset": {"ja": "ルールセット", "en": "Rule set"},
    "ruleset_sha": {"ja": "ルールセットのSHA-256", "en": "Rule set SHA-256"},
    "sha": {"ja": "SHA-256", "en": "SHA-256"},
    "tool_version": {"ja": "commonize のバージョン", "en": "commonize version"},
    "n_candidates": {"ja": "候補数", "en": "Candidates"},
    "n_candidates_value": {
        "ja": "{n}件(うち無効 {invalid}件)",
        "en": "{n} ({invalid} invalid)",
    },
    "recommendation_note": {
        "ja": "本資料の結論は推奨であり、各団体は主体的に参加を判断する。",
        "en": "The outcomes are recommendations: each local government decides whether to join.",
    },
    "contents": {"ja": "目次", "en": "Contents"},
    "title_short": {"ja": "共通化候補の評価結果", "en": "Evaluation of commonization candidates"},
    "h_key": {"ja": "主な件数", "en": "Key figures"},
    "item": {"ja": "項目", "en": "Item"},
    "key_provisional": {
        "ja": "要追加調査(取組が未確定)",
        "en": "Needs information (no track yet)",
    },
    "key_borderline": {"ja": "境界事例", "en": "Borderline"},
    "key_decided": {"ja": "協議会で決定済み", "en": "Decided by the council"},
    "key_disagreeing": {"ja": "推奨と異なる決定", "en": "Decisions differing"},
    "key_expired": {"ja": "決定の有効期限切れ", "en": "Decisions expired"},
    "key_past_review": {"ja": "決定の見直し期限超過", "en": "Decisions past review"},
    "needs_information_help": {
        "ja": "不明な指標が判明するまで取組の方向性が定まらない候補。",
        "en": "Candidates whose track depends on indicators still unknown.",
    },
    "oneline_needs_information": {
        "ja": "不明な指標により取組の方向性が未定(可能性: {tracks})",
        "en": "The track depends on unknown indicators (possible: {tracks})",
    },
    # At a glance
    "h_glance": {"ja": "推奨の一覧", "en": "Recommendations at a glance"},
    "glance_standardize": {
        "ja": "標準化法の対象業務であり、標準化を継続する。",
        "en": "Businesses under the standardization act: standardization continues.",
    },
    "see_standardized": {"ja": "→ 標準化対象の業務の一覧", "en": "→ the list of them"},
    "glance_standardize_decided": {
        "ja": "協議会の決定があるもの:",
        "en": "With a council decision:",
    },
    "oneline_commonize": {
        "ja": "三つの基準を全て満たす。{form}・{readiness}",
        "en": "Meets all three criteria: {form}, {readiness}",
    },
    "oneline_form_unknown": {
        "ja": "三つの基準を全て満たすが、形態が未定(解決策の形が不明)",
        "en": "Meets all three criteria; the form is open (the solution shape is unknown)",
    },
    "oneline_conditions": {"ja": "条件: {conditions}", "en": "Conditions: {conditions}"},
    "oneline_failed": {
        "ja": "{gate}が基準に届かない({score}点/基準{threshold}点)",
        "en": "{gate} not met (score {score}, threshold {threshold})",
    },
    "oneline_unknown": {
        "ja": "{gate}は不明な指標があり未確定(確定{minimum}点〜最大{maximum}点/基準{threshold}点)",
        "en": "{gate} is open: unknown indicators (score {minimum} to {maximum}, threshold {threshold})",
    },
    "oneline_standardize": {
        "ja": "標準化対象の20業務({business})",
        "en": "One of the 20 standardized businesses ({business})",
    },
    "none": {"ja": "なし", "en": "none"},
    "list_sep": {"ja": "、", "en": ", "},
    "sentence_sep": {"ja": "。", "en": ". "},
    "by_track": {"ja": "{track}({n}件)", "en": "{track} ({n})"},
    # Summary
    "h_summary": {"ja": "集計", "en": "Summary"},
    "h_tracks": {"ja": "取組の方向性ごとの件数", "en": "Candidates per track"},
    "h_forms": {"ja": "共通化の形態ごとの件数", "en": "Commonized candidates per form"},
    "h_funnel": {"ja": "基準の通過状況(①→②→③)", "en": "Criteria funnel (① → ② → ③)"},
    "funnel_note": {
        "ja": "標準化対象の20業務を除く{n}件が、基準①から順に審査される。前段で停止した候補は次の基準に進まない。",
        "en": "The {n} candidates outside the 20 standardized businesses are examined from "
        "criterion ① on; one that stops at a criterion goes no further.",
    },
    "funnel_reached": {"ja": "審査対象", "en": "Reached"},
    "h_ministries": {"ja": "制度所管府省庁ごとの件数", "en": "Candidates per owning ministry"},
    "form_unknown": {"ja": "形態未定", "en": "Form open"},
    "total": {"ja": "計", "en": "Total"},
    "count": {"ja": "件数", "en": "Count"},
    "track": {"ja": "取組", "en": "Track"},
    "form": {"ja": "形態", "en": "Form"},
    "step": {"ja": "段階", "en": "Step"},
    "ministry": {"ja": "制度所管府省庁", "en": "Owning ministry"},
    # Table of all candidates
    "h_table": {"ja": "全候補の一覧", "en": "All candidates"},
    "id": {"ja": "ID", "en": "ID"},
    "name": {"ja": "名称", "en": "Name"},
    "recommendation": {"ja": "推奨", "en": "Recommendation"},
    "readiness": {"ja": "推進判断", "en": "Readiness"},
    "who_pays": {"ja": "費用負担", "en": "Who pays"},
    "borderline": {"ja": "境界", "en": "Borderline"},
    "borderline_mark": {"ja": "境界", "en": "borderline"},
    "borderline_help": {
        "ja": "閾値・配点を±{pct}%動かすと推奨が変わる({moves})",
        "en": "Moving thresholds or points by ±{pct}% changes the track ({moves})",
    },
    "move_threshold": {"ja": "{gate}の基準 {change}", "en": "{gate} threshold {change}"},
    "move_points": {"ja": "「{reason}」の配点 {change}", "en": "points of “{reason}” {change}"},
    "unknown_indicators": {
        "ja": "結論を変え得る不明な指標",
        "en": "Unknown indicators that could change the outcome",
    },
    "notes": {"ja": "備考", "en": "Notes"},
    "stopped_at": {"ja": "{gate}で停止", "en": "stopped at {gate}"},
    "provisional": {"ja": "暫定", "en": "provisional"},
    "score": {"ja": "点数", "en": "Score"},
    "threshold": {"ja": "基準点", "en": "Threshold"},
    "status": {"ja": "判定", "en": "Status"},
    "status_pass": {"ja": "通過", "en": "pass"},
    "status_fail": {"ja": "未達", "en": "fail"},
    "status_unknown": {"ja": "未確定", "en": "open"},
    "not_examined": {"ja": "未審査", "en": "not examined"},
    "not_examined_short": {"ja": "—", "en": "—"},
    "score_range": {"ja": "{minimum}〜{maximum}", "en": "{minimum} to {maximum}"},
    "legend": {
        "ja": "点数/基準。✓ 通過、✗ 未達、? 不明な指標により未確定(確定点〜最大点)、— 前段で停止したため未審査。",
        "en": "Score/threshold. ✓ pass, ✗ fail, ? open: unknown indicators (known to possible "
        "maximum), — not examined: stopped at an earlier criterion.",
    },
    "table_scope": {
        "ja": "標準化対象の{n}業務は別表。",
        "en": "The {n} standardized businesses are listed separately.",
    },
    "h_standardized": {"ja": "標準化対象の業務", "en": "Standardized businesses"},
    "standardized_note": {
        "ja": "地方公共団体情報システムの標準化に関する法律の対象業務であり、標準化を継続する(共通化の審査の対象外)。",
        "en": "Businesses under the standardization act: standardization continues, and they "
        "are not examined for commonization.",
    },
    # Candidate sections
    "h_candidates": {"ja": "候補ごとの説明", "en": "Each candidate"},
    "file": {"ja": "ファイル", "en": "File"},
    "file_sha": {"ja": "ファイルのSHA-256", "en": "File SHA-256"},
    "no_ministry": {"ja": "(所管府省庁なし)", "en": "(no owning ministry)"},
    "kind": {"ja": "種別", "en": "Kind"},
    "kind_business": {"ja": "業務", "en": "business"},
    "kind_system": {"ja": "システム", "en": "system"},
    "kind_bundle": {"ja": "システム群", "en": "bundle of systems"},
    "figures": {"ja": "数値の出典", "en": "Figures"},
    "figures_public": {"ja": "公表値", "en": "public"},
    "figures_illustrative": {"ja": "例示値(公式統計ではない)", "en": "illustrative (not official)"},
    "figures_mixed": {"ja": "公表値と例示値の混在", "en": "public and illustrative"},
    "as_of": {"ja": "データ時点", "en": "Data as of"},
    "description": {"ja": "概要", "en": "Description"},
    "h_verdict": {"ja": "推奨の理由", "en": "Why this track"},
    "h_gate_chart": {
        "ja": "基準ごとの点数と閾値",
        "en": "Score per criterion against its threshold",
    },
    "h_fired": {"ja": "適用されたルール", "en": "Rules that fired"},
    "h_why_not": {"ja": "他の取組ではない理由", "en": "Why not the other tracks"},
    "h_unknowns": {"ja": "不明な指標", "en": "Unknown indicators"},
    "could_change": {"ja": "結論を変え得る", "en": "could change the outcome"},
    "h_conditions": {"ja": "推進の条件", "en": "Conditions to meet first"},
    "h_sources": {"ja": "根拠資料", "en": "Evidence sources"},
    "h_decision": {"ja": "協議会の決定", "en": "Council decision"},
    "h_decisions": {"ja": "協議会の決定", "en": "Council decisions"},
    "no_decisions": {"ja": "協議会の決定はない。", "en": "No council decisions."},
    "decision_line": {
        "ja": "{meeting}({date}): {track}。理由: {reason}(承認: {approved_by})。",
        "en": "{meeting} ({date}): {track}. Reason: {reason} (approved by {approved_by}).",
    },
    "meeting": {"ja": "会議", "en": "Meeting"},
    "decided_track": {"ja": "決定", "en": "Decision"},
    "approved_by": {"ja": "承認", "en": "Approved by"},
    "review_by": {"ja": "見直し期限", "en": "Review by"},
    "expires": {"ja": "有効期限", "en": "Expires"},
    "agrees": {"ja": "推奨と一致", "en": "agrees"},
    "decided_mark": {"ja": "決定済み", "en": "decided"},
    "decision_in_force": {"ja": "有効", "en": "in force"},
    "untranslated": {"ja": "[英語のみ]", "en": "[Japanese only]"},
    "changed_new": {"ja": "新規", "en": "new"},
    "changed_track": {"ja": "前回: {before}", "en": "before: {before}"},
    "decision_deferred": {"ja": "保留", "en": "deferred"},
    "note_decision": {"ja": "協議会の決定: {track}", "en": "council decided: {track}"},
    "decision_disagrees": {"ja": "推奨と異なる決定", "en": "differs from the recommendation"},
    "decision_expired": {"ja": "有効期限切れ", "en": "expired"},
    "decision_review": {"ja": "見直し期限超過", "en": "past its review date"},
    "gate": {"ja": "基準", "en": "Criterion"},
    "rule": {"ja": "ルール", "en": "Rule"},
    "points": {"ja": "点", "en": "Points"},
    "reason": {"ja": "理由", "en": "Reason"},
    "clause": {"ja": "根拠条項", "en": "Policy clause"},
    "clause_id": {"ja": "根拠条項ID", "en": "Clause id"},
    "source_document": {"ja": "文書", "en": "Document"},
    "source_accessed": {"ja": "参照日", "en": "Accessed"},
    "no_sources": {"ja": "根拠資料の記載なし", "en": "No sources given"},
    "back_to_table": {"ja": "一覧へ戻る", "en": "Back to the table"},
    # Changes since the previous meeting
    "h_changes": {"ja": "前回からの変更", "en": "Changes since the previous meeting"},
    "previous_ruleset": {"ja": "前回のルールセット", "en": "Previous rule set"},
    "ruleset_changed": {"ja": "ルールセットが変更された", "en": "The rule set changed"},
    "ruleset_same": {"ja": "ルールセットは前回と同じ", "en": "The rule set is unchanged"},
    "changed_threshold": {
        "ja": "{gate}の基準点 {before} → {after}",
        "en": "{gate} threshold {before} → {after}",
    },
    "changed_points": {
        "ja": "「{reason}」の配点 {before} → {after}",
        "en": "points of “{reason}” {before} → {after}",
    },
    "h_rule_changes": {"ja": "変更された基準点・配点", "en": "Thresholds and points changed"},
    "h_new": {"ja": "新規の候補", "en": "New candidates"},
    "h_removed": {"ja": "削除された候補", "en": "Removed candidates"},
    "h_track_changes": {"ja": "推奨が変わった候補", "en": "Track changes"},
    "before": {"ja": "前回", "en": "Before"},
    "after": {"ja": "今回", "en": "Now"},
    "cause": {"ja": "変更の原因", "en": "Cause"},
    "score_changes": {"ja": "点数の変化", "en": "Score changes"},
    "cause_rules": {"ja": "ルールセットの変更", "en": "rule set changed"},
    "cause_data": {"ja": "候補データの変更", "en": "candidate data changed"},
    "cause_both": {
        "ja": "ルールセットと候補データの変更",
        "en": "rule set and candidate data changed",
    },
    "cause_rules_maybe_data": {
        "ja": "ルールセットの変更(候補データの変更も判別できない)",
        "en": "rule set changed (a data change cannot be ruled out)",
    },
    "cause_neither": {
        "ja": "ルールセット・候補データとも同じ(プログラムの変更)",
        "en": "neither rule set nor data changed (program change)",
    },
    "no_changes": {"ja": "変更なし", "en": "No changes"},
    # Invalid files and appendix
    "h_invalid": {
        "ja": "読み込めなかった候補ファイル",
        "en": "Candidate files that could not be read",
    },
    "h_appendix": {"ja": "付録", "en": "Appendix"},
    "h_clauses": {"ja": "引用した基本方針の条項", "en": "Policy clauses cited"},
    "h_files": {"ja": "候補ファイル", "en": "Candidate files"},
    "h_thresholds": {"ja": "基準と閾値", "en": "Criteria and thresholds"},
    "max_points": {"ja": "満点", "en": "Maximum"},
    "wrote": {"ja": "{path} を書き出した", "en": "wrote {path}"},
    # Charts
    "chart_tracks": {"ja": "取組の方向性ごとの件数", "en": "Candidates per track"},
    "chart_funnel": {"ja": "基準の通過状況", "en": "Criteria funnel"},
    "chart_gates": {
        "ja": "{name}: 基準ごとの点数と閾値",
        "en": "{name}: scores against thresholds",
    },
    "chart_threshold": {"ja": "基準 {threshold}", "en": "threshold {threshold}"},
    # Spreadsheet sheet names (at most 31 characters, no []:*?/\)
    "sheet_summary": {"ja": "概要", "en": "Summary"},
    "sheet_candidates": {"ja": "候補一覧", "en": "Candidates"},
    "sheet_fired": {"ja": "適用ルール", "en": "Fired rules"},
    "sheet_changes": {"ja": "前回からの変更", "en": "Changes"},
    "sheet_sources": {"ja": "根拠資料", "en": "Sources"},
    "sheet_decisions": {"ja": "協議会の決定", "en": "Decisions"},
    "session": {"ja": "回次", "en": "Session"},
    "meeting_date": {"ja": "開催日", "en": "Meeting date"},
    "document": {"ja": "資料番号", "en": "Document"},
    "decision_status": {"ja": "決定の状態", "en": "Decision status"},
    "changed": {"ja": "前回からの変更", "en": "Changed"},
    "change_kind": {"ja": "種類", "en": "Change"},
    "change_new": {"ja": "新規", "en": "new"},
    "change_rules": {"ja": "基準点・配点の変更", "en": "rule change"},
    "change_removed": {"ja": "削除", "en": "removed"},
    "change_track": {"ja": "推奨の変更", "en": "track change"},
    "url": {"ja": "URL", "en": "URL"},
    "counted": {"ja": "算入", "en": "Counted"},
    "maximum": {"ja": "最大", "en": "maximum"},
    "column_gate": {"ja": "{gate} {what}", "en": "{gate}: {what}"},
    "one_line": {"ja": "理由(要約)", "en": "Reason (short)"},
    "data_changed": {"ja": "候補データの変更", "en": "Data changed"},
    "rules_changed": {"ja": "ルールセットの変更", "en": "Rule set changed"},
    "note": {"ja": "注記", "en": "Note"},
}


class Labels:
    """The table bound to one language; templates call it: ``{{ L("h_table") }}``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **fields: object) -> str:
        text = LABELS[key][self.lang]
        return text.format(**fields) if fields else text
