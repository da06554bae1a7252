#!/usr/bin/python3
"""wkhtmltopdf peer: one wkhtmltopdf process per document, as Odoo runs it.

    wkhtml.py COUNT DIR

Writes each invoice's HTML into DIR (untimed), then times `wkhtmltopdf -q in.html out.pdf` per
document.
"""

import argparse
import os
import subprocess

import common
import html
import invoice as content


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("folder")
    arguments = parser.parse_args()
    os.makedirs(arguments.folder, exist_ok=True)
    documents = []
    for index in range(arguments.count):
        path = os.path.join(arguments.folder, content.number(index))
        with open(path + ".html", "w", encoding="utf-8") as file:
            file.write(html.html(index))
        documents.append(path)
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    timer = common.Timer()
    total_bytes = 0
    for path in documents:
        def one():
            subprocess.run(["wkhtmltopdf", "-q", "--page-size", "A4", "-B", "0", "-T", "0",
                            "-L", "0", "-R", "0", path + ".html", path + ".pdf"],
                           check=True, env=environment, timeout=60,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return os.path.getsize(path + ".pdf")
        total_bytes += timer.measure(one)
    timer.report("wkhtmltopdf", pdf_bytes=total_bytes // max(1, arguments.count))


if __name__ == "__main__":
    main()
