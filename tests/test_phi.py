"""The PHI check: planted patient identifiers are caught where they are, look-alikes are not.

Every value below is invented: 555-01xx telephone numbers, reserved ``.example`` e-mail domains,
SSNs and record numbers typed for this file. None belongs to a real person.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursetools import phi
from coursetools.data import CourseData
from coursetools.phi import find_hits, manifest, restricted_table, scan_course, scan_text

# ---------------------------------------------------------------------------------------------
# The planted corpus: (id, a line of text, the rule that must catch it)
# ---------------------------------------------------------------------------------------------

PLANTED = [
    ("ssn", "Her number is 219-09-9999 according to the intake form.", "phi-ssn"),
    ("ssn-labelled", "SSN: 219 09 9998", "phi-ssn"),
    ("ssn-labelled-implausible", "Social Security number: 987-65-4320", "phi-ssn"),
    ("phone-parens", "Call (617) 555-0123 for the results.", "phi-phone"),
    ("phone-dashes", "Reach the daughter at 617-555-0142 after 5 pm.", "phi-phone"),
    ("phone-dots", "Contact the family: 617.555.0167", "phi-phone"),
    ("phone-plus1", "Cell phone +1 617 555 0188 (text only).", "phi-phone"),
    ("phone-tollfree", "Pharmacy line 1-800-555-0199.", "phi-phone"),
    ("phone-international", "Her GP in London, +44 20 7946 0958, was informed.", "phi-phone"),
    ("fax-labelled", "Fax: 555-0134", "phi-phone"),
    ("tel-labelled", "Tel. 020 7946 0123", "phi-phone"),
    ("email", "He wrote from jroe62@inbox-mail.example last week.", "phi-email"),
    ("email-example-domain", "Patient e-mail: maria.lopez@example.com", "phi-email"),
    ("mrn", "MRN: 1234567", "phi-id"),
    ("mrn-words", "Medical record number 00482913 was merged.", "phi-id"),
    ("mrn-hash", "MR# 5512349", "phi-id"),
    ("account", "Acct #: 77812345", "phi-id"),
    ("account-words", "Account number 4417-22981", "phi-id"),
    ("health-plan", "Health plan beneficiary number: HPB-55512345", "phi-id"),
    ("member-id", "Member ID XJ99887766", "phi-id"),
    ("medicare", "Medicare number 1EG4-TE5-MK73", "phi-id"),
    ("nhs", "NHS number: 943 476 5919", "phi-id"),
    ("nhs-compact", "NHS No 9434765919", "phi-id"),
    ("dob-inline", "Jane Roe, DOB 03/14/1962, presented with chest pain.", "phi-dob"),
    ("dob-born", "Mr. Alan Smithee was born on 14 March 1962 in Ohio.", "phi-dob"),
    ("dob-words", "Date of birth: July 4, 1958 (Robert Q. Public)", "phi-dob"),
    ("dob-ehr-style", "ROE, Jane  D.O.B. 1962-03-14", "phi-dob"),
    ("address", "Lives at 42 Elm Street, Apt 3, with his daughter.", "phi-address"),
    ("address-abbrev", "Home: 1600 North Maple Ave, Springfield", "phi-address"),
    ("address-city-zip", "Moved to 7 Oak Lane, Springfield, IL 62704 in May.", "phi-address"),
    ("po-box", "Send the bill to P.O. Box 4417.", "phi-address"),
]
PLANTED_IDS = [case[0] for case in PLANTED]

# Tables of restricted datasets, in the shapes they get pasted in: (id, text, table it is)
TABLES = [
    (
        "mimic3-noteevents-csv",
        "ROW_ID,SUBJECT_ID,HADM_ID,CHARTDATE,CHARTTIME,STORETIME,CATEGORY,DESCRIPTION,CGID,ISERROR,TEXT\n"
        '1,91234,191234,2151-08-04,,,Discharge summary,Report,,,"Admission Date: [**2151-7-16**]"\n',
        "MIMIC-III NOTEEVENTS",
    ),
    (
        "mimic3-quoted-header",
        '"ROW_ID","SUBJECT_ID","GENDER","DOB","DOD","DOD_HOSP","DOD_SSN","EXPIRE_FLAG"\n'
        '1,91234,"F",2080-01-01 00:00:00,,,,0\n',
        "MIMIC-III PATIENTS",
    ),
    (
        "mimic4-discharge-markdown",
        "| note_id | subject_id | hadm_id | note_type | note_seq | charttime | storetime | text |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| 91234-DS-1 | 91234 | 291234 | DS | 1 | 2180-05-07 00:00:00 | 2180-05-09 15:26:00 | Name: ___ |\n",
        "MIMIC-IV-Note discharge",
    ),
    (
        "mimic4-chartevents-pandas",
        "   subject_id   hadm_id   stay_id  caregiver_id            charttime  itemid  valuenum\n"
        "0       91234    291234    391234         18704  2180-07-23 14:24:00  220045      88.0\n",
        "MIMIC-IV chartevents",
    ),
    (
        "mimic4-patients-tsv",
        "subject_id\tgender\tanchor_age\tanchor_year\tanchor_year_group\tdod\n91234\tF\t52\t2180\t2014 - 2016\t\n",
        "MIMIC-IV patients",
    ),
    (
        "mimic4-admissions-html",
        '<table border="1" class="dataframe"><thead><tr><th></th><th>subject_id</th><th>hadm_id</th>'
        "<th>admittime</th><th>dischtime</th><th>admission_type</th></tr></thead><tbody><tr><th>0</th>"
        "<td>91234</td><td>291234</td><td>2180-05-06 22:23:00</td><td>2180-05-07 17:15:00</td>"
        "<td>URGENT</td></tr></tbody></table>",
        "MIMIC-IV admissions",
    ),
    (
        "mimic4-labevents-jsonl",
        '{"labevent_id": 1, "subject_id": 91234, "hadm_id": 291234, "specimen_id": 5, "itemid": 50912, '
        '"charttime": "2180-03-23 11:51:00", "valuenum": 1.1, "valueuom": "mg/dL", "flag": null}\n',
        "MIMIC-IV labevents",
    ),
    (
        "mimic-ed-triage-csv",
        "subject_id,stay_id,temperature,heartrate,resprate,o2sat,sbp,dbp,pain,acuity,chiefcomplaint\n"
        "91234,391234,98.9,88,18,97,116,88,10,3,Abdominal distention\n",
        "MIMIC-IV-ED triage",
    ),
]

# Text that looks a little like PHI and is not: none of it may be reported.
LOOKALIKES = [
    "Type 2 diabetes without complications is coded E11.9; essential hypertension is I10; J45.909.",
    "See doi:10.1038/s41597-022-01899-x and https://doi.org/10.1145/3442188.3445922.",
    "Attention (arXiv:1706.03762v7) and the GPT-4 report (2303.13375).",
    "PMID: 12345678; PMCID: PMC1234567; PubMed ID 31234567.",
    "The trial NCT04280705 enrolled 1,063 patients.",
    "The GDPR applies from 25 May 2018; MIMIC-IV v2.2 was released on 2023-01-06.",
    "A 72 yo M admitted on 03/14/2150 with CHF exacerbation.",
    "Give 5 mg/kg IV q6h, then 0.5 mL SC; at most 4,000 mg/day.",
    "Na 138 mEq/L, K 4.1 mEq/L, Cr 1.2 mg/dL, BP 120/80, HR 88, SpO2 97% on 2L NC.",
    "Between 2019 and 2021; see pages 123-145 and pp. 1234-1250.",
    "Install version 1.2.3 with Python 3.11.4 and CUDA 12.1.105.",
    "Serve it on 192.168.1.100:8000 or 127.0.0.1; netmask 255.255.255.0.",
    "As shown in Table 3 and Figure 2[^12], see Section 4.2.",
    "git clone git@github.com:llms-meet-healthcare/course.git",
    "npm pack katex@0.16, and the icon is logo@2x.png.",
    "Questions go to support@physionet.example or info@course.example.",
    "| 4 | Telephone numbers | 13 | Device identifiers and serial numbers |",
    "| 8 | Medical record numbers | 17 | Full-face photographs and comparable images |",
    "| 9 | Health plan beneficiary numbers | 18 | Any other unique identifying number |",
    "Phone numbers, fax numbers and e-mail addresses are identifiers 4, 5 and 6.",
    "The patient was born in 1962 and admitted in 2150.",
    "Alan Turing proposed the imitation game in 1950.",
    "Dr. Smith reviewed 24 notes on 2024-05-01.",
    "Take into account 12345 patients from 2 sites.",
    "ISBN 978-0-262-03384-8.",
    "The vocabulary has 50257 tokens; learning rate 3e-4; 175B parameters.",
    "2150-03-02 06:00:00,990001,Heart Rate,114,bpm",
    "Timestamps such as 2180-07-23 14:24:00 are shifted into the future.",
    "The first three digits of a ZIP code, such as 021, may stay.",
    "Call 911 in an emergency; the session runs 12:30-13:45.",
    "Product code 123-456-7890 and 000-12-3456, 666-12-3456, 912-34-5678 are not valid.",
    "The MRN column is never printed; the MRN is an identifier.",
    "The admissions table links subject_id and hadm_id to patients and icustays.",
    "SELECT subject_id, hadm_id, charttime, text FROM noteevents LIMIT 5;",
    "| subject_id | hadm_id | stay_id | charttime |\n|---|---|---|---|\n| integer | integer | integer | timestamp |",
    "Score 86.5 (±0.3) on 1,000,000 tokens; x = a+10 20 30; 3 Way handshake.",
    "Figure 1 (p. 12) shows 2 Street View images.",
    "Admission Date: 2150-03-02\nDate of Birth: [**2090-01-01**]\nSex: M",
    "Synthetic note: pt is 68 yo F with hx of HTN, DM2 and CKD stage 3 p/w fever.",
    "MIT Press, Cambridge, MA 02142; Johnson AEW et al. Sci Data. 2016;3:160035.",
]


# ---------------------------------------------------------------------------------------------
# Helpers: a scratch course in tmp_path
# ---------------------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def lesson(body_lines: list[str], extra_front: str = "") -> str:
    front = f"---\ntitle: Planted\ndescription: A page with planted identifiers.\n{extra_front}---\n"
    return front + "\n".join(body_lines) + "\n"


def notebook(cells: list[dict], metadata: dict | None = None) -> str:
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5})


def md_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code_cell(source: str, outputs: list[dict] | None = None) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "execution_count": 1,
        "source": source.splitlines(keepends=True),
        "outputs": outputs or [],
    }


def output(kind: str, text: str) -> dict:
    if kind == "stream":
        return {"output_type": "stream", "name": "stdout", "text": text.splitlines(keepends=True)}
    if kind == "error":
        return {
            "output_type": "error",
            "ename": "ValueError",
            "evalue": "bad row",
            "traceback": ["\x1b[0;31mValueError\x1b[0m Traceback", f"\x1b[0;32m{text}\x1b[0m"],
        }
    return {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {kind: text.splitlines(keepends=True)},
    }


def csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture
def course(tmp_path) -> Path:
    """An empty scratch repository with docs/."""
    (tmp_path / "docs").mkdir()
    return tmp_path


def scan(root: Path) -> list:
    return scan_course(root / "docs", root, CourseData.load(root / "docs", root).datasets)


# ---------------------------------------------------------------------------------------------
# Every planted identifier is caught, in every kind of file, at the right place
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,text,rule", PLANTED, ids=PLANTED_IDS)
def test_planted_in_lesson_prose(course, name, text, rule):
    write(course / "docs/modules/01-x/planted.md", lesson(["## Notes", "", "Some prose.", text, "", "More."]))
    found = scan(course)
    assert found, f"{name} was not caught"
    assert {f.rule for f in found} == {rule}
    assert {(f.path, f.line) for f in found} == {("docs/modules/01-x/planted.md", 8)}
    assert all(f.fix for f in found)


@pytest.mark.parametrize("name,text,rule", PLANTED, ids=PLANTED_IDS)
def test_planted_in_fenced_code_is_not_exempt(course, name, text, rule):
    write(course / "docs/modules/01-x/planted.md", lesson(["Intro.", "", "```text", "Note:", text, "```"]))
    found = scan(course)
    assert {(f.rule, f.line) for f in found} == {(rule, 9)}


@pytest.mark.parametrize("name,text,rule", PLANTED, ids=PLANTED_IDS)
def test_planted_in_notebook_source(course, name, text, rule):
    cells = [md_cell("# Title\n"), code_cell(f"x = 1\nnote = {json.dumps(text)}\nprint(note)\n")]
    write(course / "docs/notebooks/planted.ipynb", notebook(cells))
    found = scan(course)
    assert found, f"{name} was not caught"
    assert {(f.path, f.rule, f.where) for f in found} == {
        ("docs/notebooks/planted.ipynb", rule, "cell 2 source, line 2")
    }
    assert all(
        str(f).startswith(f"docs/notebooks/planted.ipynb:cell 2 source, line 2: [{rule}] looks like") for f in found
    )


@pytest.mark.parametrize("kind", ["stream", "text/plain", "text/html", "error"])
@pytest.mark.parametrize("name,text,rule", PLANTED, ids=PLANTED_IDS)
def test_planted_in_notebook_output(course, name, text, rule, kind):
    cells = [md_cell("# Title\n"), code_cell("x = 1\n"), code_cell("show(row)\n", [output(kind, text + "\n")])]
    write(course / "docs/notebooks/planted.ipynb", notebook(cells))
    found = scan(course)
    assert found, f"{name} in a {kind} output was not caught"
    assert {(f.rule, f.where) for f in found} == {(rule, "cell 3 output")}


@pytest.mark.parametrize("name,text,rule", PLANTED, ids=PLANTED_IDS)
def test_planted_in_csv(course, name, text, rule):
    rows = ["id,text", '1,"Pt seen in clinic, stable."', f"2,{csv_quote(text)}", '3,"No change."']
    write(course / "docs/notebooks/data/planted.csv", "\n".join(rows) + "\n")
    found = scan(course)
    assert found, f"{name} was not caught"
    assert {(f.path, f.line, f.rule) for f in found} == {("docs/notebooks/data/planted.csv", 3, rule)}


@pytest.mark.parametrize("suffix", [".txt", ".json", ".jsonl", ".tsv"])
def test_planted_in_other_data_files(course, suffix):
    text = "Call (617) 555-0123 about MRN: 1234567"
    body = json.dumps({"text": text}) if suffix.startswith(".json") else text
    write(course / f"docs/notebooks/data/planted{suffix}", "first line\n" + body + "\n")
    found = scan(course)
    assert {(f.line, f.rule) for f in found} == {(2, "phi-phone"), (2, "phi-id")}


def test_planted_in_front_matter(course):
    page = '---\ntitle: Case of Jane Roe\ndescription: "Call (617) 555-0123."\n---\n\nBody.\n'
    write(course / "docs/about.md", page)
    found = scan(course)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs/about.md", 3, "phi-phone")]


def test_name_and_date_of_birth_on_separate_lines(course):
    note = ["```text", "Discharge Summary", "Name: John Q. Public", "Unit No: 12", "DOB: 1962-03-14", "```"]
    write(course / "docs/modules/01-x/note.md", lesson(note))
    found = scan(course)
    assert [(f.line, f.rule) for f in found] == [(7, "phi-name"), (9, "phi-dob")]
    assert "1962-**-**" in found[1].message and "J. Q. P." in found[1].message
    assert "03-14" not in found[1].message and "John" not in found[0].message


def test_values_are_redacted_in_messages():
    text = "SSN 219-09-9999, (617) 555-0123, jroe62@inbox-mail.example, MRN: 1234567"
    messages = " ".join(f.message for f in scan_text(text, "docs/x.md"))
    assert "***-**-9999" in messages
    for secret in ("219-09", "617", "jroe62", "inbox-mail", "12345"):
        assert secret not in messages


def test_scan_text_counts_lines_from_first_line():
    found = scan_text("nothing\nnothing\nCall (617) 555-0123", "docs/x.md", first_line=10)
    assert [(f.path, f.line) for f in found] == [("docs/x.md", 12)]


# ---------------------------------------------------------------------------------------------
# Rows of restricted datasets
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,text,table", TABLES, ids=[t[0] for t in TABLES])
def test_restricted_rows_are_recognised(name, text, table):
    hits = [h for h in find_hits(text) if h.rule == "phi-restricted-rows"]
    assert len(hits) == 1 and table in hits[0].what


@pytest.mark.parametrize("name,text,table", TABLES, ids=[t[0] for t in TABLES])
def test_restricted_rows_in_every_kind_of_file(course, name, text, table):
    write(course / "docs/modules/01-x/paste.md", lesson(["Intro.", "", text]))
    kind = "text/html" if text.startswith("<table") else "text/plain"
    write(course / "docs/notebooks/paste.ipynb", notebook([code_cell("df.head()\n", [output(kind, text)])]))
    write(course / "docs/notebooks/data/paste.csv", text)
    found = [f for f in scan(course) if f.rule == "phi-restricted-rows"]
    assert {(f.path, f.line or f.where) for f in found} == {
        ("docs/modules/01-x/paste.md", 7),
        ("docs/notebooks/paste.ipynb", 1),
        ("docs/notebooks/data/paste.csv", 1),
    }
    assert all(table in f.message for f in found)
    notebook_finding = next(f for f in found if f.path.endswith(".ipynb"))
    assert notebook_finding.where == "cell 1 output"


def test_restricted_table_needs_the_patient_key_and_most_of_the_header():
    assert restricted_table(["hadm_id", "charttime", "itemid", "valuenum", "valueuom"]) is None
    assert restricted_table(["subject_id", "hadm_id", "x1", "x2", "x3", "x4", "x5", "charttime"]) is None
    columns = ["subject_id", "hadm_id", "stay_id", "charttime", "itemid", "valuenum"]
    assert restricted_table(columns)[0] == "MIMIC-IV chartevents"


def test_the_course_synthetic_files_are_mimic_shaped(repo_root):
    """So their acceptance really rests on the generator comparison, not on a blind spot."""
    for name in ("icu_notes.csv", "icu_vitals.csv"):
        text = (repo_root / "docs/notebooks/data" / name).read_text(encoding="utf-8")
        assert any(h.rule == "phi-restricted-rows" for h in find_hits(text)), name


# ---------------------------------------------------------------------------------------------
# Look-alikes are not reported
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_is_not_reported(text):
    assert find_hits(text) == []


def test_lookalikes_in_every_kind_of_file(course):
    write(course / "docs/modules/01-x/clean.md", lesson(LOOKALIKES + ["```text", *LOOKALIKES, "```"]))
    cells = [
        md_cell("\n".join(LOOKALIKES)),
        code_cell(
            "\n".join(f"# {t}" for t in LOOKALIKES),
            [output("stream", "\n".join(LOOKALIKES)), output("text/html", "<p>" + "<br>".join(LOOKALIKES) + "</p>")],
        ),
    ]
    write(course / "docs/notebooks/clean.ipynb", notebook(cells))
    write(
        course / "docs/notebooks/data/clean.csv",
        "id,text\n" + "".join(f"{i},{csv_quote(t)}\n" for i, t in enumerate(LOOKALIKES)),
    )
    write(course / "docs/notebooks/data/clean.jsonl", "".join(json.dumps({"text": t}) + "\n" for t in LOOKALIKES))
    assert scan(course) == []


# ---------------------------------------------------------------------------------------------
# Declared synthetic examples
# ---------------------------------------------------------------------------------------------

GENERATOR = '''"""Makes the synthetic examples of the de-identification lesson."""
PHONE = "(617) 555-0123"
NAME, BIRTH = "Jane Roe", "03/14/1962"
COLUMNS = ["note_id", "subject_id", "hadm_id", "note_type", "note_seq", "charttime", "storetime", "text"]
'''
DECLARED = "synthetic_phi:\n  generator: hooks/examples.py\n  reason: Teaches de-identification.\n"


def test_declared_examples_traceable_to_the_generator_are_accepted(course):
    write(course / "hooks/examples.py", GENERATOR)
    table = TABLES[2][1].splitlines()
    write(
        course / "docs/modules/01-x/deid.md",
        lesson(["Call (617) 555-0123.", "Jane Roe, DOB 03/14/1962, came in.", "", *table], DECLARED),
    )
    assert scan(course) == []


def test_declared_examples_not_in_the_generator_are_still_reported(course):
    write(course / "hooks/examples.py", GENERATOR)
    write(
        course / "docs/modules/01-x/deid.md",
        lesson(["Call (617) 555-0123.", "Or (617) 555-0188.", "Jane Roe, DOB 03/15/1962."], DECLARED),
    )
    found = scan(course)
    assert [(f.line, f.rule) for f in found] == [(9, "phi-phone"), (10, "phi-dob")]
    assert all("does not occur in the declared generator `hooks/examples.py`" in f.message for f in found)
    assert all("hooks/examples.py" in f.fix for f in found)


def test_the_same_examples_without_a_declaration_are_reported(course):
    write(course / "hooks/examples.py", GENERATOR)
    write(course / "docs/modules/01-x/deid.md", lesson(["Call (617) 555-0123."]))
    assert [f.rule for f in scan(course)] == ["phi-phone"]


@pytest.mark.parametrize("generator", ["hooks/missing.py", "../outside.py", "hooks"])
def test_a_declared_generator_must_exist_in_the_repository(course, generator):
    write(course.parent / "outside.py", GENERATOR)
    (course / "hooks").mkdir()
    front = f"synthetic_phi:\n  generator: {generator}\n  reason: Teaching.\n"
    write(course / "docs/modules/01-x/deid.md", lesson(["Call (617) 555-0123."], front))
    found = scan(course)
    assert [(f.line, f.rule) for f in found] == [(5, "phi-declaration"), (8, "phi-phone")]
    assert "is not a file in the repository" in found[0].message
    assert "does not exist" in found[1].message


def test_notebook_declaration_in_metadata(course):
    write(course / "hooks/examples.py", GENERATOR)
    meta = {"course": {"synthetic_phi": {"generator": "hooks/examples.py", "reason": "Teaching."}}}
    cells = [code_cell('print("(617) 555-0123")\n', [output("stream", "(617) 555-0123\n(617) 555-0177\n")])]
    write(course / "docs/notebooks/deid.ipynb", notebook(cells, meta))
    found = scan(course)
    assert [(f.where, f.rule) for f in found] == [("cell 1 output", "phi-phone")]
    assert "**77" in found[0].message and "declared generator" in found[0].message


def test_notebook_declaration_without_generator(course):
    meta = {"course": {"synthetic_phi": {"reason": "Teaching."}}}
    write(course / "docs/notebooks/deid.ipynb", notebook([code_cell("x = 1\n")], meta))
    found = scan(course)
    assert [(f.where, f.rule) for f in found] == [("metadata", "phi-declaration")]


# ---------------------------------------------------------------------------------------------
# Data files declared in the dataset registry, verified against their MANIFEST.json
# ---------------------------------------------------------------------------------------------

DATA_GENERATOR = """raise SystemExit('a check must never run the generator')
"""
VITALS = (
    b"subject_id,hadm_id,stay_id,charttime,itemid,valuenum,valueuom\n"
    b"900001,9100001,9300001,2150-03-02 06:00:00,990001,114,bpm\n"
)
CONTACTS = b"id,text\n1,Call (617) 555-0123\n"
REGISTRY = """synth:
  name: Synthetic
  access: open
  redistribution: true
  files: ["data/*"]
  generator: tools/gen.py
