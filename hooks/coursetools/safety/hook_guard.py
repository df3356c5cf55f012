"""Keep a failing hook from taking the preview down: a located finding instead of a traceback.

``mkdocs serve`` stops answering after an exception in a hook ("the server will appear stuck")
until the file is fixed. :class:`HookGuard` wraps each hook body: when it raises, the error is
logged as one located finding (the page being processed, or mkdocs.yml) and

- under ``serve`` the hook returns what it was given (for a page: its last good HTML once it has
  one), so the preview keeps serving;
- under ``build`` it raises the build's own error type (MkDocs' ``PluginError``), which MkDocs
  reports on one line and turns into a failed build without a traceback.

It knows nothing of MkDocs: the adapter passes in its logger and error type.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from ..findings import Finding, rule

HOOK_ERROR = rule(
    "hook-error",
    "build",
    "the course's build hooks must not fail on any page",
    "fix the page named (the message says what went wrong); if the page is fine, report the error",
)


class HookGuard:
    """Wraps hook functions; ``is_serve`` says whether the running command is ``mkdocs serve``."""

    def __init__(
        self,
        log: logging.Logger | logging.LoggerAdapter[Any],
        error_type: type[Exception],
        is_serve: Callable[[], bool],
        docs_prefix: Callable[[], str],
    ):
        self.log = log
        self.error_type = error_type
        self.is_serve = is_serve
        self.docs_prefix = docs_prefix  # e.g. "docs/": where pages are, relative to the repository
        self.last_good: dict[str, str] = {}  # src_uri -> the page's last complete HTML
        self.failed: set[str] = set()  # pages whose current build hit an error

    def __call__(self, hook: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(hook)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = hook(*args, **kwargs)
            except self.error_type:
                raise
            except Exception as error:  # any bug or hostile input: one located line, no traceback
                src_uri = _page_src(args, kwargs)
                where = f"{self.docs_prefix()}{src_uri}" if src_uri else "mkdocs.yml"
                finding = Finding(
                    where,
                    1,
                    f"the course hook `{hook.__name__}` failed: {type(error).__name__}: {error}",
                    HOOK_ERROR.fix,
                    HOOK_ERROR.id,
                )
                self.log.error(str(finding))
                if not self.is_serve():
                    raise self.error_type(str(finding)) from None
                if src_uri:
                    self.failed.add(src_uri)
                return self._fallback(hook.__name__, src_uri, args, kwargs)
            if hook.__name__ == "on_post_page":
                src_uri = _page_src(args, kwargs)
                if src_uri and src_uri in self.failed:
                    self.failed.discard(src_uri)
                    return self.last_good.get(src_uri, result)
                if src_uri:
                    self.last_good[src_uri] = result
            return result

        return guarded

    def _fallback(self, name: str, src_uri: str | None, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if name == "on_post_page" and src_uri:
            self.failed.discard(src_uri)
            return self.last_good.get(src_uri, args[0] if args else kwargs.get("output"))
        if not args:  # an event without an item (on_startup, on_post_build): nothing to return
            return None
        # Every other event returns (a possibly changed copy of) the item it was given.
        return args[0]


def _page_src(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    page = kwargs.get("page")
    if page is None:
        page = next((a for a in args if hasattr(a, "file") and hasattr(a.file, "src_uri")), None)
    return getattr(getattr(page, "file", None), "src_uri", None)
