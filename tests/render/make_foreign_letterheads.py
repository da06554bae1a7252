#!/usr/bin/python3
"""Draws letterheads as another program makes them, for the letterhead tests (test_letterhead_foreign.cpp).

    make_foreign_letterheads.py OUT_DIR

writes into OUT_DIR, with ReportLab:
  cmyk.pdf     A4; text in the standard Helvetica, which is not embedded; CMYK colours only
               (the house colour 1 0 0.2 0.3 k, black 0 0 0 1 k).
  image.pdf    A4; an image (a small generated picture) in the top band.
  letter.pdf   US Letter, cropped, drawn to be shown turned a quarter clockwise (the test turns
               it with qpdf --rotate=+90): a page that must be placed as mailroom places any
               letterhead, from its frame as shown.
Every file is the same on every run (ReportLab's invariant mode).
"""

import sys
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

HOUSE = (1, 0, 0.2, 0.3)
BLACK = (0, 0, 0, 1)


def cmyk(path):
    # Content streams compressed with Flate only (ReportLab adds ASCII85 by default, as image.pdf
    # keeps), so that the test can read the letterhead's own colour operators with zlib.
    rl_config.useA85 = 0
    width, height = A4
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.setFillColorCMYK(*HOUSE)
    page.rect(0, height - 28, width, 28, stroke=0, fill=1)
    page.setFillColorCMYK(*BLACK)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(57, height - 62, "Gouda Kaas B.V.")
    page.setFont("Helvetica", 10)
    page.drawString(57, height - 80, "Grote Markt 1")
    page.drawString(57, height - 94, "9711 AB Groningen - LETTERHEAD-MARK")
    page.setFillColorCMYK(*HOUSE)
    page.setFont("Helvetica", 9)
    page.drawString(57, 30, "IBAN NL91 ABNA 0417 1643 00 - KvK 87654321")
    page.showPage()
    page.save()
    rl_config.useA85 = 1


def image(path):
    width, height = A4
    # Four blocks of plain colour, so that a pixel in each shows whether the image is there.
    picture = Image.new("RGB", (16, 8))
    for x in range(16):
        for y in range(8):
            picture.putpixel((x, y), (200, 30, 30) if x < 8 else (30, 30, 200))
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    page.drawImage(ImageReader(picture), 57, height - 110, width=160, height=80)
    page.setFillColorCMYK(*BLACK)
    page.setFont("Helvetica", 10)
    page.drawString(240, height - 60, "Picture Frames B.V. - IMAGE-MARK")
    page.showPage()
    page.save()


def letter(path):
    # US Letter, cropped. The art is drawn for the page turned a quarter clockwise (qpdf
    # --rotate=+90 turns it in the test): the left edge is then the top, and text that runs up the
    # left edge reads from left to right. A black strip outside the crop box must never show.
    width, height = LETTER
    page = canvas.Canvas(str(path), pagesize=LETTER, invariant=1)
    page.setCropBox((10, 20, width - 10, height - 20))
    page.setFillColorCMYK(*BLACK)
    page.rect(0, 0, 10, height, stroke=0, fill=1)
    page.setFillColorCMYK(*HOUSE)
    page.rect(10, 20, 40, height - 40, stroke=0, fill=1)
    page.rect(width - 40, 20, 30, height - 40, stroke=0, fill=1)
    page.saveState()
    page.translate(75, 60)
    page.rotate(90)
    page.setFillColorCMYK(*BLACK)
    page.setFont("Helvetica", 12)
    page.drawString(0, 0, "Sideways Letter Inc. - ROTATED-MARK")
    page.restoreState()
    page.showPage()
    page.save()


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    cmyk(out / "cmyk.pdf")
    image(out / "image.pdf")
    letter(out / "letter.pdf")


if __name__ == "__main__":
    main()