"""


def generate(course: Path, files: dict[str, bytes], generator: str = "tools/gen.py") -> None:
    """What the generator would commit: its files and their manifest."""
    folder = course / "docs/data"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    manifest.write(folder, [folder / name for name in files], generator)


@pytest.fixture
def registry_course(course) -> Path:
    write(course / "tools/gen.py", DATA_GENERATOR)
    write(course / "docs/_data/datasets.yml", REGISTRY)
    return course


def test_generated_rows_listed_in_the_manifest_are_accepted(registry_course):
    generate(registry_course, {"vitals.csv": VITALS})
    assert scan(registry_course) == []


def test_generated_rows_that_differ_from_the_manifest_are_reported(registry_course):
    generate(registry_course, {"vitals.csv": VITALS})
    (registry_course / "docs/data/vitals.csv").write_bytes(VITALS.replace(b"114", b"115"))
    found = scan(registry_course)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs/data/vitals.csv", 1, "phi-restricted-rows")]
    assert "differs from what `tools/gen.py` generates" in found[0].message
    assert "docs/data/MANIFEST.json" in found[0].message


def test_an_edited_generated_file_without_identifiers_is_reported(registry_course):
    generate(registry_course, {"notes.txt": b"Stable overnight.\n"})
    (registry_course / "docs/data/notes.txt").write_bytes(b"Stable overnight!\n")
    found = scan(registry_course)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs/data/notes.txt", 1, "phi-synthetic-manifest")]
    assert str(found[0]).startswith(
        "docs/data/notes.txt:1: [phi-synthetic-manifest] is declared generated by `tools/gen.py` in "
        "docs/_data/datasets.yml, but the file differs from what `tools/gen.py` generates"
    )


def test_a_file_the_generator_does_not_make_is_reported(registry_course):
    generate(registry_course, {"vitals.csv": VITALS})
    write(registry_course / "docs/data/other.csv", TABLES[7][1])
    found = scan(registry_course)
    assert [f.rule for f in found] == ["phi-restricted-rows"]
    assert "does not generate a file named `other.csv`" in found[0].message


def test_a_file_the_manifest_lists_must_exist(registry_course):
    generate(registry_course, {"vitals.csv": VITALS, "gone.csv": b"x\n"})
    (registry_course / "docs/data/gone.csv").unlink()
    found = scan(registry_course)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs/data/MANIFEST.json", 1, "phi-synthetic-manifest")]
    assert "lists `gone.csv`, which is not in docs/data" in found[0].message


def test_a_missing_manifest_is_reported(registry_course):
    write(registry_course / "docs/data/vitals.csv", VITALS.decode())
    found = scan(registry_course)
    assert [f.rule for f in found] == ["phi-restricted-rows"]
    assert "docs/data/MANIFEST.json is missing" in found[0].message


def test_a_manifest_of_another_generator_is_reported(registry_course):
    generate(registry_course, {"vitals.csv": VITALS}, generator="tools/other.py")
    found = scan(registry_course)
    assert [f.rule for f in found] == ["phi-restricted-rows"]
    assert "was written by `tools/other.py`, not by `tools/gen.py`" in found[0].message


def test_identifiers_in_generated_files_are_still_reported(registry_course):
    generate(registry_course, {"contacts.csv": CONTACTS})
    found = scan(registry_course)
    assert [(f.line, f.rule) for f in found] == [(2, "phi-phone")]
    assert "generated by `tools/gen.py`" in found[0].message


def test_rows_in_a_data_file_without_a_generator_are_reported(course):
    write(course / "docs/_data/datasets.yml", REGISTRY.replace("  generator: tools/gen.py\n", ""))
    write(course / "docs/data/vitals.csv", TABLES[7][1])
    found = scan(course)
    assert [f.rule for f in found] == ["phi-restricted-rows"]
    assert "generator:" in found[0].fix


def test_the_course_registry_declares_its_generator(repo_root):
    generators = phi.registry_generators(CourseData.load(repo_root / "docs", repo_root).datasets)
    assert ("course-synthetic", "hooks/coursetools/synthetic", "notebooks/data/*") in {
        (g.entry, g.generator, g.pattern) for g in generators
    }


def test_the_generator_reproduces_the_committed_manifest(repo_root, tmp_path):
    """CI runs this: the fixed-seed generator writes exactly the committed MANIFEST.json."""
    from coursetools import synthetic as synthetic_data

    synthetic_data.main(tmp_path)
    committed = repo_root / "docs/notebooks/data" / manifest.NAME
    assert (tmp_path / manifest.NAME).read_bytes() == committed.read_bytes()


# ---------------------------------------------------------------------------------------------
# The real course
# ---------------------------------------------------------------------------------------------


def test_the_real_course_has_no_phi(repo_root):
    found = scan_course(repo_root / "docs", repo_root, CourseData.load(repo_root / "docs", repo_root).datasets)
    assert found == [], "\n".join(str(f) for f in found)


def test_the_check_never_runs_the_generator(course_copy):
    """The committed data are verified by their manifest: a generator that cannot run changes nothing."""
    (course_copy / "hooks/coursetools/synthetic/__init__.py").write_text("raise SystemExit('ran')\n")
    assert (
        scan_course(course_copy / "docs", course_copy, CourseData.load(course_copy / "docs", course_copy).datasets)
        == []
    )


def test_an_edited_course_data_file_is_caught(course_copy):
    """One changed value in a MIMIC-shaped file makes it a finding (its hash is not the manifest's)."""
    notes = course_copy / "docs/notebooks/data/icu_notes.csv"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace(
            "Family updated by phone by MD.", "Family updated at (617) 555-0123 by MD.", 1
        ),
        encoding="utf-8",
    )
    found = [
        f
        for f in scan_course(
            course_copy / "docs", course_copy, CourseData.load(course_copy / "docs", course_copy).datasets
        )
        if f.path.endswith("icu_notes.csv")
    ]
    assert sorted(f.rule for f in found) == ["phi-phone", "phi-restricted-rows"]
    restricted = next(f for f in found if f.rule == "phi-restricted-rows")
    assert restricted.line == 1
    assert "differs from what `hooks/coursetools/synthetic` generates" in restricted.message


