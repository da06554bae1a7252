#!/usr/bin/env python3
"""Writes samples/data/demo.jsonl: realistic invoices for the demo job.

Deterministic (fixed seed), so the committed file can be regenerated exactly. Run from the
repository root: python3 tools/make_demo_data.py > samples/data/demo.jsonl
"""
import json
import random

random.seed(20261123)

DEBTORS = [
    ("D1001", "Bakkerij De Vries", ["Dorpsstraat 5", "1234 AB Ergens"], "", "admin@devries.example;boekhouding@devries.example", "nl"),
    ("D1002", "Fietsenmakerij Jansen & Zn.", ["Molenweg 12", "3511 AB Utrecht"], "NL123456789B01", "info@jansen-fietsen.example", "nl"),
    ("D1003", "Café 't Hoekje", ["Marktplein 3", "2011 AA Haarlem"], "", "kas@hoekje.example", "nl"),
    ("D1004", "Groenhuis Hoveniers", ["Tuinlaan 88", "6811 AA Arnhem"], "NL004455667B01", "facturen@groenhuis.example; r.groen@groenhuis.example", "nl"),
    ("D1005", "Brightside Consulting Ltd", ["14 Market Street", "Cambridge CB2 3QF", "United Kingdom"], "GB123456789", "accounts@brightside.example", "en"),
    ("D1006", "Zeeman Installatietechniek", ["Havenkade 21", "1973 AB IJmuiden"], "NL112233445B01", "administratie@zeeman-it.example", "nl"),
    ("D1007", "Atelier Lumière", ["Prinsengracht 210", "1016 HE Amsterdam"], "", "atelier@lumiere.example", "nl"),
    ("D1008", "Nordic Fresh AB", ["Sveavägen 44", "111 34 Stockholm", "Sweden"], "SE556677889901", "ap@nordicfresh.example;cfo@nordicfresh.example", "en"),
    ("D1009", "Huisartsenpraktijk Oost", ["Oosterstraat 7", "9711 NN Groningen"], "", "praktijk@hpoost.example", "nl"),
    ("D1010", "Van den Berg Transport B.V.", ["Industrieweg 150", "5145 PD Waalwijk"], "NL998877665B01", "crediteuren@vdberg-transport.example", "nl"),
    ("D1011", "Oakfield School Trust", ["1 Oak Lane", "Leeds LS1 4DY", "United Kingdom"], "", "finance@oakfield.example", "en"),
    ("D1012", "Drukkerij Het Anker", ["Ankerweg 2", "8011 AB Zwolle"], "NL556677889B01", "drukkerij@hetanker.example", "nl"),
]

PRODUCTS_NL = [
    ("Broodjes wit", "st", "0.45", "9"), ("Croissants roomboter", "st", "1.10", "9"),
    ("Onderhoud bedrijfsfiets", "uur", "62.50", "21"), ("Kettingset Shimano", "st", "34.95", "21"),
    ("Koffiebonen biologisch 1 kg", "kg", "18.75", "9"), ("Adviesgesprek", "uur", "95.00", "21"),
    ("Snoeiwerk heg en bomen", "uur", "48.00", "21"), ("Afvoer groenafval", "m³", "27.50", "21"),
    ("Cv-ketel onderhoud", "st", "129.00", "21"), ("Vloerverwarming verdeler", "st", "412.35", "21"),
    ("Printwerk folders A5, 2 zijden", "st", "0.085", "21"), ("Visitekaartjes 350 grams", "doos", "24.90", "21"),
    ("Transport pallet Waalwijk–Rotterdam", "rit", "185.00", "21"), ("Wachttijd chauffeur", "uur", "42.00", "21"),
    ("Boeken: Handboek bedrijfsvoering", "st", "39.95", "9"),
]
PRODUCTS_EN = [
    ("Strategy workshop (half day)", "session", "1250.00", "21"), ("Follow-up call", "hour", "150.00", "21"),
    ("Smoked salmon 5 kg case", "case", "86.40", "9"), ("Cold-chain delivery surcharge", "trip", "45.00", "21"),
    ("Annual software licence, 25 seats", "licence", "1875.00", "21"), ("Training materials", "set", "12.50", "9"),
    ("On-site support", "hour", "95.00", "21"),
]

NOTES_NL = ["Bedankt voor uw bestelling.", "Levering week 47.", "", "", "Graag het factuurnummer vermelden bij betaling."]
NOTES_EN = ["Thank you for your business.", "", "Please quote the invoice number with your payment."]


