"""Detectors of electronic contact points: e-mail addresses, URLs that carry a patient's
identifier, and IP addresses (Safe Harbor identifiers 6, 14 and 15)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from .text import Hit, mask_all_but_last, mask_word, word_char

# --- e-mail addresses ------------------------------------------------------------------------

_EMAIL_LOCAL = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,8}"
    r"\.[A-Za-z]{2,24}(?![\w-])"
)
# Local parts of role and service accounts: they reach an office or a machine, never a patient.
_ROLE_ACCOUNTS = {
    "git",
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "notifications",
    "notification",
    "info",
    "contact",
    "support",
    "help",
    "helpdesk",
    "admin",
    "administrator",
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "privacy",
    "security",
    "press",
    "media",
    "office",
    "team",
    "hello",
    "feedback",
    "bugs",
    "mailer-daemon",
    "root",
    "nobody",
    "enquiries",
    "inquiries",
    "editor",
    "editors",
    "journals",
    "permissions",
    "licensing",
    "dpo",
}
_IMAGE_SCALE = re.compile(r"\d+(?:\.\d+)?x\.")


def email_hits(text: str, lower: str) -> Iterator[Hit]:
    """E-mail addresses, except role and service accounts (``info@``, ``noreply@``, GitHub's noreply
    addresses), image names such as ``logo@2x.png`` and git remotes (``git@host:owner/repo``)."""
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and at - start < 64 and text[start - 1] in _EMAIL_LOCAL:
            start -= 1
        while start < at and not text[start].isalnum():  # a local part starts with a letter or digit
            start += 1
        domain = _EMAIL_DOMAIN.match(text, at + 1, at + 300)
        if start < at and domain and (domain.end() >= len(text) or not _glued(text[domain.end()])):
            yield from _email_hit(text, start, at, domain.end())
        at = text.find("@", at + 1)


def _glued(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def _email_hit(text: str, start: int, at: int, end: int) -> Iterator[Hit]:
    local, domain = text[start:at], text[at + 1 : end]
    if local.lower() in _ROLE_ACCOUNTS or domain.lower().endswith("users.noreply.github.com"):
        return
    if _IMAGE_SCALE.match(domain):  # logo@2x.png
        return
    if text[end : end + 1] == ":" and text[end + 1 : end + 2] not in ("", " ", "\n", "\t"):  # git@host:owner/repo
        return
    labels = domain.split(".")
    shown = f"{mask_word(local)}@{'.'.join(mask_word(p) for p in labels[:-1])}.{labels[-1]}"
    yield Hit("phi-email", start, end, f"an e-mail address ({shown})", (text[start:end],))


# --- URLs that carry a patient's identifier --------------------------------------------------

_URL_START = re.compile(r"https?://|www\.", re.IGNORECASE)
_URL_END = re.compile(r"[\s<>\"'`\])}|\\]")
_URL_MAX = 2048
# A query parameter or path segment naming a patient, a record or a person, with its value.
_PATIENT_KEYS = (
    r"mrn|patient(?:_?id|_?no|_?number|name)?|pt(?:_?id)?|pid|person(?:_?id)?|ssn|dob"
    r"|member(?:_?id)?|subscriber(?:_?id)?|acct|account(?:_?(?:id|no|number))?"
    r"|encounter(?:_?id)?"
    r"|record(?:_?id)?|chart(?:_?id)?|(?:first|last|full|given|family)_?name|birth_?date"
)
_URL_QUERY = re.compile(rf"[?&;](?P<key>{_PATIENT_KEYS})=(?P<value>[^&#;]+)", re.IGNORECASE)
_URL_PATH = re.compile(
    r"/(?P<key>patients?|pts?|mrn|members?|records?|charts?|encounters?|persons?)/"
    r"(?P<value>[A-Za-z0-9-]*\d{4,}[A-Za-z0-9-]*)(?=[/?#]|$)",
    re.IGNORECASE,
)
_URL_RECORD_ID = re.compile(
    r"/(?:patients?|pts?|mrn|members?|records?|charts?|encounters?)\b[^?#]{0,60}\?(?:[^#]{0,200}&)?"
    r"(?:id|uid)=(?P<value>[A-Za-z0-9-]{0,20}\d{4,}[A-Za-z0-9-]{0,20})",
    re.IGNORECASE,
)
_NAME_VALUE = re.compile(r"[A-Za-z]{2,}(?:(?:\+|%20|[ ._-])[A-Za-z]{2,}){0,3}$")


def url_hits(text: str, lower: str) -> Iterator[Hit]:
    """``http(s)://`` and ``www.`` URLs that carry a patient's identifier: a query parameter such as
    ``mrn=`` or ``patient_id=`` with four or more digits (a name for ``*name=``, any digit for ``dob=``),
    a ``/patients/<id>`` path segment, or ``?id=`` on a patient or record path."""
    position = 0
    for start_match in _URL_START.finditer(text):
        start = start_match.start()
        if start < position:
            continue
        limit = min(len(text), start + _URL_MAX)
        stop = _URL_END.search(text, start, limit)
        end = stop.start() if stop else limit
        while end > start and text[end - 1] in ".,;:!?":
            end -= 1
        position = end
        url = text[start:end]
        found = _patient_part(url)
        if found:
            key, value = found
            yield Hit(
                "phi-url",
                start,
                end,
                f"a URL that carries a patient identifier ({key}={mask_all_but_last(value, 2)})",
                (url,),
            )


def _patient_part(url: str) -> tuple[str, str] | None:
    for match in _URL_QUERY.finditer(url):
        key, value = match.group("key").lower(), match.group("value")
        has_digits = sum(ch.isdigit() for ch in value) >= 4
        is_name = "name" in key and bool(_NAME_VALUE.match(value))
        if has_digits or is_name or (key == "dob" and any(ch.isdigit() for ch in value)):
            return key, value
    path = _URL_PATH.search(url)
    if path:
        return path.group("key").lower(), path.group("value")
    record = _URL_RECORD_ID.search(url)  # /patient?id=12345, /patients/view.php?id=12345
    if record:
        return "id", record.group("value")
    return None


# --- IP addresses ----------------------------------------------------------------------------

_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d|-\d)")
_IPV6 = re.compile(r"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_MASK_OCTETS = {"0", "128", "192", "224", "240", "248", "252", "254", "255"}
_VERSION_WORDS = ("version", "release", "build", "section", "rev", "ver", "§", "oid")


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Only an address that could reach one machine on the internet identifies anyone."""
    return not (
        address.is_private
        or address.is_loopback
        or address.is_unspecified
        or address.is_multicast
        or address.is_reserved
        or address.is_link_local
    )


