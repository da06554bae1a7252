#!/usr/bin/python3
"""ReportLab peer: the benchmark invoice drawn on a ReportLab canvas, optionally mailed.

    rl.py COUNT [--out DIR] [--smtp-port PORT] [--first INDEX]

Renders each PDF to memory; --out also writes it to DIR; --smtp-port sends each one, right after
rendering it, with Python's smtplib over ONE connection kept open for the whole run (text + HTML
body and the PDF attached, as mailroom's mail). Adapted from /work/shared/peers/rl.py and
smtplib_send.py: the same letterhead band, the same lines, plus the totals and a second page for
the long invoices.
"""

import argparse
import io
import os
import smtplib
import sys
from email.message import EmailMessage

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import common
import invoice as content

pdfmetrics.registerFont(TTFont("DV", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DVB", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"))

WIDTH, HEIGHT = A4
ROWS_FIRST_PAGE = 36
ROWS_NEXT_PAGES = 44


def letterhead(page):
    page.setFillColorRGB(0.1, 0.3, 0.6)
    page.rect(0, HEIGHT - 60, WIDTH, 60, fill=1, stroke=0)
    page.setFillColorRGB(1, 1, 1)
    page.setFont("DVB", 22)
    page.drawString(40, HEIGHT - 40, "Acme B.V.")
    page.setFont("DV", 8)
    page.setFillColorRGB(0.4, 0.4, 0.4)
    page.drawString(40, 20, content.CREDITOR_LINE)
    page.setFillColorRGB(0, 0, 0)


def render(index):
    output = io.BytesIO()
    page = canvas.Canvas(output, pagesize=A4)
    letterhead(page)
    page.setFont("DVB", 10)
    page.drawString(40, HEIGHT - 100, f"FACTUUR {content.number(index)}")
    page.setFont("DV", 10)
    page.drawString(40, HEIGHT - 114, f"Klant: {content.DEBTOR_NAME} — {', '.join(content.DEBTOR_ADDRESS)}")
    page.drawString(40, HEIGHT - 128, f"Datum: {content.DATE_TEXT}   Vervaldatum: {content.DUE_DATE_TEXT}")
    y = HEIGHT - 210
    rows_left = ROWS_FIRST_PAGE
    for description, price in content.lines(index):
        if rows_left == 0:
            page.showPage()
            letterhead(page)
            page.setFont("DV", 10)
            y = HEIGHT - 110
            rows_left = ROWS_NEXT_PAGES
        page.drawString(40, y, description)
        page.drawRightString(555, y, content.euro(price))
        y -= 16
        rows_left -= 1
    base, vat = content.total(index)
    for label, cents in (("Subtotaal", base), ("BTW 21%", vat), ("Totaal", base + vat)):
        y -= 4
        page.drawString(380, y, label)
        page.drawRightString(555, y, content.money(cents))
        y -= 16
    page.showPage()
    page.save()
    return output.getvalue()


def message(index, pdf):
    fields = common.mail_fields(index)
    mail = EmailMessage()
    mail["From"] = "Acme B.V. Facturatie <facturen@acme.example>"
    mail["Reply-To"] = "debiteuren@acme.example"
    mail["To"] = f"Jansen & Zn. <klant{index:06d}@example.org>"
    mail["Subject"] = f"Factuur {content.number(index)} van Acme B.V."
    mail.set_content(common.MAIL_TEXT.format(**fields).replace("&amp;", "&"))
    mail.add_alternative(common.MAIL_HTML.format(**fields), subtype="html")
    mail.add_attachment(pdf, maintype="application", subtype="pdf",
                        filename=f"{content.number(index)}.pdf")
    return mail


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--out")
    parser.add_argument("--smtp-port", type=int)
    parser.add_argument("--first", type=int, default=0)
    arguments = parser.parse_args()
    if arguments.out:
        os.makedirs(arguments.out, exist_ok=True)
    connection = smtplib.SMTP("127.0.0.1", arguments.smtp_port) if arguments.smtp_port else None
    timer = common.Timer()
    total_bytes = 0
    for index in range(arguments.first, arguments.first + arguments.count):
        def one():
            pdf = render(index)
            if arguments.out:
                with open(os.path.join(arguments.out, content.number(index) + ".pdf"), "wb") as file:
                    file.write(pdf)
            if connection:
                connection.send_message(message(index, pdf))
            return len(pdf)
        total_bytes += timer.measure(one)
    if connection:
        connection.quit()
    timer.report("reportlab+smtplib" if connection else "reportlab",
                 pdf_bytes=total_bytes // max(1, arguments.count))


if __name__ == "__main__":
    sys.exit(main())