def test_unreadable_notebook_is_reported(course):
    write(course / "docs/notebooks/broken.ipynb", "{not json")
    assert [f.rule for f in scan(course)] == ["phi-unreadable"]


# ---------------------------------------------------------------------------------------------
# Whatever the text, the check answers and never raises
# ---------------------------------------------------------------------------------------------

PHI_BITS = st.sampled_from(
    [
        "617",
        "555",
        "0123",
        "-",
        ".",
        "(",
        ")",
        "+1 ",
        "+44 ",
        " ",
        "\n",
        "\t",
        "@",
        "example.com",
        "MRN: ",
        "SSN ",
        "DOB: ",
        "born on ",
        "Name: ",
        "Jane Roe",
        "ROE, Jane",
        "03/14/1962",
        "March 14, 1962",
        "42 ",
        "Elm ",
        "Street",
        "St.",
        ", IL 62704",
        "P.O. Box ",
        "NHS ",
        "Acct #",
        "subject_id",
        ",hadm_id",
        ",charttime",
        ",text",
        "|",
        "<table>",
        "<th>",
        "</th>",
        "<td>",
        '"subject_id": ',
        "{",
        "}",
        "1234567",
        "9",
        "İ",
        "ß",
        "\x00",
        "Tel: ",
        "Fax:",
    ]
)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), st.lists(st.one_of(PHI_BITS, st.text(max_size=4)), max_size=60).map("".join)))
def test_random_text_never_raises(text):
    for finding in scan_text(text, "docs/x.md"):
        assert finding.path == "docs/x.md" and finding.line >= 1 and finding.rule.startswith("phi-")
    for hit in find_hits(text):
        assert 0 <= hit.start <= hit.end <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20) | PHI_BITS,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "cells",
                        "source",
                        "outputs",
                        "output_type",
                        "text",
                        "data",
                        "text/html",
                        "text/plain",
                        "traceback",
                        "metadata",
                        "course",
                        "synthetic_phi",
                        "generator",
                    ]
                )
                | st.text(max_size=6),
                children,
                max_size=6,
            )
        ),
        max_leaves=25,
    )
)
def test_random_json_notebooks_never_raise(tmp_path, data):
    path = tmp_path / "docs" / "random.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    for finding in phi.scan_notebook(path, "docs/random.ipynb", tmp_path):
        assert finding.path == "docs/random.ipynb"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | PHI_BITS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10,
)


