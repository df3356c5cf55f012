"""Course tooling for "LLMs Meet Healthcare".

Plain Python with no dependency on MkDocs: the lesson contract checks, the notebook executor and
its cache, the PHI scan, the link checker wrapper and the benchmarks. The MkDocs hooks in
``hooks/course_hooks.py`` are thin adapters over these modules, so every check also runs without
building the site (``python -m coursetools.cli.check``).
"""
