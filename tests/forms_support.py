"""Helpers for the fillable-form tests: names worked out from the YAML independently of
generator/forms/slots.py, and readers for what the PDFs and Word files contain."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sops"


def expected_names(form) -> dict[str, str]:
    """Full field name → field type (cells and options: their own type), from the model."""
    names: dict[str, str] = {}
    for field in form.all_fields:
        kind = field.type or "text"
        if kind == "multichoice":
            names.update({f"{field.id}.{n}": "checkbox"
                          for n in range(1, len(field.options) + 1)})
        elif kind == "table":
            for row in range(1, field.rows + 1):
                names.update({f"{field.id}.{row}.{c.id}": c.type or "text" for c in field.columns})
        else:
            names[field.id] = kind
    return names


def leaf_fields(reader: PdfReader) -> dict[str, dict]:
    """Every terminal field by its full name, walking /Kids from the AcroForm."""
    found: dict[str, dict] = {}

    def walk(refs, prefix):
        for ref in refs:
            field = ref.get_object()
            name = prefix + str(field["/T"])
            if "/Kids" in field:
                walk(field["/Kids"], name + ".")
            else:
                found[name] = field

    walk(reader.trailer["/Root"]["/AcroForm"]["/Fields"], "")
    return found


def pdf_text(path: Path) -> str:
    """pdftotext's text with all white space removed (CJK lines wrap anywhere)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return re.sub(r"\s+", "", out)


def pdffonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines()[2:]


def grey_page(path: Path, dpi: int, folder: Path) -> tuple[int, int, bytes]:
    """Page 1 rendered by poppler as 8-bit grey pixels: (width, height, pixels)."""
    stem = folder / path.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(stem)], check=True)
    data = stem.with_suffix(".pgm").read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, "not an 8-bit PGM"
    return int(header.group(1)), int(header.group(2)), data[header.end():]
