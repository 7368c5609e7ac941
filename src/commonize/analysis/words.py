"""Rule conditions, values and ranges in plain Japanese and English.

The rule files name fields by dotted path; analysts and councils read words. Each
indicator has a label and a unit here (a test checks every field of the candidate schema
has one); unknown ones fall back to the dotted path, so nothing is ever hidden.
"""

from __future__ import annotations

from typing import Any

from commonize.analysis.regions import Region
from commonize.rules.conditions import Condition, Group, Leaf

# path: (ja, en, unit)
FIELDS: dict[str, tuple[str, str, str]] = {
    "user_needs.users": ("利用者", "users", ""),
    "user_needs.users_per_year": ("年間利用者数", "users a year", "people"),
    "user_needs.citizen_facing": (
        "住民・事業者が直接利用する",
        "the service is citizen-facing",
        "",
    ),
    "user_needs.online_share_pct": (
        "オンラインで完結する手続の割合",
        "share of procedures online",
        "pct",
    ),
    "user_needs.requesting_governments": (
        "共通化を要望する団体数",
        "governments asking for a shared solution",
        "governments",
    ),
    "user_needs.survey_support_pct": ("調査での支持率", "support in a survey", "pct"),
    "user_needs.disaster_relevance": ("災害・有事との関連", "relevance in disasters", ""),
    "user_needs.multi_government_filing": (
        "同じ申請を多数の団体に行う住民・事業者がいる",
        "residents or businesses file the same application with many governments",
        "",
    ),
    "user_needs.priority_dx_project": (
        "国・地方重点DXプロジェクトに指定",
        "designated a national-local priority DX project",
        "",
    ),
    "effect.governments_doing": ("実施団体数", "governments doing the work", "governments"),
    "effect.annual_cost_jpy": ("年間総費用", "total annual cost", "jpy"),
    "effect.annual_staff_hours": ("年間の職員作業時間", "staff hours a year", "hours"),
    "effect.expected_cost_reduction_pct": ("費用削減の見込み", "expected cost reduction", "pct"),
    "effect.expected_staff_hours_reduction_pct": (
        "職員作業時間の削減見込み",
        "expected staff-time reduction",
        "pct",
    ),
    "effect.variation_between_governments": (
        "団体間の業務の差異",
        "variation between governments",
        "",
    ),
    "effect.realtime_data_value": ("リアルタイムデータの価値", "value of near-real-time data", ""),
    "effect.reused_by_services": ("再利用するサービス数", "services that reuse it", "services"),
    "effect.governments_short_of_it_staff": (
        "情報担当職員が少ない・いない団体数",
        "governments with little or no IT staff",
        "governments",
    ),
    "feasibility.national_role": ("国(所管府省庁)の役割", "national government's role", ""),
    "feasibility.legal_change": ("必要な法令改正", "legal change needed", ""),
    "feasibility.responsible_ministry_identified": (
        "責任を持つ府省庁が特定されている",
        "a responsible ministry is identified",
        "",
    ),
    "feasibility.market_products": ("市場の製品数", "products on the market", "products"),
    "feasibility.contracts_end_year": ("既存契約の終了年", "year most contracts end", "year"),
    "feasibility.network_segment": ("データのあるネットワーク", "network segment of the data", ""),
    "feasibility.personal_data": ("個人情報の種類", "personal data handled", ""),
    "feasibility.pilot.status": ("先行実装の状況", "pilot status", ""),
    "feasibility.pilot.result": ("先行実装の結果", "pilot result", ""),
    "feasibility.size_differentiated": (
        "団体規模で必要な機能が異なる",
        "large and small governments need different functions",
        "",
    ),
    "solution.shape": ("解決策の形", "solution shape", ""),
    "solution.general_tool": ("汎用ツールである", "it is a general tool (RPA, business chat…)", ""),
    "solution.joint_procurement_prefectures": (
        "共同調達を行う都道府県数",
        "prefectures procuring jointly",
        "prefectures",
    ),
}

