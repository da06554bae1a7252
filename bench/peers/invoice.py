"""The content of the benchmark invoice, shared by the job generator and every peer.

Adapted from the project's peer reference scripts (/work/shared/peers/): 15 lines "Artikel {l}
omschrijving van een product met een lange naam ë€" with prices, and every 20th invoice (5%) with
45 lines, long enough to run over two pages.
"""

DATE = "2026-11-22"
DUE_DATE = "2026-12-22"
DATE_TEXT = "22-11-2026"
DUE_DATE_TEXT = "22-12-2026"
DEBTOR_NAME = "Jansen & Zn."
DEBTOR_ADDRESS = ["Dorpsstraat 12", "1234 AB Ergens"]
CREDITOR_LINE = (
    "Acme B.V. - Keizersgracht 1 - 1015 CJ Amsterdam - KvK 12345678 - BTW NL001234567B01"
    " - IBAN NL91ABNA0417164300"
)
MULTI_PAGE_EVERY = 20
SHORT_LINES = 15
LONG_LINES = 45


def number(index):
    return "2026-%06d" % index


def line_count(index):
    return LONG_LINES if index % MULTI_PAGE_EVERY == MULTI_PAGE_EVERY - 1 else SHORT_LINES


def lines(index):
    """(description, unit price as "123.45") of each line of invoice `index`."""
    return [
        (
            f"Artikel {line} omschrijving van een product met een lange naam ë€",
            f"{line * 13 + 7}.{line * 7 % 100:02d}",
        )
        for line in range(line_count(index))
    ]


def euro(price):
    """"123.45" → "€ 123,45", as the peers print it."""
    return "€ " + price.replace(".", ",")


def total(index):
    cents = sum(int(price.replace(".", "")) for _, price in lines(index))
    return cents, cents * 21 // 100


def money(cents):
    return "€ %d,%02d" % (cents // 100, cents % 100)