def ip_hits(text: str, lower: str) -> Iterator[Hit]:
    """IPv4 and IPv6 addresses that can reach one machine on the internet: not private, loopback,
    multicast, reserved or link-local ones, netmasks, version numbers (``1.2.3.4``, ``version 10.2.0.1``)
    or dotted dates with leading zeros."""
    for match in _IPV4.finditer(text):
        value = match.group(0)
        if match.start() and (word_char(text[match.start() - 1]) or text[match.start() - 1] in ".:/-"):
            continue
        octets = value.split(".")
        if any(len(o) > 1 and o[0] == "0" for o in octets) or all(len(o) == 1 for o in octets):
            continue  # 01.02.2020, 1.2.3.4 (a version)
        if all(o in _MASK_OCTETS for o in octets):
            continue  # netmask
        before = lower[max(0, match.start() - 12) : match.start()]
        if any(word in before for word in _VERSION_WORDS):
            continue
        try:
            address = ipaddress.IPv4Address(value)
        except ValueError:
            continue
        if _public(address):
            yield Hit(
                "phi-ip", match.start(), match.end(), f"an IP address ({'.'.join(octets[:1] + ['*'] * 3)})", (value,)
            )
    if "::" not in text and text.count(":") < 7:
        return
    for match in _IPV6.finditer(text):
        value = match.group(0)
        if value.count(":") < 3 or (
            match.start() and (word_char(text[match.start() - 1]) or text[match.start() - 1] in ":.")
        ):
            continue
        try:
            address6 = ipaddress.IPv6Address(value)
        except ValueError:
            continue
        if _public(address6):
            yield Hit("phi-ip", match.start(), match.end(), f"an IP address ({value.split(':')[0]}:****)", (value,))
