#!/usr/bin/python3
"""WeasyPrint peer: the benchmark invoice as HTML/CSS rendered to a PDF in memory.

    weasy.py COUNT [--out DIR]
"""

import argparse
import os

from weasyprint import HTML

import common
import html
import invoice as content


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--out")
    arguments = parser.parse_args()
    if arguments.out:
        os.makedirs(arguments.out, exist_ok=True)
    timer = common.Timer()
    total_bytes = 0
    for index in range(arguments.count):
        def one():
            pdf = HTML(string=html.html(index)).write_pdf()
            if arguments.out:
                with open(os.path.join(arguments.out, content.number(index) + ".pdf"), "wb") as file:
                    file.write(pdf)
            return len(pdf)
        total_bytes += timer.measure(one)
    timer.report("weasyprint", pdf_bytes=total_bytes // max(1, arguments.count))


if __name__ == "__main__":
    main()
