"""Generate the course's synthetic datasets in ``docs/notebooks/data/``.

Every file is invented by this module from templates and a fixed seed: no real patient, note,
abstract, trial or image label contributed to any of them. The files imitate the *shape* of real
datasets (MIMIC-IV, PubMed, ClinicalTrials.gov, CheXpert, Synthea) so the notebooks can teach
with them, and carry no names, dates of birth, phone numbers, addresses or record numbers.

Run from the repository root::

    course-synthetic-data            # writes docs/notebooks/data/
    course-synthetic-data OUT_DIR    # writes somewhere else

The output is byte-identical on every run. Each file draws from its own ``random.Random`` seeded
from ``SEED`` and the file's name, so changing one generator never changes the other files. Only
the standard library's Mersenne Twister is used (its streams for ``random()``, ``randint``,
``choice``, ``gauss`` and ``getrandbits`` are stable across Python versions), every float is
written with a fixed number of decimals, and CSV, JSON and text files use ``\\n`` line endings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..phi import manifest
from .common import DEFAULT_OUT, GENERATOR
from .corpora import clinical_corpus, general_corpus
from .icu import icu_notes_csv, icu_vitals_csv
from .imaging import cxr_labels_csv
from .literature import abstracts_jsonl, trials_json
from .ner import ner_json, summaries_json
from .retrieval import clinic_notes_json
from .rubric import rubric_ratings_json
from .synthea import synthea_conditions_csv, synthea_patients_csv

FILES: dict[str, Callable[[], str]] = {
    "clinical_corpus.txt": clinical_corpus,
    "general_corpus.txt": general_corpus,
    "icu_notes.csv": icu_notes_csv,
    "icu_vitals.csv": icu_vitals_csv,
    "abstracts.jsonl": abstracts_jsonl,
    "trials.json": trials_json,
    "cxr_labels.csv": cxr_labels_csv,
    "synthea_patients.csv": synthea_patients_csv,
    "synthea_conditions.csv": synthea_conditions_csv,
    "ner_gold.json": lambda: ner_json(predicted=False),
    "ner_predicted.json": lambda: ner_json(predicted=True),
    "summaries.json": summaries_json,
    "clinic_notes.json": clinic_notes_json,
    "rubric_ratings.json": rubric_ratings_json,
}


def main(out_dir: str | Path = DEFAULT_OUT) -> list[Path]:
    """Write every synthetic file to ``out_dir`` and return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FILES.items():
        path = out / name
        path.write_bytes(make().encode("utf-8"))
        written.append(path)
    # MANIFEST.json: the SHA-256 of every file, so the PHI scan can verify the committed data
    # without running this generator (coursetools.phi.manifest).
    written.append(manifest.write(out, written, GENERATOR))
    return written


def cli(argv: list[str] | None = None) -> int:
    """``course-synthetic-data [OUT_DIR]``: write the synthetic data (default: the course's data folder)."""
    parser = argparse.ArgumentParser(
        prog="course-synthetic-data",
        description="Write the course's synthetic data files (seeded: the same bytes every run) and their MANIFEST.json.",
    )
    parser.add_argument(
        "out_dir", nargs="?", default=str(DEFAULT_OUT), help="folder to write to (default: %(default)s)"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for written_path in main(args.out_dir):
        print(f"{written_path}  {written_path.stat().st_size:>7,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(cli())
