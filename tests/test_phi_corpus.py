"""A labelled corpus for the PHI scan: realistic identifiers it must catch, look-alikes it must not.

Every positive is planted in four kinds of file (a Markdown page, a CSV file, a JSON file and a
notebook's output) and must be reported there, at its line, with its rule; every look-alike is
planted the same way and must not be reported at all. ``test_corpus_rates`` prints the detection
and false-positive rates. Every value is invented (555-01xx numbers, ``.example`` domains, SSNs
and record numbers typed for this file).

The hostile-input tests time the scan of 1 MB files of repeated near-matches, one per detector,
in a subprocess (time.perf_counter and time.process_time), and only fail on a generous timeout
(60 s: the shared test machine can be loaded; a quadratic scan of 1 MB would take hours).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coursetools import phi
from test_phi import LOOKALIKES as BASE_LOOKALIKES
from test_phi import PLANTED

# (id, text, rule): Safe Harbor identifier classes that occur in text, in the shapes they are written.
POSITIVES = [(name, text, rule) for name, text, rule in PLANTED] + [
    # social security numbers
    ("ssn-bare-spaces", "The card read 123 45 6789 in faded ink.", "phi-ssn"),
    ("ssn-compact-labelled", "ssn 219099997 on file", "phi-ssn"),
    ("ssn-soc-sec", "soc sec #: 401-22-3344", "phi-ssn"),
    ("ssn-ss-hash", "SS# 512-33-4455", "phi-ssn"),
    ("ssn-is", "patient SSN is 212-67-8901", "phi-ssn"),
    ("ssn-woolworth", "Social Security No. 078-05-1120", "phi-ssn"),
    # phone and fax
    ("phone-bare-spaces", "call her on 617 555 0123 tonight", "phi-phone"),
    ("phone-mobile-uk", "Mobile: 07700 900123", "phi-phone"),
    ("phone-pager", "Pager #: 617-555-0177", "phi-phone"),
    ("phone-home-spaces", "Home phone 212 555 0100", "phi-phone"),
    ("phone-france", "Her sister in Paris, +33 1 42 68 53 00, called.", "phi-phone"),
    ("fax-us", "Fax (617) 555-0145 the consent form.", "phi-phone"),
    # e-mail
    ("email-plus", "Results to j.smith+clinic@hospital.example.org please.", "phi-email"),
    ("email-mailto", "mailto:alan.smithee@mail.example", "phi-email"),
    ("email-nhs", "Contact: p.jones@nhs.example.uk", "phi-email"),
    ("email-underscore", "kim_lee1988@webmail.example wrote back.", "phi-email"),
    # URLs carrying a patient identifier
    ("url-path", "See https://portal.example-hospital.org/patients/12345678 for the chart.", "phi-url"),
    ("url-mrn-query", "https://ehr.example.org/chart?mrn=7654321", "phi-url"),
    ("url-patient-id", "http://records.example.com/view?patient_id=A1234567&tab=labs", "phi-url"),
    ("url-www", "www.example-clinic.com/pt/99887766/summary", "phi-url"),
    ("url-fhir", "GET https://fhir.example.org/R4/Patient/5512349 returned 200.", "phi-url"),
    ("url-name-query", "https://app.example.org/search?last_name=Roe&first_name=Jane", "phi-url"),
    ("url-record-id", "Open http://10.1.2.3/patient?id=12345 on the ward PC.", "phi-url"),
    # IP addresses
    ("ip-v4", "Accessed from 73.158.42.17 at 02:14.", "phi-ip"),
    ("ip-v4-key", "login ip=24.6.113.90 failed", "phi-ip"),
    ("ip-v4-client", "client 151.101.1.69 downloaded the chart", "phi-ip"),
    ("ip-v6", "IPv6 2607:f8b0:4005:80a::200e in the log", "phi-ip"),
    # record, account, plan and other numbers
    ("patient-id", "Patient ID: 88213409", "phi-id"),
    ("patient-id-hash", "Patient ID#: 12345", "phi-id"),
    ("encounter", "Encounter #: 20231104", "phi-id"),
    ("insurance-id", "Insurance ID W123456789", "phi-id"),
    ("policy", "Policy number: PLN-4417-2231", "phi-id"),
    ("chart-number", "Chart number 3301982", "phi-id"),
    # certificates and licences
    ("driver-license", "Driver's license: S530-4417-9921", "phi-license"),
    ("dl-hash", "DL# D1234567", "phi-license"),
    ("license-number", "License number: RN-884213", "phi-license"),
    ("dea", "DEA number AB1234563", "phi-license"),
    ("certificate", "Certificate number: 142-2023-004512", "phi-license"),
    # vehicles
    ("vin-labelled", "VIN 1HGCM82633A004352", "phi-vehicle"),
    ("vin-bare", "The car, 1M8GDM9AXKP042788, was towed.", "phi-vehicle"),
    ("plate", "License plate: 7ABC123", "phi-vehicle"),
    ("plate-number", "plate number 4GHJ 882", "phi-vehicle"),
    # devices
    ("serial", "Serial number: PM-2231-88413", "phi-device"),
    ("s-n", "S/N 4417AX9921", "phi-device"),
    ("pacemaker", "Pacemaker serial: ABC123456", "phi-device"),
    ("udi", "UDI 00884838035551", "phi-device"),
    ("imei", "IMEI 356938035643809", "phi-device"),
    ("mac", "Pump MAC 00:1A:2B:3C:4D:5E", "phi-device"),
    # dates of birth
    ("dob-dmy-month", "D.O.B.: 04-Mar-1961", "phi-dob"),
    ("dob-short", "DOB 1/2/1990", "phi-dob"),
    ("dob-birthdate", "birthdate: 1975-11-30", "phi-dob"),
    ("dob-born-ordinal", "Born 3rd of May 1948 in Leeds.", "phi-dob"),
    ("dob-dots", "date of birth is 12.05.1971", "phi-dob"),
    ("dob-day-month", "DOB: 5 Jan 1933", "phi-dob"),
    ("dob-two-digit-year", "birth date 09/09/59", "phi-dob"),
    ("dob-dash-label", "Patient DOB - 1944-02-29", "phi-dob"),
    ("dob-no-year", "DOB: March 14 (year withheld)", "phi-dob"),
    # dates of care and death
    ("admitted", "Admitted on 03/14/2023 with chest pain.", "phi-date"),
    ("discharge-date", "Discharge date: 2024-01-19", "phi-date"),
    ("date-of-death", "Date of death: 11 Nov 2021", "phi-date"),
    ("died", "Died on March 3, 2020 at home.", "phi-date"),
    ("admission-date", "admission date 2019-06-02", "phi-date"),
    ("date-of-service", "Date of service: 02/02/2022", "phi-date"),
    ("discharged", "discharged 2023-12-24 to rehab", "phi-date"),
    # ages over 89
    ("age-year-old", "a 92-year-old woman", "phi-age"),
    ("age-yo", "94 yo M with CHF", "phi-age"),
    ("age-label", "Age: 97", "phi-age"),
    ("age-aged", "aged 101, lives alone", "phi-age"),
    ("age-years-old", "She is 93 years old.", "phi-age"),
    ("age-y-o", "96 y/o F", "phi-age"),
    # names
    ("name-patient", "Patient: Jane Roe", "phi-name"),
    ("name-name", "Name: John Q. Public", "phi-name"),
    ("name-pt-name", "Pt name: Maria Lopez", "phi-name"),
    ("name-kin", "Next of kin: Robert Roe", "phi-name"),
    ("name-last-first", "Patient name: ROE, Jane", "phi-name"),
    ("name-contact", "Emergency contact: Ana Silva", "phi-name"),
    # places
    ("zip4-alone", "mailing code 60614-2201", "phi-address"),
    ("zip-labelled", "Zip code: 94110", "phi-address"),
    ("postcode-uk", "postcode SW1A 1AA", "phi-address"),
    ("address-letter", "She lives at 221B Baker Street now.", "phi-address"),
    ("address-three-words", "Shelter at 12 Martin Luther King Blvd", "phi-address"),
]

# Look-alikes: codes, references, doses, ranges, dates of publications, aggregates, placeholders.
LOOKALIKES = BASE_LOOKALIKES + [
    "ICD-10 codes I21.4, N17.9 and Z79.01; C34.90; S72.001A.",
    "LOINC 2345-7 (glucose), 718-7 (hemoglobin), 4548-4 (HbA1c) and 8480-6 (systolic BP).",
    "NDC 0002-3227-30 and NDC 50090-2876-0 and NDC 0069-0150-01.",
    "doi:10.1056/NEJMoa2034577 and https://doi.org/10.1001/jama.2023.12345",
    "ISBN 978-3-16-148410-0; ISBN-10 0-306-40615-2.",
    "ORCID 0000-0002-1825-0097 (https://orcid.org/0000-0002-1825-0097).",
    "ISSN 2052-4463; eISSN 1476-4687.",
    "arXiv:2303.08774, arXiv:1810.04805v2 and https://arxiv.org/abs/2005.14165.",
    "PMID 33567185; https://pubmed.ncbi.nlm.nih.gov/31978945/",
    "NCT04368728; https://clinicaltrials.gov/study/NCT04470427",
    "pp. 2223-2230; N Engl J Med 2020;383:2603-2615.",
    "Lancet. 2021;397(10277):881-891.",
    "metoprolol 25 mg PO BID; heparin 5000 units SC q8h.",
    "insulin glargine 10 units qHS; amoxicillin 500 mg TID x 7 days.",
    "Normal range 3.5-5.0 mEq/L; WBC 4.5-11.0 x10^9/L.",
    "platelets 150-400 K/uL; Hb 13.5-17.5 g/dL.",
    "Published 14 March 2023.",
    "Accessed 2024-05-01.",
    "Received: 12 January 2022; accepted: 3 June 2022.",
    "Last updated on 2024-02-29.",
    "The draft dated 01/02/2024 was revised.",
    "an 89-year-old man with COPD",
    "patients aged 90 or older are grouped",
    "ages over 89 are reported as 90+",
    "a 45 yo F with asthma",
    "age ≥ 90 years",
    "90-day mortality was 12%.",
    "The run took 12:30:45 in total.",
    "Version 2.10.1.3 released; v1.2.3.4 too.",
    "UUID 00d986ec-1d3c-4205-bb2c-5a27f35c4630",
    "sha256 a15656aae0874ff2aebbc288a6e068661267ba7b077c8c80ac50c166b9fffc31",
    "commit f9e69c5 fixed it.",
    "localhost 127.0.0.1 and 10.0.0.12 and 172.16.4.8",
    "192.0.2.44 is reserved for documentation, as is 2001:db8::1.",
    "link-local fe80::1ff:fe23:4567:890a",
    "OID 2.16.840.1.113883.6.1 is LOINC.",
    "Extension 4417 rings the ward.",
    "p = 0.003; 95% CI 1.2-3.4; n = 1,234.",
    "OR 2.1 (95% CI 1.5-2.9); HR 0.76 (0.62-0.93).",
    "MIT Press, Cambridge, MA 02142-1209 is not needed: Cambridge, MA 02142.",
    "Table 2 Road traffic injuries by age group.",
    "a two-way ANOVA on 3 groups",
    "Name: [NAME]",
    "Patient: [REDACTED]",
    "Patient: 68 yo F",
    "name: Course synthetic data",
    "Dr. Smith reviewed the note.",
    "Alan Turing (1950) asked whether machines can think.",
    "https://github.com/llms-meet-healthcare/course/issues/12345",
    "https://physionet.org/content/mimiciv/2.2/",
    "https://www.who.int/publications/i/item/9789240029200",
    "https://example.org/patients/{patient_id}",
    "https://hapi.fhir.org/baseR4/Patient?_count=10",
    "Random token ABCDEFGHJKLMNPRST.",
    "Hash E3B0C44298FC1C149AFBF4C8996FB924.",
    "admitted 2150-03-02 with sepsis (shifted dates)",
    "DOB: 2090-01-01 in the shifted data",
    "The MRN column is hidden; account for 12345 patients.",
    "zip files 12345 and 67890 bytes",
    "The first three digits of the ZIP code (021) may stay.",
    "Figure 3: 1,234 notes in 2 weeks; 10 000 tokens.",
    "CPT 99213 and HCPCS J1885; DRG 291.",
    "SNOMED CT 22298006 (myocardial infarction).",
    "RxNorm 197361; ATC C07AB02.",
    "Gene BRCA1 c.68_69delAG; rs80357713.",
    "Temperature 38.6 C at 14:24; SpO2 92% on 4L.",
    "K 4.1 mmol/L on 2150-03-02 06:00:00.",
    "Serial dilutions 1:2 to 1:64.",
    "The model has 175 billion parameters and a 2048-token window.",
    "Patients 1-5 were excluded.",
    "The 5th Avenue cohort",
    "Born in 1962, she moved in 1990.",
    "He was born in March 1962.",
    "Dates of birth are identifiers; so are admission dates.",
    "Call the on-call pharmacist.",
    "Fax numbers are identifier 5.",
    "Plate reader at 450 nm; 96-well plate.",
    "Device: CUDA 12.1 on 2 GPUs.",
    "See section 4.2.1.3 of the guidance.",
    "Lines 120-135 of tokenizer.py.",
    "The access token expired on 2024-01-05.",
    "She was born in March 1962.",
    "https://example.org/patients/list?id=12",
    "| Name | Year |\n|---|---|\n| Clinical Camel | 2023 |",
]


# ---------------------------------------------------------------------------------------------
# Planting a text in each kind of file
# ---------------------------------------------------------------------------------------------


def plant(tmp_path: Path, kind: str, text: str) -> list:
    """Scan a file of ``kind`` holding ``text`` (as its third line, row or output) and return findings."""
    if kind == "markdown":
        path = tmp_path / "docs/page.md"
        content = f"---\ntitle: Corpus\n---\n\nSome prose.\n{text}\nMore prose.\n"
    elif kind == "csv":
        path = tmp_path / "docs/data/notes.csv"
        content = "id,note\n1,Stable overnight.\n2," + '"' + text.replace('"', '""') + '"\n3,No change.\n'
    elif kind == "json":
        path = tmp_path / "docs/data/notes.json"
        content = json.dumps({"notes": ["Stable overnight.", text]}, indent=1)
    else:
        path = tmp_path / "docs/notebook.ipynb"
        output = {"output_type": "stream", "name": "stdout", "text": ["Stable.\n", text + "\n"]}
        cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["show()\n"], "outputs": [output]}
        content = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    shown = path.relative_to(tmp_path).as_posix()
    if kind == "markdown":
        return phi.scan_markdown(path, shown, tmp_path)
    if kind == "notebook":
        return phi.scan_notebook(path, shown, tmp_path)
    return phi.scan_data_file(path, shown, repo_root=tmp_path)


EXPECTED_PLACE = {"markdown": (6, ""), "csv": (3, ""), "json": (4, ""), "notebook": (1, "cell 1 output")}
KINDS = list(EXPECTED_PLACE)


def caught(findings: list, kind: str, rule: str) -> bool:
    line, where = EXPECTED_PLACE[kind]
    return any(f.rule == rule and f.line == line and f.where == where for f in findings)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name,text,rule", POSITIVES, ids=[p[0] for p in POSITIVES])
def test_positive_is_caught(tmp_path, kind, name, text, rule):
    findings = plant(tmp_path, kind, text)
    assert caught(findings, kind, rule), f"{name} in {kind}: {[str(f) for f in findings]}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_is_clean(tmp_path, kind, text):
    findings = plant(tmp_path, kind, text)
    assert findings == [], [str(f) for f in findings]


# Identifiers in labelled tables: (id, kind of file, content, line of the identifying row, rule)
TABLES = [
    ("markdown-table", "markdown", "| Name | DOB |\n|---|---|\n| Jane Roe | 03/14/1962 |", 9, "phi-dob"),
    ("markdown-csv-block", "markdown", "```csv\nname,dob,phone\nJane Roe,1962-03-14,617-555-0123\n```", 9, "phi-dob"),
    ("csv-name-dob", "csv", "patient_name,dob\nMaria Lopez,1958-07-04\n", 2, "phi-dob"),
    ("csv-age", "csv", "mrn,age\nA1234567,94\n", 2, "phi-age"),
    ("csv-ssn", "csv", "id,ssn\n1,219 09 9999\n", 2, "phi-ssn"),
    ("tsv-name", "csv", "first_name\tlast_name\tcity\nJane\tRoe\tSpringfield\n", 2, "phi-name"),
    ("json-record", "json", json.dumps({"patient": {"name": "Jane Roe", "dob": "1962-03-14"}}, indent=1), 4, "phi-dob"),
    ("json-patient-name", "json", json.dumps({"patient_name": "Jane Roe", "ward": "4B"}, indent=1), 2, "phi-name"),
    ("pandas-text-output", "notebook", "       name         dob  age\n0  Jane Roe  1962-03-14   94\n", 1, "phi-dob"),
    ("tsv-output", "notebook", "patient\tphone\nAna Silva\t617 555 0142\n", 1, "phi-phone"),
    (
        "markdown-output",
        "notebook",
        "| Patient | Admission date |\n|---|---|\n| Ana Silva | 2023-04-01 |\n",
        1,
        "phi-date",
    ),
]


@pytest.mark.parametrize("name,kind,content,line,rule", TABLES, ids=[t[0] for t in TABLES])
def test_labelled_tables(tmp_path, name, kind, content, line, rule):
    if kind == "markdown":
        path, shown = tmp_path / "docs/page.md", "docs/page.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\ntitle: Corpus\n---\n\nA table:\n\n{content}\n", encoding="utf-8")
        findings = phi.scan_markdown(path, shown, tmp_path)
    elif kind == "notebook":
        path, shown = tmp_path / "docs/table.ipynb", "docs/table.ipynb"
        path.parent.mkdir(parents=True)
        output = {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/plain": content.splitlines(keepends=True)},
        }
        cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": ["df\n"], "outputs": [output]}
        path.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
        findings = phi.scan_notebook(path, shown, tmp_path)
        assert all(f.where == "cell 1 output" for f in findings)
    else:
        suffix = {"csv": ".csv", "json": ".json"}[kind]
        path, shown = tmp_path / f"docs/data/table{suffix}", f"docs/data/table{suffix}"
        path.parent.mkdir(parents=True)
        path.write_text(content, encoding="utf-8")
        findings = phi.scan_data_file(path, shown, repo_root=tmp_path)
    assert any(f.rule == rule and f.line == line for f in findings), [str(f) for f in findings]


def test_corpus_rates(tmp_path, capsys):
    """Detection and false-positive rates over the whole corpus, in every kind of file."""
    detected = planted = false_positives = clean = 0
    for index, (_, text, rule) in enumerate(POSITIVES):
        for kind in KINDS:
            root = tmp_path / f"p{index}-{kind}"
            planted += 1
            detected += caught(plant(root, kind, text), kind, rule)
    for index, text in enumerate(LOOKALIKES):
        for kind in KINDS:
            root = tmp_path / f"l{index}-{kind}"
            clean += 1
            false_positives += bool(plant(root, kind, text))
    with capsys.disabled():
        print(
            f"\nPHI corpus: {len(POSITIVES)} positives x {len(KINDS)} kinds of file: detected "
            f"{detected}/{planted} ({100 * detected / planted:.1f} %); {len(LOOKALIKES)} look-alikes x "
            f"{len(KINDS)}: false positives {false_positives}/{clean} "
            f"({100 * false_positives / clean:.1f} %)"
        )
    assert len(POSITIVES) >= 100 and len(LOOKALIKES) >= 100
    assert detected == planted
    assert false_positives == 0


# ---------------------------------------------------------------------------------------------
# Hostile input: 1 MB of repeated near-matches per detector, in bounded time
# ---------------------------------------------------------------------------------------------

NEAR_MATCHES = {
    "ssn": "SSN 219-09-999; 219 09 99 ",
    "phone": "(617) 555-01 +1 617 555 Tel: 5 617.555. ",
    "email": "a@b a@ @x. x@y.z@ ",
    "url": "https://x.example/patients/12?mrn=1&",
    "ip": "1.2.3.4.5 73.158.42.",
    "labelled-id": "MRN: 12 Acct # x Member ID  ",
    "vehicle-device": "VIN 1HGCM82633A00435 00:1A:2B:3C:4D ",
    "dob": "DOB 01/02/1990; ",
    "dob-name": "Jane Roe DOB 01/02/1990; ",
    "event-date": "admitted on 2150-01-0 ",
    "age": "age 90+ 95 years ",
    "name": "Patient: Jane Name: ",
    "address": "1 A St 2 B Ave ",
    "zip": "ZIP 0213 12345-67 ",
    "columns": "name,dob\nJane Roe,x\n",
    "columns-pandas": "   name  dob\n0  Jane Roe  x\n",
    "table-lines": "subject_id,hadm_id,stay_id,charttime\n",
    "table-html": "<table><th>subject_id</th>",
    "table-records": '{"subject_id": 1, "hadm_id": 2, ',
    "newlines": "\n",
    "unlabelled-name": "X-ray of Eleanor Vance, a 9 Mrs. ",
    "headerless-row": "Eleanor Vance,1941-06-0,x\n",
    "biometric": "Fingerprint template ID: FP-7 iris scan 12 ",
    "photo": "face patient_.png x.jpg ",
    "html-cells": "<tr><th>Age</th><td>9</td></tr><td>",
    "gs1-udi": "(01)0088483803555(17)[01]",
}

TIMER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from coursetools import phi
path, kind = Path(sys.argv[2]), sys.argv[3]
started, cpu = time.perf_counter(), time.process_time()
if kind == "md":
    found = phi.scan_markdown(path, "docs/hostile.md", path.parent)
else:
    found = phi.scan_data_file(path, "docs/hostile.csv", repo_root=path.parent)
print(f"{time.perf_counter() - started:.3f} s wall, {time.process_time() - cpu:.3f} s CPU, "
      f"{len(found)} findings")
"""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["csv", "md"])
@pytest.mark.parametrize("detector", list(NEAR_MATCHES))
def test_hostile_megabyte_is_scanned_in_bounded_time(tmp_path, repo_root, detector, kind):
    unit = NEAR_MATCHES[detector]
    path = tmp_path / f"hostile.{kind}"
    path.write_text(unit * (1_000_000 // len(unit)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", TIMER, str(repo_root / "hooks"), str(path), kind],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    print(f"{detector} ({kind}, 1 MB): {result.stdout.strip()}")
