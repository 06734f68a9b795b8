"""Pinyin search keys, so that typing `zs` or `zhang` on a phone finds 张三."""

from pypinyin import Style, lazy_pinyin, pinyin


def search_key(name):
    """Full pinyin and initials of a name, for every reading of the surname.

    Surnames are where readings differ from everyday words (曾 is zeng, 单 is
    shan), so each reading of the first character is kept; the rest of the
    name takes its usual reading. '张三' → 'zhangsan zs'.
    """
    name = "".join((name or "").split())
    if not name:
        return ""
    rest = lazy_pinyin(name[1:], errors="default")
    keys = []
    for first in pinyin(name[0], heteronym=True, style=Style.NORMAL, errors="default")[0][:3]:
        syllables = [first, *rest]
        for key in ("".join(syllables), "".join(s[0] for s in syllables if s)):
            if key and key not in keys:
                keys.append(key)
    return " ".join(keys).lower()
