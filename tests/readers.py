"""Read outputs back the way people's programs do: poppler for PDFs (words and their boxes),
Chromium for SVGs (each text's box as drawn), tesseract for the pixels of a PNG, LibreOffice for
decks and spreadsheets. Each reader fails the test, with how to install it, when it is missing.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def need(program: str) -> str:
    """Path of `program`, or fail: `make test` installs every reader the tests use."""
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is needed to read the output back: run `make test`", pytrace=False)
    return path


@dataclass(frozen=True)
class Box:
    """A word or text and where it sits, in the page's units (PDF points, or CSS pixels)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, tolerance: float = 0.5) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > tolerance
            and min(self.y1, other.y1) - max(self.y0, other.y0) > tolerance
        )


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Box]

    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def outside(self) -> list[Box]:
        """Words not wholly inside the page: cut off in print and on screen."""
        return [
            w
            for w in self.words
            if w.x0 < 0 or w.y0 < 0 or w.x1 > self.width + 0.5 or w.y1 > self.height + 0.5
        ]


def overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Pairs of boxes that cover each other."""
    ordered = sorted(boxes, key=lambda b: b.x0)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.x0 >= a.x1:
                break
            if a.overlaps(b):
                pairs.append((a, b))
    return pairs


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>'
)


def pdf_pages(path: Path) -> list[Page]:
    """Every page of a PDF with its words and their boxes (`pdftotext -bbox`)."""
    out = subprocess.run(
        [need("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        Page(
            float(width),
            float(height),
            [
                # NFKC: the ligatures a PDF may hold ('ﬀ') back to the letters people typed.
                Box(unicodedata.normalize("NFKC", html.unescape(word)), *map(float, (a, b, c, d)))
                for a, b, c, d, word in _WORD.findall(body)
            ],
        )
        for width, height, body in _PAGE.findall(out)
    ]


def pdf_text(path: Path) -> str:
    """The text of a PDF in reading order (`pdftotext -layout`)."""
    return subprocess.run(
        [need("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


_SVG_TEXT_BOXES = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden'
               && getComputedStyle(t).opacity !== '0')
  .map(t => { const r = t.getBoundingClientRect();
              return [t.textContent, r.left, r.top, r.right, r.bottom]; })"""


def svg_page(browser, svg: bytes) -> Page:
    """An SVG as Chromium draws it: its size and the box of every text in it."""
    page = browser.new_page()
    try:
        page.set_content("<html><body style='margin:0'>" + svg.decode("utf-8") + "</body></html>")
        size = page.evaluate(
            "() => { const r = document.querySelector('svg').getBoundingClientRect();"
            " return [r.width, r.height]; }"
        )
        boxes = [Box(t, a, b, c, d) for t, a, b, c, d in page.evaluate(_SVG_TEXT_BOXES)]
    finally:
        page.close()
    return Page(size[0], size[1], boxes)


def ocr(png: Path) -> str:
    """The text tesseract reads in an image, as one line of words."""
    out = subprocess.run(
        [need("tesseract"), str(png), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def pdf_page_png(pdf: Path, number: int, dpi: int = 150) -> Path:
    """Page `number` (from 1) of a PDF drawn as a PNG by poppler (`pdftoppm`), beside it."""
    stem = pdf.with_name(f"{pdf.stem}-page-{number}")
    subprocess.run(
        [need("pdftoppm"), "-f", str(number), "-l", str(number), "-r", str(dpi), "-png",
         "-singlefile", str(pdf), str(stem)],
        check=True, capture_output=True,
    )  # fmt: skip
    return stem.with_suffix(".png")


def soffice_convert(path: Path, target: str, outdir: Path) -> Path:
    """`path` converted by LibreOffice (headless) to `target` ('pdf', 'xlsx') in `outdir`."""
    subprocess.run(
        [
            need("soffice"),
            "--headless",
            f"-env:UserInstallation=file://{outdir}/lo-profile",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(path),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    converted = outdir / f"{path.stem}.{target}"
    assert converted.exists(), f"LibreOffice did not convert {path.name} to {target}"
    return converted


def xlsx_sheet(path: Path) -> tuple[str, str]:
    """The XML of the first worksheet of an .xlsx file, and of its shared strings (the text
    of its cells)."""
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        names = book.namelist()
        strings = "xl/sharedStrings.xml"
        return sheet, book.read(strings).decode("utf-8") if strings in names else ""


def figure_texts(spec: dict) -> str:
    """Every text a framed figure writes in its layout (title, subtitle, panel titles, footer),
    from its plotly JSON, joined with ' | '."""
    return " | ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
