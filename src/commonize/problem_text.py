"""A problem with an input file, in the reader's language.

Problems are made in English where they are found (the loader, the checks) and kept so in
results, the cache and JSON, which programs read. A human-readable format shows them in
``--lang``: each English sentence the program writes has its Japanese here, matched as a
whole with its variable parts (a key, a number) carried over. A sentence without a match
stays English, which the tests forbid for every example file (``tests/examples``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commonize.errors import Problem

_Q = r"('[^']*'|\"[^\"]*\")"  # a quoted value, as repr() writes it
_N = r"(-?[\d.,]+)"

# (English, as a whole-sentence pattern) -> Japanese with the groups as {0}, {1}, …
_JA: list[tuple[str, str]] = [
    # messages
    (r"unknown key", "不明なキー"),
    (r"required key is missing", "必須のキーがない"),
    (r"Input should be a valid integer", "整数を書く"),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        "整数を書く(小数は不可)",
    ),
    (r"Input should be a valid number", "数値を書く"),
    (r"Input should be a valid number, or one of ([\w, ]+)", "数値か、次の水準の語を書く: {0}"),
    (
        r"Input should be a number, a level word, or \{value: \.\.\., source: \.\.\.\}",
        "数値、水準の語、または {{value: ..., source: ...}} を書く",
    ),
    (r"give exactly one of 'value' and 'level'", "value と level のどちらか一方だけを書く"),
    (r"Input should be a finite number", "有限の数値を書く(NaN・無限大は不可)"),
    (r"Input should be a valid string", "文字列を書く"),
    (r"Input should be a valid boolean", "true か false を書く"),
    (r"Input should be a valid date", "日付を書く"),
    (r"Input should be a valid list", "リストを書く"),
    (r"Input should be greater than or equal to " + _N, "{0}以上の値を書く"),
    (r"Input should be less than or equal to " + _N, "{0}以下の値を書く"),
    (r"Input should be greater than " + _N, "{0}より大きい値を書く"),
    (r"Input should be less than " + _N, "{0}より小さい値を書く"),
    (r"Input should be ((?:'[^']*'(?:, | or )?)+)", "{0} のいずれかを書く"),
    (
        r"List should have at most (\d+) items? after validation, not (\d+)",
        "要素は{0}個まで(現在 {1}個)",
    ),
    (
        r"List should have at least (\d+) items? after validation, not (\d+)",
        "要素は{0}個以上(現在 {1}個)",
    ),
    (r"String should have at most (\d+) characters?", "{0}文字以内で書く"),
    (r"String should have at least (\d+) characters?", "{0}文字以上で書く"),
    (r"expected a mapping of keys, found (.+)", "キーと値の組(マッピング)を書く(現在: {0})"),
    (
        r"expected a mapping of keys at the top, found (.+)",
        "最上位はキーと値の組(マッピング)にする(現在: {0})",
    ),
    (
        r"write the keys under it, one a line, e\.g\. ja: … and en: …",
        "その下にキーを1行に一つずつ書く(例: ja: … と en: …)",
    ),
    (r"not a valid id", "IDとして使えない"),
    (r"not a web address", "ウェブアドレスではない"),
    (
        r"contains control characters or right-to-left marks",
        "制御文字または書字方向を変える文字を含む",
    ),
    (
        _Q + r" is not one of the 20 standardized businesses",
        "{0} は標準化対象の20業務のいずれでもない",
    ),
    (r"file is empty \(or holds only comments\)", "ファイルが空(またはコメントのみ)"),
    (r"YAML tag " + _Q + r" is not allowed", "YAMLタグ {0} は使えない"),
    (r"YAML merge keys \(<<\) are not allowed", "YAMLのマージキー(<<)は使えない"),
    (
        r"duplicate key " + _Q + r" \(first at line (\d+)\)",
        "キー {0} が重複している(最初は{1}行目)",
    ),
    (r"nesting deeper than (\d+) levels", "入れ子が{0}段を超える"),
    (r"more than (\d+) YAML aliases", "YAMLのエイリアスが{0}個を超える"),
    (
        r"file holds several YAML documents; put one candidate in each file",
        "ファイルに複数のYAML文書がある。1ファイルに1候補を書く",
    ),
    (r"id " + _Q + r" is already used by (.+)", "ID {0} は {1} で既に使われている"),
    (r"file is UTF-16; save it as UTF-8", "ファイルがUTF-16。UTF-8で保存する"),
    (r"file is not valid UTF-8", "UTF-8として読めない"),
    (r"file contains NUL bytes: it is binary, not YAML", "NULバイトを含む(YAMLではなくバイナリ)"),
    (r"YAML syntax error: (.+)", "YAMLの構文エラー: {0}"),
    (r"cannot read file: (.+)", "ファイルを読めない: {0}"),
    (r"a mapping key must be a plain scalar", "マッピングのキーは単純な値にする"),
    (r"key " + _Q + r" is not text", "キー {0} が文字列ではない"),
    (r"cannot read (.+) as (.+)", "{0} を {1} として読めない"),
    (
        r"(expires|review_by) (\S+) is before the meeting of (\S+)",
        "{0} の {1} が会議の日({2})より前",
    ),
    (
        r"only the 20 businesses of the standardization act can be decided 'standardize'",
        "'standardize' と決定できるのは標準化法の20業務だけ",
    ),
    (
        r"the council cannot decide 'commonize': rule (\S+) fired and is not waivable",
        "'commonize' とは決定できない: 免除できないルール {0} が適用された",
    ),
    # hints
    (r"did you mean " + _Q + r"\?", "{0} の誤りでは?"),
    (r"remove it or check the spelling", "削除するか、綴りを確認する"),
    (r"add it", "追加する"),
    (r"remove it", "削除する"),
    (r"remove the tag", "タグを削除する"),
    (r"write the keys out", "キーを展開して書く"),
    (r"quote the key", "キーを引用符で囲む"),
    (r"save it as UTF-8", "UTF-8で保存する"),
    (
        r"YAML reads yes/no/on/off/true/false as booleans; quote the text",
        "YAMLは yes/no/on/off/true/false を真偽値として読む。文字列は引用符で囲む",
    ),
    (
        r"write a plain number without quotes, commas or full-width digits: (.+)",
        "引用符・カンマ・全角数字を使わずに数値を書く: {0}",
    ),
    (r"write a plain number", "数値をそのまま書く"),
    (r"write the date as YYYY-MM-DD, e\.g\. (.+)", "日付は YYYY-MM-DD の形で書く(例: {0})"),
    (r"write the date as YYYY-MM-DD", "日付は YYYY-MM-DD の形で書く"),
    (
        r"use lowercase letters, digits, '-' and '_', e\.g\. (.+)",
        "英小文字・数字・'-'・'_' を使う(例: {0})",
    ),
    (
        r"write a full http:// or https:// address",
        "http:// か https:// で始まる完全なアドレスを書く",
    ),
    (
        r"remove invisible characters: they make text read differently from what is stored",
        "見えない文字を削除する(保存された内容と違って読めてしまう)",
    ),
    (
        r"a decision cannot lapse before it is taken: check both dates",
        "決定は会議より前に失効できない。両方の日付を確認する",
    ),
    (
        r"choose commonize, joint_procurement or deferred",
        "commonize・joint_procurement・deferred から選ぶ",
    ),
    (r"see (.+)", "{0} を参照"),
    (r"ids must be unique across the batch", "IDは一度に評価する候補の中で一意にする"),
]


@cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    # On first use: most runs have no problem to put in Japanese, and compiling all of these
    # was a tenth of what `commonize validate one.yaml` spends importing our modules.
    return [(re.compile(en + r"\Z"), ja) for en, ja in _JA]


def translate(text: str, lang: str) -> str:
    """``text`` in ``lang``; an English sentence without a Japanese entry stays as it is."""
    if lang != "ja":
        return text
    found = japanese(text)
    return text if found is None else found


def japanese(text: str) -> str | None:
    for pattern, ja in _compiled():
        m = pattern.match(text)
        if m:
            return ja.format(*(_values(g) for g in m.groups()))
    return None


def _values(group: str) -> str:
    """``'a', 'b' or 'c'`` (pydantic's list of allowed values) as ``'a'・'b'・'c'``."""
    if re.fullmatch(r"'[^']*'(?:(?:, | or )'[^']*')+", group):
        return "・".join(re.findall(r"'[^']*'", group))
    return _WORDS.get(group, group)


# What the loader says a value is (``loader._found``) and what it cannot read it as.
_WORDS = {
    "nothing": "空",
    "text": "文字列",
    "a list": "リスト",
    "a mapping": "マッピング",
    "a number": "数値",
    "true or false": "真偽値",
    "a date": "日付",
}


def problem_text(p: Problem, lang: str) -> str:
    """``file:line:column: field: message (hint)``, the message and hint in ``lang``."""
    message, hint = translate(p.message, lang), p.hint and translate(p.hint, lang)
    what = f"{p.field}: {message}" if p.field else message
    if not hint:
        return f"{p.location}: {what}"
    return f"{p.location}: {what}" + (f"({hint})" if lang == "ja" else f" ({hint})")
