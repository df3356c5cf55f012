"""Search snippets that read well: no raw TeX, no pilcrows.

Material's search plugin indexes each section's HTML as text, so math arrives as its TeX source
(``\\(W^Q_i\\)``, ``\\text{model}``) and permalinks as "¶"; students saw both in the result list.
``clean_site`` rewrites ``search/search_index.json`` (and the offline plugin's copy,
``search/search_index.js``) after both are written: math becomes readable text
(``softmax(QKᵀ / √(d_k))``), pilcrows go. Code spans are left exactly as they are.

Plain Python: the MkDocs adapter (hooks/course_hooks.py) calls ``clean_site`` last in on_post_build.

The search is the students': the instructors' guide (``docs/instructors/``) is left out of the
index (:func:`excluded`, applied by the adapter before the search plugin sees the page), so a
query about HIPAA finds the privacy lesson rather than the checker's rule table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_CODE = re.compile(r"(<code>.*?</code>)", re.S)
_DISPLAY = re.compile(r"\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"\\\((.+?)\\\)", re.S)
# $...$ (notebook Markdown): only when the content looks like math, so "$5 and $10" stays.
_DOLLAR = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]{1,200}?)(?<=\S)\$(?![\w$])")
_MATHY = re.compile(r"[\\^_{}=<>+\-*/|]|&[lg]t;|^[A-Za-z]$")
_STYLE = re.compile(
    r"\\(?:text|mathrm|mathbf|mathit|mathsf|mathcal|operatorname|textbf|textit|boldsymbol|mbox)"
    r"\s*\{([^{}]*)\}"
)
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"(?P<op>[\^_])(?:\{(?P<group>[^{}]*)\}|(?P<one>\\[A-Za-z]+|[A-Za-z0-9]))")
SYMBOLS = {
    "times": "×",
    "cdot": "·",
    "cdots": "…",
    "ldots": "…",
    "dots": "…",
    "rightarrow": "→",
    "to": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "~",
    "propto": "∝",
    "infty": "∞",
    "sum": "Σ",
    "prod": "Π",
    "in": "∈",
    "top": "ᵀ",
    "pm": "±",
    "mid": "|",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "psi": "ψ",
    "omega": "ω",
    "Delta": "Δ",
    "Sigma": "Σ",
    "Omega": "Ω",
    "nabla": "∇",
    "partial": "∂",
    "left": "",
    "right": "",
    "big": "",
    "Big": "",
    "bigl": "",
    "bigr": "",
    "quad": " ",
    "qquad": " ",
    "displaystyle": "",
    "limits": "",
}
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUP = dict(zip("0123456789+-=()inT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ"))


def _script(match: re.Match[str]) -> str:
    text = match.group("group") if match.group("group") is not None else match.group("one")
    table = _SUB if match.group("op") == "_" else _SUP
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    plain = len(text) == 1 or text.isalnum()
    # \x01 and \x02 stand for _ and ^ until the end, so a later pass does not read them again.
    return ("\x01" if match.group("op") == "_" else "\x02") + (text if plain else f"({text})")


STUDENT_SEARCH_EXCLUDES = ("instructors/",)  # folders of docs/ kept out of the search index


def excluded(src_uri: str) -> bool:
    """Whether the page at ``src_uri`` (relative to docs/) is left out of the search index."""
    return src_uri.startswith(STUDENT_SEARCH_EXCLUDES)


def readable(tex: str) -> str:
    """TeX as plain text a student can read in a search snippet."""
    text = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), m.group(0)), tex)
    for _ in range(4):  # innermost groups first; nested groups need a few passes
        text = _STYLE.sub(r"\1", text)
        text = _SCRIPT.sub(_script, text)
        text = _FRAC.sub(r"(\1) / (\2)", text)
        text = _SQRT.sub(r"√(\1)", text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = re.sub(r"\\([{}%$&#_])", r"\1", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = _SCRIPT.sub(_script, text).replace("\x02ᵀ", "ᵀ").replace("^ᵀ", "ᵀ")
    text = text.replace("{", "").replace("}", "").replace("\x01", "_").replace("\x02", "^")
    return re.sub(r"\s+", " ", text).strip()


def _prose(text: str) -> str:
    text = _DISPLAY.sub(lambda m: readable(m.group(1) or m.group(2)), text)
    text = _INLINE.sub(lambda m: readable(m.group(1)), text)
    text = _DOLLAR.sub(lambda m: readable(m.group(1)) if _MATHY.search(m.group(1)) else m.group(0), text)
    return re.sub(r"\s*¶", "", text)


def clean(text: str) -> str:
    """An index entry's text or title without TeX and pilcrows; <code> spans untouched."""
    if "\\" not in text and "$" not in text and "¶" not in text:  # most entries: nothing to do
        return text
    return "".join(part if part.startswith("<code>") else _prose(part) for part in _CODE.split(text))


def clean_index(index: dict) -> int:
    """Clean every entry in place; the number of entries changed."""
    changed = 0
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            value = doc.get(key)
            if isinstance(value, str):
                new = clean(value)
                if new != value:
                    doc[key] = new
                    changed += 1
    return changed


def clean_site(site_dir: Path) -> int:
    """Rewrite search/search_index.json and, if present, the offline plugin's search_index.js."""
    folder = site_dir / "search"
    json_file = folder / "search_index.json"
    if not json_file.is_file():
        return 0
    index = json.loads(json_file.read_text(encoding="utf-8"))
    changed = clean_index(index)
    if not changed:
        return 0
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    json_file.write_text(data, encoding="utf-8")
    js_file = folder / "search_index.js"
    if js_file.is_file():  # the offline plugin inlines the same index into a script
        js_file.write_text(f"var __index = {data}", encoding="utf-8")
    return changed
