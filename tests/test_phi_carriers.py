"""PHI in every place a lesson, a data file or a notebook can carry it.

A second labelled corpus beside ``test_phi_corpus.py``: identifiers of the classes the first scan
missed (names without a ``Patient:`` label, names with apostrophes, honorific names, labels and
values split across HTML table cells, headerless CSV rows of a name and a date of birth, GS1 device
identifiers, biometric template ids, full-face photograph references), and look-alikes of each,
planted in each carrier: front-matter values, image alt text, Mermaid labels, quiz blocks, HTML
tables, code comments, footnotes, link titles, nested JSON, headerless CSV, notebook cells and
notebook outputs. Every positive must be reported on the line that carries it; no look-alike may
be reported anywhere. ``test_carrier_rates`` prints the detection and false-positive rates per
carrier. Every value is invented for this file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from coursetools import phi

# --- positives: (id, text, rule) ---------------------------------------------------------------
# Each is a phrase as an author could write it; it is planted in every carrier below.
POSITIVES = [
    # names without a label, in the places they hide
    ("unlabelled-xray-of", "Chest X-ray of Eleanor Vance on admission", "phi-name"),
    ("unlabelled-photo-of", "Photo of Marcus Whitfield after surgery", "phi-name"),
    ("unlabelled-summary-for", "Discharge summary for Priya Raman", "phi-name"),
    ("unlabelled-age-after", "Tomasz Kowalczyk, a 67-year-old man, presented with dyspnoea", "phi-name"),
    ("unlabelled-age-paren", "Aisha Bello (54 y/o) was seen in clinic", "phi-name"),
    ("unlabelled-patient-word", "patient Gareth Llewellyn was transferred to the ward", "phi-name"),
    ("unlabelled-scan-of", "CT scan of Hannah Okafor, axial slice", "phi-name"),
    ("unlabelled-letter-about", "Referral letter about Dmitri Volkov from his GP", "phi-name"),
    ("unlabelled-notes-of", "Nursing notes of Beatriz Santos, night shift", "phi-name"),
    ("unlabelled-mri-of", "MRI of Kwame Mensah showing a lesion", "phi-name"),
    ("unlabelled-aged", "Lucia Ferraro, aged 71, lives alone", "phi-name"),
    ("unlabelled-record-of", "the medical record of Oliver Brennan", "phi-name"),
    # apostrophes and other name shapes
    ("apostrophe-label", "Patient: Siobhan O'Neill", "phi-name"),
    ("apostrophe-typographic", "Patient: Declan O’Sullivan", "phi-name"),
    ("apostrophe-d", "Next of kin: Marco D'Angelo", "phi-name"),
    ("apostrophe-unlabelled", "Photo of Niamh O'Brien at discharge", "phi-name"),
    ("hyphenated-double", "Patient: Anna-Lena Schmidt-Weber", "phi-name"),
    ("mc-name", "Patient: Fiona McAllister", "phi-name"),
    # honorifics
    ("honorific-mrs", "Mrs. Eleanor Vance was admitted overnight", "phi-name"),
    ("honorific-mr", "Mr Rajesh Patel declined the procedure", "phi-name"),
    ("honorific-ms", "Ms. Chloe Durand reports less pain", "phi-name"),
    ("honorific-miss", "Miss Amelia Hart, the patient, is anxious", "phi-name"),
    ("honorific-mx", "Mx Jordan Reyes attended with a friend", "phi-name"),
    ("honorific-surname", "Mrs. Okonkwo was seen on the ward round", "phi-name"),
    ("honorific-apostrophe", "Mr. Liam O'Connor was discharged home", "phi-name"),
    # GS1 unique device identifiers
    ("udi-gs1-full", "(01)00884838035551(17)271231(10)A1234(21)SN88213", "phi-device"),
    ("udi-gs1-labelled", "UDI: (01)10614141000415(17)280630(21)7734", "phi-device"),
    ("udi-di-label", "UDI-DI 00643169007222", "phi-device"),
    ("udi-gs1-brackets", "Implant UDI [01]00884838035551[21]SN40022", "phi-device"),
    ("udi-gs1-hri", "Device identifier (01) 00884838035551 (21) 22K0419", "phi-device"),
    # biometric identifiers
    ("biometric-fingerprint", "Fingerprint template ID: FP-7734-22918", "phi-biometric"),
    ("biometric-iris", "iris template 8F3A22C91B07", "phi-biometric"),
    ("biometric-voiceprint", "Voiceprint ID VP-220913-44", "phi-biometric"),
    ("biometric-face", "Face template id: FT00923871", "phi-biometric"),
    ("biometric-palm", "palm vein template #PV-33120", "phi-biometric"),
    ("biometric-retina", "Retinal scan ID RS-4471-0098", "phi-biometric"),
    ("biometric-generic", "Biometric ID: BIO-55120-X", "phi-biometric"),
    # full-face photographs
    ("photo-face-file", "Full-face photo: patient_3321_face.jpg", "phi-photo"),
    ("photo-attached", "full-face photograph attached (IMG_2231.JPG)", "phi-photo"),
    ("photo-headshot", "headshot of the patient: pt-8812-headshot.png", "phi-photo"),
    ("photo-portrait-path", "portrait photo saved as images/patients/44120-portrait.jpeg", "phi-photo"),
    ("photo-facial", "Facial photograph, frontal view: scan_0042_face_front.png", "phi-photo"),
    ("photo-mugshot", "ID badge photo (face) patient 99231: badge_99231.jpg", "phi-photo"),
    # the classes of the first corpus, in the new carriers
    ("dob-labelled", "DOB: 14/03/1962", "phi-dob"),
    ("mrn-labelled", "MRN: 4471920", "phi-id"),
    ("member-id", "Member ID: W884213370", "phi-id"),
    ("phone-labelled", "Phone: (617) 555-0142", "phi-phone"),
    ("email-plain", "Write to eleanor.vance@mail.example for results", "phi-email"),
    ("ssn-labelled", "SSN 219-09-9999", "phi-ssn"),
    ("age-over-89", "a 93-year-old woman with a hip fracture", "phi-age"),
    ("address-street", "She lives at 42 Wallaby Way now", "phi-address"),
    ("admitted-date", "Admitted on 03/14/2023 with chest pain", "phi-date"),
    ("labelled-name", "Patient name: Rosa Delgado", "phi-name"),
    ("kin-name", "Emergency contact: Ibrahim Haddad", "phi-name"),
    ("plate", "License plate: 7ABC123", "phi-vehicle"),
    ("ip-address", "Accessed from 73.158.42.17 at night", "phi-ip"),
    ("url-patient", "https://ehr.example.org/chart?mrn=7654321", "phi-url"),
    ("serial-device", "Pacemaker serial: ABC123456", "phi-device"),
    ("age-label", "Age: 97", "phi-age"),
    ("dob-name", "Eleanor Vance, born 2 June 1941", "phi-dob"),
]

# Carrier-shaped positives: the shape itself is the class (split table cells, headerless CSV rows).
# (id, carrier, content, rule); the identifier sits on the content's last line.
SHAPED = [
    ("html-cells-age", "html-table", "<tr><th>Age</th><td>91</td></tr>", "phi-age"),
    ("html-cells-member", "html-table", "<tr><td>Member ID</td><td>W123456789</td></tr>", "phi-id"),
    ("html-cells-dob", "html-table", '<tr><th scope="row">DOB</th><td>1941-06-02</td></tr>', "phi-dob"),
    ("html-cells-name", "html-table", "<tr><td>Patient</td><td>Eleanor Vance</td></tr>", "phi-name"),
    ("html-cells-mrn", "html-table", "<tr><th>MRN</th> <td>7712093</td></tr>", "phi-id"),
    ("html-cells-phone", "html-table", "<tr><td>Phone</td><td>617-555-0199</td></tr>", "phi-phone"),
    ("csv-name-dob", "headerless-csv", "Eleanor Vance,1941-06-02", "phi-dob"),
    ("csv-name-dob-us", "headerless-csv", "Marcus Whitfield,11/17/1953,M", "phi-dob"),
    ("csv-dob-name", "headerless-csv", "1962-03-14,Priya Raman", "phi-dob"),
    ("csv-quoted", "headerless-csv", '"Siobhan O\'Neill","1970-01-30"', "phi-dob"),
    ("csv-id-name-dob", "headerless-csv", "1007,Tomasz Kowalczyk,1958-07-04,Leeds", "phi-dob"),
    ("tsv-name-dob", "headerless-csv", "Aisha Bello\t1977-09-12", "phi-dob"),
]

# --- look-alikes: text that must never be reported -------------------------------------------
LOOKALIKES = [
    # names that are not patients: authors, eponyms, models, clinicians, places
    "Vaswani et al. (2017) introduced the transformer.",
    "Chest X-ray of a synthetic patient, labelled as such",
    "Photo of the ward entrance, taken for the course",
    "Discharge summary for a synthetic patient (made by the course's generator)",
    "Summary for Module 3",
    "MRI of the knee, sagittal view",
    "Notes of the Transformer Families lesson",
    "the medical record of a fictional patient",
    "A 67-year-old man, presented with dyspnoea, is the worked example",
    "patient education leaflets were evaluated",
    "patient Safety Reporting System (an example system)",
    "Dr. Smith reviewed the note.",
    "Prof. Hinton's lecture on backpropagation",
    "Parkinson's disease and Alzheimer's disease",
    "Crohn's disease, Hodgkin's lymphoma and Bell's palsy",
    "O'Reilly Media published the book.",
    "Mr. Bayes' theorem, as a joke, is just Bayes' theorem",
    "Ms Word documents are not accepted.",
    "Miss rates fell after the change.",
    "Chest X-ray of Pneumonia cases from CheXpert",
    "Image of Clinical Camel's architecture",
    "Letter about Safe Harbor de-identification",
    "Referral letter about Type 2 Diabetes",
    "Nursing notes of Intensive Care Units vary in length",
    "Scan of Figure 2 from the paper",
    "Record of Processing Activities (GDPR Article 30)",
    "Alan Turing (1950) asked whether machines can think.",
    "De-identified records from Beth Israel Deaconess Medical Center (MIMIC)",
    "Charts from Grace Kennedy Memorial Hospital were not used",
    "Med-PaLM 2, aged two years, is already superseded",
    # codes and numbers that look like devices, biometrics or ids
    "GTIN 00884838035551 is the product's trade item number in the catalogue",
    "(01) is the GS1 application identifier for a GTIN; (17) is an expiry date.",
    "UDI-DI and UDI-PI are the two parts of a unique device identifier.",
    "The FDA's GUDID database lists device identifiers, not patients.",
    "Fingerprint readers are biometric devices.",
    "An iris template is a biometric identifier under Safe Harbor (identifier 16).",
    "Voiceprints are biometric data under the GDPR.",
    "Face template matching is a computer-vision task.",
    "Biometric identifiers, such as finger and voice prints",
    "Retinal scans are used in ophthalmology research.",
    "Palm vein scanners exist.",
    "Template ID: lesson-v2 (the skeleton course-new-lesson writes)",
    # photographs that are not patients
    "Full-face photographs and comparable images (Safe Harbor identifier 17)",
    "Remove full-face photographs before sharing images.",
    "![A face-detection pipeline](figures/face-detection.svg)",
    "portrait orientation: figures/attention-portrait.png",
    "Headshots of the course authors are not published.",
    "facial expression recognition benchmarks (FER-2013)",
    "See diagrams/face-mask-fit.png for the mask fitting steps.",
    # tables, CSV and dates that are not identifiers
    "<tr><th>Age group</th><td>90+</td></tr>",
    "<tr><th>Age</th><td>45</td></tr>",
    "<tr><td>Member ID</td><td>[REDACTED]</td></tr>",
    "<tr><td>Patient</td><td>synthetic patient 12</td></tr>",
    "<tr><th>Model</th><td>BioBERT</td></tr>",
    "<tr><td>Published</td><td>2023-05-01</td></tr>",
    "<tr><th>Year</th><td>1941</td></tr>",
    "Clinical Camel,2023",
    "BioMedLM,2022-12-15,Stanford CRFM",
    "Release,2024-01-05",
    "GatorTron,2022,Nature Digital Medicine",
    "Med-PaLM,2022-12-26",
    "Published 14 March 2023.",
    "Received: 12 January 2022; accepted: 3 June 2022.",
    "Born in 1962, she moved in 1990.",
    "ages over 89 are reported as 90+",
    "Patient: [NAME]",
    "Name: Course synthetic data",
    "ICD-10 codes I21.4, N17.9 and Z79.01.",
    "doi:10.1056/NEJMoa2034577",
    "arXiv:2303.08774",
]


# --- carriers: how each one holds a text, and the line the text lands on ----------------------


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _markdown(body: str, *, front: str = "") -> str:
    return f"---\ntitle: Corpus\n{front}---\n\nSome prose.\n\n{body}\n\nMore prose.\n"


# name -> (file name, make(text) -> content, line of the text, where)
CARRIERS: dict[str, tuple[str, Callable[[str], str], int, str]] = {
    "front-matter": ("docs/page.md", lambda t: _markdown("Body.", front=f"description: {_quoted(t)}\n"), 3, ""),
    "alt-text": ("docs/page.md", lambda t: _markdown(f"![{t}](figure.png)"), 7, ""),
    "mermaid": (
        "docs/page.md",
        lambda t: _markdown(f"```mermaid\nflowchart TD\n  A[{_quoted(t)}] --> B[Done]\n```"),
        9,
        "",
    ),
    "quiz": (
        "docs/page.md",
        lambda t: _markdown(
            f"```quiz\n- question: Which is right?\n  choices:\n    - text: {_quoted(t)}\n      correct: true\n```"
        ),
        10,
        "",
    ),
    "html-table": ("docs/page.md", lambda t: _markdown(f"<table>\n{_cell(t)}\n</table>"), 8, ""),
    "code-comment": ("docs/page.md", lambda t: _markdown(f"```python\nx = 1\n# {t}\n```"), 9, ""),
    "footnote": ("docs/page.md", lambda t: _markdown(f"A claim.[^a]\n\n[^a]: {t}"), 9, ""),
    "link-title": (
        "docs/page.md",
        lambda t: _markdown(f'[see the chart](https://example.org/chart "{_title(t)}")'),
        7,
        "",
    ),
    "nested-json": (
        "docs/data/records.json",
        lambda t: json.dumps({"records": [{"meta": {"source": "course", "note": t}}]}, indent=1, ensure_ascii=False),
        6,
        "",
    ),
    "headerless-csv": ("docs/data/rows.csv", lambda t: f"Stable overnight.\n{_row(t)}\n", 2, ""),
    "notebook-cell": (
        "docs/notebook.ipynb",
        lambda t: _notebook(source=["x = 1\n", f"# {t}\n"]),
        1,
        "cell 1 source, line 2",
    ),
    "notebook-output": ("docs/notebook.ipynb", lambda t: _notebook(output=["Stable.\n", t + "\n"]), 1, "cell 1 output"),
}


def _cell(text: str) -> str:
    return text if text.startswith("<tr") else f"<tr><td>{text}</td></tr>"


def _title(text: str) -> str:
    return text.replace('"', "'")


def _row(text: str) -> str:
    if "," in text or "\t" in text:
        return text
    return _quoted(text)


def _notebook(source: list[str] | None = None, output: list[str] | None = None) -> str:
    outputs = [{"output_type": "stream", "name": "stdout", "text": output}] if output else []
    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": source or ["show()\n"]}
    cell["outputs"] = outputs
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False)


def plant(root: Path, carrier: str, text: str) -> list:
    name, make, _, _ = CARRIERS[carrier]
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(make(text), encoding="utf-8")
    if name.endswith(".md"):
        return phi.scan_markdown(path, name, root)
    if name.endswith(".ipynb"):
        return phi.scan_notebook(path, name, root)
    return phi.scan_data_file(path, name, repo_root=root)


def caught(findings: list, carrier: str, rule: str) -> bool:
    _, _, line, where = CARRIERS[carrier]
    return any(f.rule == rule and f.line == line and f.where == where for f in findings)


# Every phrase in every carrier, but the carrier-shaped ones only in their own carrier and in the
# carriers that keep their shape (an HTML row in a page, a CSV row in a notebook's output).
PLANTED = [(pid, carrier, text, rule) for pid, text, rule in POSITIVES for carrier in CARRIERS] + [
    (pid, carrier, text, rule)
    for pid, own, text, rule in SHAPED
    for carrier in ([own, "notebook-output"] if own == "headerless-csv" else [own])
]
CLEAN = [(carrier, text) for text in LOOKALIKES for carrier in CARRIERS]


@pytest.mark.parametrize("pid,carrier,text,rule", PLANTED, ids=[f"{p[0]}-{p[1]}" for p in PLANTED])
def test_positive_is_caught(tmp_path, pid, carrier, text, rule):
    findings = plant(tmp_path, carrier, text)
    assert caught(findings, carrier, rule), f"{pid} in {carrier}: {[str(f) for f in findings]}"


@pytest.mark.parametrize("carrier,text", CLEAN, ids=[f"{i}-{c[0]}" for i, c in enumerate(CLEAN)])
def test_lookalike_is_clean(tmp_path, carrier, text):
    findings = plant(tmp_path, carrier, text)
    assert findings == [], [str(f) for f in findings]


def test_carrier_rates(tmp_path, capsys):
    """Detection and false-positive rates per carrier (printed; the closing note quotes them)."""
    rows = []
    for carrier in CARRIERS:
        planted = [(p, t, r) for p, c, t, r in PLANTED if c == carrier]
        clean = [t for c, t in CLEAN if c == carrier]
        detected = sum(
            caught(plant(tmp_path / f"p-{carrier}-{i}", carrier, t), carrier, r) for i, (_, t, r) in enumerate(planted)
        )
        false = sum(bool(plant(tmp_path / f"l-{carrier}-{i}", carrier, t)) for i, t in enumerate(clean))
        rows.append((carrier, detected, len(planted), false, len(clean)))
    with capsys.disabled():
        print(f"\nPHI by carrier ({len(POSITIVES) + len(SHAPED)} positives, {len(LOOKALIKES)} look-alikes):")
        for carrier, detected, planted_count, false, clean_count in rows:
            print(
                f"  {carrier:16} detected {detected:3}/{planted_count:3} ({100 * detected / planted_count:5.1f} %)"
                f"  false positives {false:2}/{clean_count:2} ({100 * false / clean_count:4.1f} %)"
            )
    assert len(POSITIVES) + len(SHAPED) >= 60 and len(LOOKALIKES) >= 60
    assert all(detected == planted_count and false == 0 for _, detected, planted_count, false, _ in rows)
