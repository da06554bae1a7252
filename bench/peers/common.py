"""Timing and the mail text shared by the peers; each peer prints one JSON line of results."""

import json
import time

import invoice as content

MAIL_TEXT = """Geachte {debtor},

Hierbij ontvangt u factuur {number} van {date}
voor een bedrag van {total} (inclusief {vat} btw).

Wij verzoeken u dit bedrag uiterlijk {due} over te maken op
NL91 ABNA 0417 1643 00 ten name van Acme B.V., onder vermelding van
het factuurnummer.

U vindt de factuur als PDF in de bijlage. Heeft u vragen over deze
factuur? Beantwoordt u dan gerust dit bericht.

Met vriendelijke groet,

Acme B.V.
Keizersgracht 1, 1015 CJ Amsterdam, Nederland
KvK 12345678 | btw NL001234567B01
"""

MAIL_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Factuur {number}</title></head>
<body style="font-family: sans-serif; line-height: 1.4;">
<p>Geachte {debtor},</p>
<p>Hierbij ontvangt u factuur <strong>{number}</strong> van {date}
voor een bedrag van <strong>{total}</strong> (inclusief {vat} btw).</p>
<p>Wij verzoeken u dit bedrag uiterlijk {due} over te maken op
NL91 ABNA 0417 1643 00 ten name van Acme B.V., onder vermelding van het factuurnummer.</p>
<p>U vindt de factuur als PDF in de bijlage. Heeft u vragen over deze factuur?
Beantwoordt u dan gerust dit bericht.</p>
<p>Met vriendelijke groet,</p>
<p>Acme B.V.<br>Keizersgracht 1, 1015 CJ Amsterdam, Nederland<br>
KvK 12345678 | btw NL001234567B01</p>
</body></html>
"""


def mail_fields(index):
    base, vat = content.total(index)
    return {
        "debtor": "Jansen &amp; Zn.",
        "number": content.number(index),
        "date": content.DATE_TEXT,
        "due": content.DUE_DATE_TEXT,
        "total": content.money(base + vat),
        "vat": content.money(vat),
    }


class Timer:
    """Wall time of each document, for p50 and p99, and of the whole run."""

    def __init__(self):
        self.durations = []
        self.started = time.perf_counter()

    def measure(self, work):
        before = time.perf_counter()
        result = work()
        self.durations.append(time.perf_counter() - before)
        return result

    def report(self, tool, **extra):
        elapsed = time.perf_counter() - self.started
        ordered = sorted(self.durations)

        def at(fraction):
            return 1000 * ordered[int(fraction * (len(ordered) - 1))] if ordered else 0

        result = {
            "tool": tool,
            "count": len(ordered),
            "seconds": elapsed,
            "per_second": len(ordered) / elapsed if elapsed else 0,
            "p50_ms": at(0.50),
            "p99_ms": at(0.99),
        }
        result.update(extra)
        print(json.dumps(result), flush=True)
