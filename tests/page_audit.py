"""What the standing accessibility check asks of each page: axe-core's rules, the Nu
HTML Checker, and no English words in the Chinese interface.

axe-core and the Nu checker come from npm (``package.json``, pinned in
``package-lock.json``, installed by ``make test`` with ``npm ci``); the checker's
jar runs on the machine's Java. Nothing is fetched from the network here.
"""

import functools
import json
import re
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = "/usr/bin/java"

# WCAG 2.1 A and AA, and the best practices about landmarks (every region of the
# page inside one, each named apart from its kin) and table headers.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BEST_PRACTICES = [
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-one-main",
    "landmark-unique",
    "region",
    "empty-table-header",
    "scope-attr-valid",
    "table-duplicate-name",
]

# Names that stay as they are in a Chinese sentence (file formats, encodings, products,
# keys, units), and the pinyin initials the household search gives as its example.
ENGLISH_ALLOWED = {
    word.casefold()
    for word in ("Excel", "PDF", "CSV", "XLSX", "QR", "UTF", "Windows", "WPS", "Ctrl", "KB", "MB")
} | {"zs"}

# Every stretch of text the Chinese interface shows or reads out: text nodes, and the
# attributes a browser displays or a screen reader speaks. Text inside an element
# marked lang="en…" is meant to be English (the language switch names English in
# English); scripts, styles and hidden form values are not text.
_TEXTS_JS = """
() => {
  const skip = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
  const english = (el) => /^en\\b/i.test((el.closest("[lang]") || {}).lang || "");
  const texts = [];
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skip.has(el.tagName) || english(el)) continue;
    if (node.data.trim()) texts.push(node.data.trim());
  }
  const attrs = ["placeholder", "title", "aria-label", "alt"];
  for (const el of document.querySelectorAll("*")) {
    if (english(el)) continue;
    for (const a of attrs) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
    if (el.matches("input[type=submit], input[type=button], input[type=reset]") && el.value)
      texts.push(el.value);
  }
  return texts;
}
"""
# A run of letters and digits; one of two or more letters only is a word (a code such
# as the card serial LH000605 or the encoding GB18030 is not).
# Every id an attribute points at must be on the page: a screen reader reads nothing
# for an aria-describedby whose id is missing.
_BROKEN_REFERENCES_JS = """
() => {
  const attrs = ["aria-describedby", "aria-labelledby", "aria-controls", "aria-owns",
                 "aria-errormessage", "aria-details", "aria-activedescendant", "for", "list"];
  const broken = [];
  for (const a of attrs) {
    for (const el of document.querySelectorAll(`[${a}]`)) {
      if (a === "for" && el.tagName !== "LABEL" && el.tagName !== "OUTPUT") continue;
      for (const id of el.getAttribute(a).split(/\\s+/).filter(Boolean))
        if (!document.getElementById(id))
          broken.push(`${a}="${id}" on <${el.tagName.toLowerCase()}>`);
    }
  }
  return broken;
}
"""
# A date the browser dropped: a date input takes only yyyy-mm-dd (a date-time input
# yyyy-mm-ddThh:mm, a month input yyyy-mm) and leaves the field empty otherwise.
_DROPPED_DATES_JS = """
() => Array.from(document.querySelectorAll(
  "input[type=date], input[type=datetime-local], input[type=month], input[type=time]"
)).filter(input => input.getAttribute("value") && !input.value)
  .map(input => `${input.name}="${input.getAttribute("value")}"`)
"""
_TOKEN = re.compile(r"[A-Za-z0-9]+")


def missing_tools():
    """What the check needs and does not find, as a message (empty when all is there)."""
    missing = [str(p.relative_to(ROOT)) for p in (AXE, VNU) if not p.exists()]
    if missing:
        return f"{', '.join(missing)} missing: run `npm ci` at the repository root"
    if not Path(JAVA).exists():
        return f"{JAVA} missing: the Nu HTML Checker runs on the machine's Java"
    return ""


@functools.cache
def _axe_source():
    return AXE.read_text()


def axe_violations(page):
    """["rule (impact) on selector: help"] for every node of every violation on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated over the DevTools protocol: the page's CSP does not apply to it.
        page.evaluate(_axe_source())
    options = {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": {rule: {"enabled": True} for rule in AXE_BEST_PRACTICES},
        "resultTypes": ["violations"],
    }
    results = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}) on {' '.join(map(str, node['target']))}: {v['help']}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


def broken_references(page):
    """Each attribute on the page that points at an id the page does not have."""
    return page.evaluate(_BROKEN_REFERENCES_JS)


def dropped_dates(page):
    """Each date field whose value the browser dropped, as name="value"."""
    return page.evaluate(_DROPPED_DATES_JS)


def english_words(page):
    """The English words the page shows (or speaks) in the Chinese interface, each once."""
    found = []
    for text in page.evaluate(_TEXTS_JS):
        for word in _TOKEN.findall(text):
            if not word.isalpha() or len(word) < 2 or word.casefold() in ENGLISH_ALLOWED:
                continue
            if word not in found:
                found.append(word)
    return found


def html_errors(documents):
    """{label: [error]} for each of ``documents`` ({label: HTML bytes}) the Nu checker
    finds errors in, checked in one run of the checker."""
    if not documents:
        return {}
    with tempfile.TemporaryDirectory() as folder:
        labels, paths = {}, []
        for i, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"{i:04d}.html"
            path.write_bytes(html)
            labels[path.name] = label
            paths.append(str(path))
        run = subprocess.run(
            [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always"]
            + paths,
            capture_output=True,
            text=True,
            timeout=300,
        )
    report = json.loads(run.stderr or run.stdout)
    found = {}
    for message in report["messages"]:
        # The checker names a file "file:/tmp/…/0001.html".
        label = labels.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        where = f"line {message.get('lastLine')}: " if "lastLine" in message else ""
        found.setdefault(label, []).append(f"{where}{message['message']}")
    return found
