"""Which encoding a CSV file is in, worked out from its bytes and its header.

Excel saves CSV in the computer's own encoding: GB18030 on a mainland Windows,
Big5 on a Taiwanese or Hong Kong one, Shift-JIS on a Japanese one. GB18030
decodes almost any bytes, so a Big5 file read as GB18030 comes out as
mojibake instead of failing. So each candidate is tried in turn and the first
whose first lines hold a header the import knows wins; a file none of them
makes sense of, but that reads cleanly in Big5 or Shift-JIS, is refused with
a message naming that encoding, never imported as mojibake.
"""

from django.utils.translation import gettext as _

from villages.imports.refusal import FileRefused

# Tried in this order: the common case first, so a GB18030 file never picks another.
CANDIDATES = ("utf-8-sig", "gb18030", "big5", "shift_jis")
# Named for the user when a file reads only in one of these.
FOREIGN = {"big5": "Big5", "shift_jis": "Shift-JIS"}
HEAD_LINES = 8


def decode(data, is_header):
    """The file's text; ``is_header(cell)`` says whether a cell names a column of the import."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        texts = {"utf-16": _try(data, "utf-16")}
    else:
        texts = {encoding: _try(data, encoding) for encoding in CANDIDATES}
    readable = {encoding: text for encoding, text in texts.items() if text is not None}
    for text in readable.values():
        if _has_header(text, is_header):
            return text
    foreign = [FOREIGN[e] for e in readable if e in FOREIGN]
    if "utf-8-sig" not in readable and foreign:
        raise FileRefused(
            _(
                "This file seems to be saved in the %(encoding)s encoding, and its columns are "
                "not ones this import knows. In Excel choose “Save as” → "
                "“CSV UTF-8 (comma delimited)” and upload that file."
            )
            % {"encoding": foreign[0]}
        )
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        if encoding in readable:
            # No header we know: the column check then says which are missing.
            return readable[encoding]
    raise FileRefused(
        _(
            "This file is not a CSV text file, or its encoding is not recognised. "
            "In Excel choose “Save as” → “CSV UTF-8 (comma delimited)”."
        )
    )


def _try(data, encoding):
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def _has_header(text, is_header):
    for line in text.splitlines()[:HEAD_LINES]:
        if any(is_header(cell.strip().strip('"')) for cell in line.replace("\t", ",").split(",")):
            return True
    return False


def _looks_binary(text):
    sample = text[:4096]
    return any(ord(ch) < 32 and ch not in "\t\r\n" for ch in sample)