# Yes/no fields read as statements; these are their negations.
NEGATIONS: dict[str, tuple[str, str]] = {
    "user_needs.citizen_facing": (
        "住民・事業者が直接利用しない",
        "the service is not citizen-facing",
    ),
    "feasibility.responsible_ministry_identified": (
        "責任を持つ府省庁が特定されていない",
        "no responsible ministry is identified",
    ),
    "feasibility.size_differentiated": (
        "団体規模で必要な機能に大きな違いはない",
        "large and small governments need the same functions",
    ),
    "solution.general_tool": ("汎用ツールではない", "it is not a general tool"),
    "user_needs.multi_government_filing": (
        "多数の団体に同じ申請を行う利用者はいない",
        "nobody files the same application with many governments",
    ),
    "user_needs.priority_dx_project": (
        "国・地方重点DXプロジェクトではない",
        "not a national-local priority DX project",
    ),
}

# Enum values; "path=value" entries override the plain value where a field reads differently.
VALUES: dict[str, tuple[str, str]] = {
    "none": ("なし", "none"),
    "low": ("小", "low"),
    "medium": ("中", "medium"),
    "high": ("大", "high"),
    "residents": ("住民", "residents"),
    "businesses": ("事業者", "businesses"),
    "residents_and_businesses": ("住民・事業者", "residents and businesses"),
    "staff": ("職員", "staff"),
    "feasibility.legal_change=none": ("不要", "none"),
    "ordinance": ("条例・規則の改正", "ordinances"),
    "national_law": ("国の法令改正", "a national law"),
    "national_law_in_progress": ("国の法令改正(国会審議中)", "a national law, in progress"),
    "national_law_enacted": ("国の法令(成立済み)", "a national law, already enacted"),
    "runs": ("国が整備・運用", "the national government builds and runs it"),
    "decided": ("国が整備を決定", "the national government has decided to build it"),
    "studying": ("国が検討中", "the national government is studying it"),
    "feasibility.national_role=none": ("国の関与なし", "no national role"),
    "individual_number": ("マイナンバー利用事務系", "the individual-number segment"),
    "lgwan": ("LGWAN接続系", "the LGWAN segment"),
    "internet": ("インターネット接続系", "the internet segment"),
    "special_care": ("要配慮個人情報", "special-care information"),
    "planned": ("計画中", "planned"),
    "running": ("実施中", "running"),
    "completed": ("完了", "completed"),
    "success": ("成功", "success"),
    "mixed": ("一部に課題", "mixed"),
    "failure": ("失敗", "failure"),
    "application": ("アプリケーション", "application"),
    "authentication": ("認証", "authentication"),
    "base_registry": ("ベース・レジストリ", "base registry"),
    "data_hub": ("データ連携基盤", "data hub"),
    "cloud": ("クラウド", "cloud"),
    "network": ("ネットワーク", "network"),
}

_UNITS_JA = {
    "people": "人",
    "governments": "団体",
    "hours": "時間",
    "products": "製品",
    "prefectures": "都道府県",
    "services": "サービス",
    "jpy": "円",
    "year": "年",
}
_JA_OPS = {"gt": "超", "gte": "以上", "lt": "未満", "lte": "以下"}
_EN_OPS = {"gt": "more than", "gte": "at least", "lt": "less than", "lte": "at most"}


def label(path: str, lang: str) -> str:
    entry = FIELDS.get(path)
    return (entry[0] if lang == "ja" else entry[1]) if entry else path


def value(path: str, v: Any, lang: str) -> str:
    """A value of ``path`` in words: yes/no, an enum word, or a number with its unit."""
    if v is None:
        return "不明" if lang == "ja" else "unknown"
    if isinstance(v, bool):
        return ("はい" if v else "いいえ") if lang == "ja" else ("yes" if v else "no")
    if isinstance(v, str):
        words = VALUES.get(f"{path}={v}") or VALUES.get(v)
        return (words[0] if lang == "ja" else words[1]) if words else v
    unit = FIELDS.get(path, ("", "", ""))[2]
    return _number_ja(v, unit) if lang == "ja" else _number_en(v, unit)


