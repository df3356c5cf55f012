"""CheXpert-style chest X-ray labels (invented studies)."""

from __future__ import annotations

from .common import _csv, rng_for

# ---------------------------------------------------------------------------------------------
# cxr_labels.csv (shaped like CheXpert's train.csv)
# ---------------------------------------------------------------------------------------------

# observation: probabilities of positive, uncertain and negative; the rest is unmentioned (blank)
CXR_OBSERVATIONS: list[tuple[str, float, float, float]] = [
    ("Enlarged Cardiomediastinum", 0.05, 0.06, 0.08),
    ("Cardiomegaly", 0.13, 0.04, 0.06),
    ("Lung Opacity", 0.45, 0.02, 0.03),
    ("Lung Lesion", 0.04, 0.01, 0.01),
    ("Edema", 0.24, 0.06, 0.09),
    ("Consolidation", 0.07, 0.12, 0.12),
    ("Pneumonia", 0.03, 0.08, 0.01),
    ("Atelectasis", 0.15, 0.15, 0.01),
    ("Pneumothorax", 0.09, 0.01, 0.25),
    ("Pleural Effusion", 0.38, 0.05, 0.15),
    ("Pleural Other", 0.02, 0.01, 0.00),
    ("Fracture", 0.04, 0.00, 0.01),
    ("Support Devices", 0.52, 0.00, 0.03),
]
CXR_COLUMNS = ["Path", "Sex", "Age", "Frontal/Lateral", "AP/PA", "No Finding"] + [name for name, *_ in CXR_OBSERVATIONS]


def cxr_labels_csv() -> str:
    """The text of ``cxr_labels.csv``: CheXpert-style labels (1.0 positive, -1.0 uncertain, 0.0
    negative, blank unmentioned) for one to three studies of 90 invented patients, a row per view."""
    rng = rng_for("cxr_labels.csv")
    rows = []
    for p in range(90):
        patient = f"patient{90001 + p}"
        sex = rng.choice(["Male", "Female"])
        age = rng.randint(18, 85)
        for study in range(1, rng.choice([1, 1, 1, 2, 2, 3]) + 1):
            labels: dict[str, str] = {}
            for name, pos, unc, neg in CXR_OBSERVATIONS:
                u = rng.random()
                labels[name] = "1.0" if u < pos else "-1.0" if u < pos + unc else "0.0" if u < pos + unc + neg else ""
            clean = all(labels[name] in ("", "0.0") for name, *_ in CXR_OBSERVATIONS if name != "Support Devices")
            labels["No Finding"] = "1.0" if clean else ""
            views = [("Frontal", rng.choice(["AP", "AP", "AP", "PA"]))]
            if rng.random() < 0.3:
                views.append(("Lateral", ""))
            for v, (kind, projection) in enumerate(views, start=1):
                path = f"CheXpert-synthetic/train/{patient}/study{study}/view{v}_{kind.lower()}.jpg"
                rows.append(
                    {
                        "Path": path,
                        "Sex": sex,
                        "Age": age + study - 1,
                        "Frontal/Lateral": kind,
                        "AP/PA": projection,
                        **labels,
                    }
                )
    return _csv(CXR_COLUMNS, rows)
