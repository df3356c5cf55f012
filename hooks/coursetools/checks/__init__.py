"""Checks over one page or one file: plain functions that return findings.

Each module declares the rules it checks (``coursetools.findings.rule``) at import time, so
importing :mod:`coursetools.catalogue` imports them all and the rule catalogue is complete.
"""