def _number_en(v: float, unit: str) -> str:
    if unit == "year":
        return str(v)
    text = f"{v:,}"
    if unit == "pct":
        return f"{text}%"
    return f"JPY {text}" if unit == "jpy" else text


def _number_ja(v: float, unit: str) -> str:
    if unit == "pct":
        return f"{v:,}%"
    if unit == "year":
        return f"{v}年"
    text = f"{v:,}"
    for size, word in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        if isinstance(v, int) and v >= size and v % size == 0:
            text = f"{v // size:,}{word}"
            break
    return text + _UNITS_JA.get(unit, "")


def statement(path: str, v: bool, lang: str) -> str:
    """A yes/no field as a statement: "citizen-facing" / "not citizen-facing"."""
    if v:
        return label(path, lang)
    negation = NEGATIONS.get(path)
    if negation:
        return negation[0] if lang == "ja" else negation[1]
    return f"{label(path, lang)}(ではない)" if lang == "ja" else f"not: {label(path, lang)}"


def condition(cond: Condition, lang: str) -> str:
    """A ``when:`` condition as a sentence fragment."""
    if isinstance(cond, Leaf):
        return _leaf(cond, lang)
    parts = [
        f"({condition(c, lang)})" if isinstance(c, Group) else condition(c, lang)
        for c in cond.items
    ]
    if lang == "ja":
        return ("、かつ" if cond.op == "all" else "、または").join(parts)
    return (" and " if cond.op == "all" else " or ").join(parts)


def _leaf(leaf: Leaf, lang: str) -> str:
    name = label(leaf.field, lang)
    if isinstance(leaf.value, bool) and leaf.op in ("eq", "neq"):
        return statement(leaf.field, leaf.value == (leaf.op == "eq"), lang)
    if leaf.op == "in":
        words = [value(leaf.field, v, lang) for v in leaf.value]
        if lang == "ja":
            return f"{name}が{'・'.join(words)}のいずれか"
        return f"{name}: {' or '.join(words)}"
    shown = value(leaf.field, leaf.value, lang)
    if lang == "ja":
        if leaf.op == "eq":
            return f"{name}が{shown}"
        if leaf.op == "neq":
            return f"{name}が{shown}以外"
        return f"{name}が{shown}{_JA_OPS[leaf.op]}"
    if leaf.op in _EN_OPS:
        return f"{name}: {_EN_OPS[leaf.op]} {shown}"
    return f"{name}: {shown}" if leaf.op == "eq" else f"{name}: not {shown}"


_SYMBOLS = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


def formal(cond: Condition) -> str:
    """The condition as the rule file states it, compactly: ``effect.governments_doing ≥ 1000``."""
    if isinstance(cond, Group):
        parts = [f"({formal(c)})" if isinstance(c, Group) else formal(c) for c in cond.items]
        return (" and " if cond.op == "all" else " or ").join(parts)
    if cond.op == "in":
        return f"{cond.field} in [{', '.join(_raw(v) for v in cond.value)}]"
    return f"{cond.field} {_SYMBOLS[cond.op]} {_raw(cond.value)}"


def _raw(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def span(path: str, region: Region, lang: str) -> str:
    """The values of a region: "at least 20%", "1,000以上1,700未満", "high"."""
    if not region.numeric:
        return value(path, region.example, lang)
    if region.low is not None and region.low == region.high:
        return value(path, region.low, lang)
    parts = []
    if region.low is not None and not _is_range_end(path, region.low, "min"):
        parts.append(("gte" if region.low_closed else "gt", region.low))
    if region.high is not None and not _is_range_end(path, region.high, "max"):
        parts.append(("lte" if region.high_closed else "lt", region.high))
    if not parts:
        return "任意の値" if lang == "ja" else "any value"
    if lang == "ja":
        return "".join(f"{value(path, v, lang)}{_JA_OPS[op]}" for op, v in parts)
    return " and ".join(f"{_EN_OPS[op]} {value(path, v, lang)}" for op, v in parts)


def _is_range_end(path: str, v: float, end: str) -> bool:
    from commonize.fields import catalogue

    spec = catalogue()[path]
    return v == (spec.minimum if end == "min" else spec.maximum)
