"""The "run this notebook" block: download the zip, open in Colab, launch on Binder.

Drawn under the title of each notebook page and after the paragraph of a lesson that links a
notebook. Colab and Binder are plain links: the page requests nothing from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class RunLinks:
    """Everything a block links to, as hrefs usable from the page it is drawn on."""

    title: str  # the notebook's title, e.g. "Tokenization: how BPE splits clinical language"
    zip_name: str  # "tokenization.zip"
    zip_href: str
    zip_bytes: int
    folder: str  # the folder the zip unpacks to
    notebook_name: str  # "tokenization.ipynb"
    run_locally_href: str
    colab: str | None
    binder: str | None
    notebook_href: str | None = None  # set on lessons: the notebook's page


def _size(n: int) -> str:
    return f"{max(1, round(n / 1000))} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"


def _buttons(links: RunLinks) -> str:
    parts = [
        f'<a class="md-button md-button--primary course-run__download" href="{escape(links.zip_href)}" '
        f"download>Download the notebook and its data</a> "
        f'<span class="course-run__size">({escape(links.zip_name)}, {_size(links.zip_bytes)})</span>'
    ]
    if links.colab:
        parts.append(f'<a class="md-button course-run__colab" href="{escape(links.colab)}">Open in Colab</a>')
    if links.binder:
        parts.append(f'<a class="md-button course-run__binder" href="{escape(links.binder)}">Launch on Binder</a>')
    return '<p class="course-run__buttons">' + "\n".join(parts) + "</p>"


def _services_note(links: RunLinks) -> str:
    if not (links.colab or links.binder):
        return ""
    return (
        " <strong>Colab</strong> runs it on Google's servers and needs a Google account: when "
        "the notebook's first cell asks, upload the zip. <strong>Binder</strong> starts a "
        "temporary JupyterLab with the course repository, free and without an account; starting "
        "can take a few minutes and your changes are not kept. Both are services of others: "
        "nothing is requested from them unless you follow a link, and every notebook uses "
        "synthetic data only."
    )


def notebook_block(links: RunLinks) -> str:
    """The block under a notebook page's title."""
    return (
        '<div class="admonition tip course-run" data-search-exclude>\n'
        '<p class="admonition-title">Run this notebook yourself</p>\n'
        f"{_buttons(links)}\n"
        f"<p><strong>On your computer</strong>: unzip it and open "
        f"<code>{escape(links.folder)}/{escape(links.notebook_name)}</code> in Jupyter; its "
        f"<code>README.md</code> gives the one command that installs what it needs "
        f"(<code>requirements.txt</code>, pinned) and opens it "
        f'(<a href="{escape(links.run_locally_href)}">more ways to run it</a>). The '
        f"exercises check your answers; their solutions are hidden until you open them."
        f"{_services_note(links)}</p>\n"
        "</div>"
    )


def lesson_block(links: RunLinks) -> str:
    """The smaller block after the paragraph of a lesson that links the notebook."""
    page = (
        f'<a href="{escape(links.notebook_href)}">{escape(links.title)}</a>'
        if links.notebook_href
        else escape(links.title)
    )
    return (
        '<div class="admonition tip course-run" data-search-exclude>\n'
        '<p class="admonition-title">Run the notebook yourself</p>\n'
        f"{_buttons(links)}\n"
        f"<p>The notebook <em>{page}</em> has exercises with answer checks; its page shows it with "
        "its outputs and says what runs where. "
        f'<a href="{escape(links.run_locally_href)}">Run the notebooks on your machine</a> with one '
        "command.</p>\n"
        "</div>"
    )