@st.composite
def notebook_like(draw):
    """Notebooks with the right keys and anything, of any type, as their values."""

    def anything_or(strategy):
        return draw(st.one_of(strategy, JSON))

    outputs = st.lists(
        st.fixed_dictionaries(
            {
                "output_type": st.sampled_from(["stream", "error", "execute_result", "display_data", "x"]) | JSON,
                "text": JSON | st.lists(PHI_BITS),
                "traceback": JSON | st.lists(PHI_BITS),
                "data": st.dictionaries(st.sampled_from(["text/plain", "text/html", "application/json"]), JSON),
            }
        ),
        max_size=3,
    )
    cells = st.lists(
        st.fixed_dictionaries(
            {
                "cell_type": st.sampled_from(["code", "markdown"]),
                "source": JSON | st.lists(PHI_BITS),
                "outputs": outputs | JSON,
            }
        ),
        max_size=3,
    )
    metadata = (
        st.fixed_dictionaries(
            {
                "course": st.fixed_dictionaries(
                    {"synthetic_phi": JSON | st.fixed_dictionaries({"generator": JSON | PHI_BITS})}
                )
            }
        )
        | JSON
    )
    return {"cells": anything_or(cells), "metadata": anything_or(metadata)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=notebook_like())
def test_random_notebooks_never_raise(tmp_path, data):
    path = tmp_path / "docs" / "random.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    for finding in phi.scan_notebook(path, "docs/random.ipynb", tmp_path):
        assert finding.path == "docs/random.ipynb" and finding.rule.startswith("phi-")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(st.one_of(PHI_BITS, st.text(max_size=4)), max_size=60).map("".join),
    suffix=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".txt"]),
)
def test_random_data_files_never_raise(tmp_path, text, suffix):
    path = tmp_path / "docs" / "data" / f"random{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    for finding in phi.scan_data_file(path, f"docs/data/random{suffix}", repo_root=tmp_path):
        assert finding.path == f"docs/data/random{suffix}" and finding.line >= 1


# ---------------------------------------------------------------------------------------------
# The package's data and rules
# ---------------------------------------------------------------------------------------------


def test_mimic_tables_are_package_data_without_aliases():
    from coursetools.phi import mimic_tables

    tables = mimic_tables.restricted_tables()
    assert len(tables) >= 45 and "subject_id" in tables["MIMIC-IV labevents"]
    with pytest.raises(ValueError, match="uses the YAML anchor `&cols`"):
        mimic_tables.parse("a: &cols subject_id hadm_id\nb: *cols\n")


def test_every_phi_rule_is_in_the_catalogue():
    from coursetools.findings import CATALOGUE

    reported = {
        "phi-ssn",
        "phi-phone",
        "phi-email",
        "phi-id",
        "phi-license",
        "phi-vehicle",
        "phi-device",
        "phi-url",
        "phi-ip",
        "phi-dob",
        "phi-date",
        "phi-age",
        "phi-name",
        "phi-address",
        "phi-restricted-rows",
        "phi-declaration",
        "phi-unreadable",
        "phi-synthetic-manifest",
    }
    assert reported <= set(CATALOGUE)
    assert all(CATALOGUE[rule_id].group == "patient data" for rule_id in reported)
