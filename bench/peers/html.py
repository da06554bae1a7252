"""The benchmark invoice as HTML for WeasyPrint and wkhtmltopdf (adapted from
/work/shared/peers/gen_html.py and invoice.html.tpl: the same lines, plus the totals)."""

import os

import invoice as content

TEMPLATE = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "invoice.html.tpl"),
                encoding="utf-8").read()


def html(index):
    rows = "".join(
        f"<tr><td>{description}</td><td class=r>{content.euro(price)}</td></tr>"
        for description, price in content.lines(index)
    )
    base, vat = content.total(index)
    totals = "".join(
        f"<tr><td>{label}</td><td class=r>{content.money(cents)}</td></tr>"
        for label, cents in (("Subtotaal", base), ("BTW 21%", vat), ("Totaal", base + vat))
    )
    return (TEMPLATE.replace("{{NUM}}", content.number(index))
            .replace("{{ROWS}}", rows).replace("{{TOTALS}}", totals))