def invoice(index, creditor, debtor, line_count, day):
    debtor_id, name, address, vat, emails, language = debtor
    products = PRODUCTS_NL if language == "nl" else PRODUCTS_EN
    lines = []
    for line_number in range(line_count):
        description, unit, price, rate = products[(index + line_number * 3) % len(products)]
        quantity = str(random.choice([1, 1, 2, 3, 5, 12, 24])) if unit not in ("uur", "hour") else random.choice(["1", "1.5", "2", "3.25", "8"])
        lines.append({"description": description, "quantity": quantity, "unit": unit,
                      "unit_price": price, "vat_rate": rate})
    record = {
        "number": f"2026-{index:06d}",
        "creditor": creditor,
        "date": f"2026-11-{day:02d}",
        "due_date": f"2026-12-{day:02d}",
        "currency": "EUR",
        "language": language,
        "debtor": {"id": debtor_id, "name": name, "address": address, "vat_number": vat, "emails": emails},
        "lines": lines,
        "note": random.choice(NOTES_NL if language == "nl" else NOTES_EN),
        "reference": random.choice(["", f"PO-{random.randint(100, 999)}", ""]),
    }
    return record


def documents_of_issue_4(records):
    """Fixed records (no randomness, so the ones above stay as they are) showing the kinds of
    document beyond a plain invoice."""
    zeeman, nordic, hoekje = DEBTORS[5], DEBTORS[7], DEBTORS[2]

    def debtor_of(debtor):
        debtor_id, name, address, vat, emails, _ = debtor
        return {"id": debtor_id, "name": name, "address": address, "vat_number": vat, "emails": emails}

    # A credit note for part of invoice 1: the returned goods, written as on that invoice.
    credited = records[0]
    credit_note = {
        "number": "2026-000037", "creditor": "acme", "kind": "credit_note", "credits": credited["number"],
        "date": "2026-11-20", "due_date": "2026-11-20", "currency": "EUR", "language": "nl",
        "debtor": debtor_of(zeeman),
        "lines": [dict(line) for line in credited["lines"][:2]],
        "note": "Retour ontvangen op 18-11-2026.", "reference": "",
    }
    # Services to a business in another EU country: the customer accounts for the VAT.
    reverse_charge = {
        "number": "2026-000038", "creditor": "northwind", "reverse_charge": True,
        "date": "2026-11-20", "due_date": "2026-12-20", "currency": "EUR", "language": "en",
        "debtor": debtor_of(nordic),
        "lines": [{"description": "Strategy workshop (half day)", "quantity": "2", "unit": "session",
                   "unit_price": "1250.00", "vat_rate": "21"},
                  {"description": "Follow-up call", "quantity": "1.5", "unit": "hour",
                   "unit_price": "150.00", "vat_rate": "21"}],
        "note": "", "reference": "PO-2026-114",
    }
    # A discount is a line with a negative unit price.
    discount = {
        "number": "2026-000039", "creditor": "acme",
        "date": "2026-11-21", "due_date": "2026-12-21", "currency": "EUR", "language": "nl",
        "debtor": debtor_of(hoekje),
        "lines": [{"description": "Koffiebonen biologisch 1 kg", "quantity": "12", "unit": "kg",
                   "unit_price": "18.75", "vat_rate": "9"},
                  {"description": "Korting vaste klant (10% op koffiebonen)", "quantity": "1", "unit": "",
                   "unit_price": "-22.50", "vat_rate": "9"}],
        "note": "", "reference": "",
    }
    # A debtor whose name and address need more than Latin-1.
    polish = {
        "number": "2026-000040", "creditor": "northwind",
        "date": "2026-11-21", "due_date": "2026-12-21", "currency": "EUR", "language": "en",
        "debtor": {"id": "D1013", "name": "Przedsiębiorstwo Handlowe „Żółw” Sp. z o.o.",
                   "address": ["ul. Piotrkowska 120", "90-006 Łódź", "Polska"], "vat_number": "PL5260250274",
                   "emails": "ksiegowosc@zolw.example;faktury@zolw.example"},
        "lines": [{"description": "Smoked salmon 5 kg case", "quantity": "4", "unit": "case",
                   "unit_price": "86.40", "vat_rate": "9"}],
        "note": "", "reference": "",
    }
    return [credit_note, reverse_charge, discount, polish]


def main():
    records = []
    for index in range(1, 37):
        debtor = DEBTORS[(index * 5) % len(DEBTORS)]
        creditor = "acme" if debtor[5] == "nl" or index % 4 == 0 else "northwind"
        if debtor[5] == "en" and index % 2 == 1:
            creditor = "northwind"
        records.append(invoice(index, creditor, debtor, random.randint(1, 8), 1 + index % 20))
    # One invoice long enough for two pages.
    records[6] = invoice(7, "acme", DEBTORS[5], 38, 18)
    # One invoice whose debtor has no valid address: reported as invalid_address, not sent.
    records[11]["debtor"]["emails"] = "boekhouding at example dot com"
    # One debtor without any address at all.
    records[23]["debtor"]["emails"] = ""
    records.extend(documents_of_issue_4(records))
    for record in records:
        print(json.dumps(record, ensure_ascii=False))


main()
