#!/usr/bin/python3
"""The operator console in a real browser: headless Chromium driven by Selenium (issue 22).

Run with /usr/bin/python3 (Debian's python3-selenium, chromium and chromium-driver):
  /usr/bin/python3 tests/browser/console_browser.py --mailroom BUILD/engine/cli/mailroom \
      --source . [--artifacts FOLDER] [unittest arguments, e.g. -v or ReadOnlyConsole]
ctest runs it as `console_browser` (tests/CMakeLists.txt).

Each test class starts its own console on the demo job (in a temporary folder, with an SMTP
server of tests/support/smtp_server.py as its transport, ready for the send tests) and one
Chromium, and stops both when its tests are done, also when one fails. A test that fails leaves a
screenshot and the page's source in the artifacts folder ($MAILROOM_BROWSER_ARTIFACTS, or
--artifacts, or build-test/tests/browser-artifacts/ of the source tree), named after the test;
the failure says where.

Chromium talks to loopback only: the flags below stop what it would otherwise fetch on its own
(updates, sync, safe browsing lists), and each browser gets a fresh profile folder.
"""

import argparse
import collections
import email
import email.policy
import json
import os
import pathlib
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

# Set by main() from the command line.
MAILROOM = None
SOURCE = None
ARTIFACTS = None

# How long any one wait may take: generous for the ASan binary on a busy machine, and still an
# end.
WAIT_SECONDS = 20
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# The line `mailroom console` prints once it serves.
CONSOLE_URL = re.compile(r"^mailroom console of job .*: (http://127\.0\.0\.1:\d+/)")


def read_line(stream, seconds, what):
    """The next line of a subprocess's stream, or an error naming `what` once `seconds` pass.
    For the first line only: select does not see what readline has buffered beyond it."""
    # Bounded without a thread: select on the pipe, then read the line it has.
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("%s said nothing within %d s" % (what, seconds))
        ready, _, _ = select.select([stream], [], [], left)
        if ready:
            line = stream.readline()
            if not line:
                raise RuntimeError("%s ended before it said what was expected" % what)
            return line


def write_demo_job(folder, extra=""):
    """The shipped demo job, as tests/pipeline/job_fixture.hpp's write_demo_job writes it: the
    repository's creditors and invoices, its ledger and archive beside the job file."""
    job = (SOURCE / "jobs/demo.toml").read_text()
    replacements = {
        '"creditors.toml"': '"%s"' % (SOURCE / "jobs/creditors.toml"),
        '"../samples/data/demo.jsonl"': '"%s"' % (SOURCE / "samples/data/demo.jsonl"),
        '"../var/mailroom.db"': '"ledger.db"',
        '"../var/archive"': '"archive"',
    }
    for old, new in replacements.items():
        if old not in job:
            raise RuntimeError("jobs/demo.toml no longer holds " + old)
        job = job.replace(old, new, 1)
    path = folder / "job.toml"
    path.write_text(job + extra)
    return path


# An invoice number of the demo job, as the subject of its mail holds it.
INVOICE_NUMBER = re.compile(r"\b\d{4}-\d{6}\b")


class SmtpServer:
    """tests/support/smtp_server.py on a free loopback port; it stops when its stdin closes.
    `arguments` are its options, e.g. ("--reply-delay", "1") for a slow server."""

    def __init__(self, folder, *arguments):
        self.out = folder / "smtp"
        self.out.mkdir()
        self.process = subprocess.Popen(
            ["/usr/bin/python3", str(SOURCE / "tests/support/smtp_server.py"), str(self.out),
             *arguments],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(read_line(self.process.stdout, WAIT_SECONDS, "the SMTP server").strip())

    def messages(self):
        """The messages received so far, as the .json records the server wrote."""
        return [json.loads(path.read_text()) for path in sorted(self.out.glob("*.json"))]

    def invoices(self):
        """The messages received so far, each as (the invoice number in its subject, its
        rcpt_tos). The .json is written after its .eml, so a message with one has both."""
        received = []
        for record in sorted(self.out.glob("*.json")):
            message = email.message_from_bytes(record.with_suffix(".eml").read_bytes(),
                                               policy=email.policy.default)
            found = INVOICE_NUMBER.search(str(message["Subject"]))
            received.append((found.group(0) if found else None,
                             json.loads(record.read_text())["rcpt_tos"]))
        return received

    def count_of(self, numbers, since=0, settle=0.5):
        """How often each invoice arrived after the first `since` messages, once all of
        `numbers` have (or WAIT_SECONDS passed) and `settle` seconds more for a message that
        should not come."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if set(numbers) <= {number for number, _ in self.invoices()[since:]}:
                break
            time.sleep(0.1)
        time.sleep(settle)
        return collections.Counter(number for number, _ in self.invoices()[since:])

    def attachments_of(self, number):
        """The PDFs attached to the messages of invoice `number`, as bytes."""
        found = []
        for record in sorted(self.out.glob("*.eml")):
            message = email.message_from_bytes(record.read_bytes(), policy=email.policy.default)
            match = INVOICE_NUMBER.search(str(message["Subject"]))
            if match and match.group(0) == number:
                found += [part.get_content() for part in message.iter_attachments()
                          if part.get_content_type() == "application/pdf"]
        return found

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Console:
    """`mailroom console JOB --listen 127.0.0.1:0` and the URL it serves."""

    def __init__(self, job, *arguments, environment=None):
        self.process = subprocess.Popen(
            [str(MAILROOM), "console", str(job), "--listen", "127.0.0.1:0", *arguments],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=environment if environment is not None else os.environ.copy())
        # The ASan binary reads and records the 40 invoices first: give it time.
        line = read_line(self.process.stdout, 60, "mailroom console")
        found = CONSOLE_URL.match(line)
        if not found:
            self.stop()
            raise RuntimeError("mailroom console printed %r, not its URL" % line)
        self.url = found.group(1)
        self.wait_until_answering()

    def wait_until_answering(self):
        """Waits until the console answers a request. It prints its URL before its server
        thread listens, and a SIGTERM in between is lost (cpp-httplib 0.11's stop() does
        nothing before listen_after_bind() has begun): the console would never stop."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(self.url + "assets/style.css", timeout=WAIT_SECONDS):
                    return
            except urllib.error.HTTPError:
                return  # An answer all the same.
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        """Sends SIGTERM; its exit code (0 when it stopped as it should). `ended_early` says
        whether it had ended before, which it should not."""
        self.ended_early = self.process.poll() is not None
        if not self.ended_early:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.errors = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return code


def start_chromium(profile, language=None):
    """Headless Chromium with a fresh profile in `profile`, reaching nothing but loopback."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                 "--disable-sync", "--disable-component-update", "--disable-default-apps",
                 "--disable-extensions", "--disable-breakpad", "--disable-domain-reliability",
                 "--disable-client-side-phishing-detection", "--metrics-recording-only",
                 "--safebrowsing-disable-auto-update", "--password-store=basic",
                 "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
                 "--window-size=1280,900", "--user-data-dir=%s" % profile]:
        options.add_argument(flag)
    if language:
        options.add_argument("--lang=%s" % language)
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    service = Service(executable_path=CHROMEDRIVER, log_path=os.devnull)
    browser = webdriver.Chrome(service=service, options=options)
    browser.set_page_load_timeout(WAIT_SECONDS)
    browser.set_script_timeout(WAIT_SECONDS)
    return browser


class ConsoleBrowserTest(unittest.TestCase):
    """One console and one Chromium for the tests of a class; each test starts signed out with
    a new session. Subclasses may set `console_arguments`, `environment`, `language` and
    `smtp_arguments` (options of the SMTP server)."""

    console_arguments = ()
    environment = {}
    language = None
    smtp_arguments = ()

    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="mailroom-browser-"))
        # What is started is stopped in tearDownClass, which unittest skips when setUpClass
        # fails: so undo through class cleanups, which run either way.
        cls.addClassCleanup(shutil.rmtree, cls.folder, ignore_errors=True)
        cls.smtp = SmtpServer(cls.folder, *cls.smtp_arguments)
        cls.addClassCleanup(cls.smtp.stop)
        cls.job = write_demo_job(cls.folder, '\ntransport = "smtp://127.0.0.1:%d"\n' % cls.smtp.port)
        cls.start_consoles()
        cls.browser = start_chromium(cls.folder / "profile", cls.language)
        cls.addClassCleanup(cls.browser.quit)

    @classmethod
    def start_consoles(cls):
        environment = dict(os.environ, **cls.environment)
        cls.console = Console(cls.job, *cls.console_arguments, environment=environment)
        cls.addClassCleanup(cls.stop_console, cls.console)

    @classmethod
    def stop_console(cls, console):
        code = console.stop()
        if console.ended_early:
            raise AssertionError("mailroom console had ended before the tests were done (exit "
                                 "code %d):\n%s" % (code, console.errors))
        if code != 0:
            raise AssertionError("mailroom console exited with %d on SIGTERM, not 0:\n%s"
                                 % (code, console.errors))

    def setUp(self):
        # A new session for each test: no language or sign-in carried over from the one before.
        self.browser.delete_all_cookies()

    def run(self, result=None):
        # A failing test leaves what the browser showed; said in the failure it belongs to.
        before = len(result.failures) + len(result.errors) if result else 0
        outcome = super().run(result)
        if result is not None and len(result.failures) + len(result.errors) > before:
            saved = self.save_artifacts()
            for kind in (result.failures, result.errors):
                if kind and kind[-1][0] is self:
                    kind[-1] = (kind[-1][0], kind[-1][1] + "\n" + saved)
        return outcome

    def save_artifacts(self):
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = self.id().split(".", 1)[-1]
            screenshot = ARTIFACTS / (name + ".png")
            source = ARTIFACTS / (name + ".html")
            self.browser.save_screenshot(str(screenshot))
            source.write_text("<!-- %s -->\n%s" % (self.browser.current_url, self.browser.page_source))
            return "What the browser showed: %s and %s" % (screenshot, source)
        except Exception as error:  # The browser itself may be what failed.
            return "No screenshot of the browser: %s" % error

    # Helpers over the page.

    def open(self, path=""):
        self.browser.get(self.console.url + path.lstrip("/"))

    def wait_for(self, css):
        return WebDriverWait(self.browser, WAIT_SECONDS).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))

    def find(self, css):
        return self.browser.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css):
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def rows(self):
        return self.find_all("#invoices tbody tr[data-key]")

    def row_keys(self):
        return [row.get_attribute("data-key") for row in self.rows()]

    def click_and_wait(self, element):
        """Clicks something that loads a new page, and waits until the old one has gone."""
        element.click()
        WebDriverWait(self.browser, WAIT_SECONDS).until(expected_conditions.staleness_of(element))

    def post_from_page(self, path, fields, with_token):
        """POSTs `fields` from the page with the browser's fetch (its cookies, its origin),
        with the page's CSRF token or without; the status of the reply (after redirects)."""
        return self.browser.execute_async_script(
            """
            const [path, fields, withToken, done] = arguments;
            const body = new URLSearchParams(fields);
            if (withToken) {
              body.set("csrf", document.querySelector("input[name=csrf]").value);
            }
            fetch(path, {method: "POST", body}).then((reply) => done(reply.status),
                                                     (error) => done("failed: " + error));
            """, path, fields, with_token)

    def fetch_with_cookies(self, url):
        """GETs `url` outside the browser, with its cookies: the status, type and body."""
        cookies = "; ".join("%s=%s" % (cookie["name"], cookie["value"])
                            for cookie in self.browser.get_cookies())
        request = urllib.request.Request(url, headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(request, timeout=WAIT_SECONDS) as reply:
                return reply.status, reply.headers.get("Content-Type"), reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type"), error.read()


class InvoiceList(ConsoleBrowserTest):
    """The list of a console that may send: filters, search, order, paging, selection."""

    def test_the_list_opens_with_the_forty_invoices_of_the_demo_job_none_sent(self):
        self.open()
        self.wait_for("#invoices")
        self.assertEqual(40, len(self.rows()))
        self.assertEqual({"not_sent"}, {row.get_attribute("data-delivery") for row in self.rows()})
        self.assertIn("40", self.find("#summary").text)
        self.assertEqual([], self.find_all("#read-only-badge"))

    def test_filtering_by_creditor_northwind_shows_its_eight_invoices(self):
        self.open()
        self.find("#creditor option[value=northwind]").click()
        self.click_and_wait(self.find("#apply-filters"))
        self.assertEqual(8, len(self.rows()))
        self.assertTrue(all(key.endswith("/northwind") for key in self.row_keys()))
        self.assertIn("creditor=northwind", self.browser.current_url)

    def test_searching_brightside_shows_its_three_invoices(self):
        self.open()
        self.find("#q").send_keys("brightside")
        self.click_and_wait(self.find("#apply-filters"))
        self.assertEqual(3, len(self.rows()))
        for row in self.rows():
            self.assertIn("brightside", row.text.lower())

    def test_clicking_the_total_heading_twice_orders_by_total_both_ways(self):
        self.open()
        first_as_listed = self.row_keys()[0]
        self.click_and_wait(self.find("#invoices thead a[href*='sort=total']"))
        ascending = self.row_keys()
        self.click_and_wait(self.find("#invoices thead a[href*='sort=total']"))
        descending = self.row_keys()
        self.assertEqual("descending", self.find("#invoices thead a[href*='sort=total']")
                         .find_element(By.XPATH, "..").get_attribute("aria-sort"))
        self.assertEqual(40, len(descending))
        self.assertEqual(list(reversed(ascending)), descending)
        self.assertNotEqual(first_as_listed, descending[0])

    def test_paging_five_at_a_time_goes_forward_and_back(self):
        self.open("/?per_page=5")
        first_page = self.row_keys()
        self.assertEqual(5, len(first_page))
        self.assertEqual([], self.find_all("#previous-page"))
        self.click_and_wait(self.find("#next-page"))
        second_page = self.row_keys()
        self.assertEqual(5, len(second_page))
        self.assertFalse(set(first_page) & set(second_page))
        self.assertIn("page=2", self.browser.current_url)
        self.click_and_wait(self.find("#previous-page"))
        self.assertEqual(first_page, self.row_keys())

    def test_the_page_box_selects_every_row_and_a_row_box_marks_its_row(self):
        self.open("/?per_page=10")
        boxes = self.find_all("#invoices tbody input[name=invoice]")
        self.assertEqual(10, len(boxes))
        boxes[2].click()
        self.assertIn("selected", self.rows()[2].get_attribute("class").split())
        self.assertNotIn("selected", self.rows()[3].get_attribute("class").split())
        self.assertTrue(self.browser.execute_script(
            "return document.getElementById('select-page').indeterminate"))
        self.find("#select-page").click()
        self.assertTrue(all(box.is_selected() for box in boxes))
        self.assertTrue(all("selected" in row.get_attribute("class").split() for row in self.rows()))
        self.find("#select-page").click()
        self.assertFalse(any(box.is_selected() for box in boxes))

    def test_an_invoice_opened_from_the_list_shows_its_facts_and_pdf_and_goes_back_filtered(self):
        self.open("/?creditor=northwind")
        key = self.row_keys()[0]
        number = key.split("/")[0]
        self.click_and_wait(self.rows()[0].find_element(By.CSS_SELECTOR, "td.number a"))
        self.assertIn(number, self.find("h1").text)
        facts = self.find("section.facts").text
        self.assertIn("northwind", facts.lower())
        frame = self.wait_for("iframe.pdf-view")
        status, content_type, body = self.fetch_with_cookies(frame.get_attribute("src"))
        self.assertEqual(200, status)
        self.assertEqual("application/pdf", content_type.split(";")[0])
        self.assertTrue(body.startswith(b"%PDF-"))
        status, content_type, _ = self.fetch_with_cookies(
            self.find("#download-pdf").get_attribute("href"))
        self.assertEqual((200, "application/pdf"), (status, content_type.split(";")[0]))
        self.click_and_wait(self.find("#back-to-list"))
        self.assertIn("creditor=northwind", self.browser.current_url)
        self.assertEqual(8, len(self.rows()))

    def test_the_csv_export_keeps_the_filter(self):
        self.open("/?creditor=northwind")
        status, content_type, body = self.fetch_with_cookies(
            self.find("#export-csv").get_attribute("href"))
        self.assertEqual(200, status)
        self.assertTrue(content_type.startswith("text/csv"))
        self.assertEqual(1 + 8, len(body.decode().strip().splitlines()))

    def test_switching_to_nederlands_and_back(self):
        self.open("/?creditor=northwind")
        self.assertEqual("Invoices", self.find("h1").text)
        self.click_and_wait(self.find("#language-switch"))
        self.assertEqual("Facturen", self.find("h1").text)
        self.assertEqual("nl", self.find("html").get_attribute("lang"))
        # The switch comes back to the page it was on.
        self.assertIn("creditor=northwind", self.browser.current_url)
        self.click_and_wait(self.find("#language-switch"))
        self.assertEqual("Invoices", self.find("h1").text)

    def test_a_post_without_the_csrf_token_is_refused(self):
        self.open()
        self.assertEqual(403, self.post_from_page("/language", {"language": "nl"}, with_token=False))
        self.open()
        self.assertEqual("Invoices", self.find("h1").text)
        # With the page's token the same POST is taken: a redirect to the page, then 200.
        self.assertEqual(200, self.post_from_page("/language", {"language": "nl"}, with_token=True))
        self.open()
        self.assertEqual("Facturen", self.find("h1").text)


class DutchBrowser(ConsoleBrowserTest):
    """A browser that asks for Dutch (Accept-Language) gets the console in Dutch."""

    language = "nl"

    def test_the_console_speaks_dutch_to_a_dutch_browser(self):
        self.open()
        self.assertEqual("Facturen", self.find("h1").text)
        self.assertEqual("English", self.find("#language-switch").text)


class ReadOnlyConsole(ConsoleBrowserTest):
    """A read-only console over a ledger that a console that may send has recorded."""

    @classmethod
    def start_consoles(cls):
        # The first console records the job's invoices into the ledger; a read-only one refuses
        # a job without one.
        recorder = Console(cls.job)
        cls.stop_console(recorder)
        cls.console = Console(cls.job, "--read-only")
        cls.addClassCleanup(cls.stop_console, cls.console)

    def test_a_read_only_console_shows_its_badge_and_no_boxes(self):
        self.open()
        self.wait_for("#invoices")
        self.assertTrue(self.find("#read-only-badge").is_displayed())
        self.assertEqual(40, len(self.rows()))
        self.assertEqual([], self.find_all("input[name=invoice]"))
        self.assertEqual([], self.find_all("#select-page"))

    def test_a_read_only_console_refuses_a_send_even_with_the_token(self):
        self.open()
        self.assertEqual(403, self.post_from_page(
            "/send/start", {"invoice": self.row_keys()[0], "letterhead": "job"}, with_token=True))
        # Changing the session's language is still taken.
        self.assertEqual(200, self.post_from_page("/language", {"language": "nl"}, with_token=True))


class PasswordConsole(ConsoleBrowserTest):
    """A console with --password-env: nothing before signing in."""

    environment = {"MAILROOM_BROWSER_TEST_PASSWORD": "correct horse battery staple"}
    console_arguments = ("--password-env", "MAILROOM_BROWSER_TEST_PASSWORD")

    def test_the_browser_lands_on_the_sign_in_page(self):
        self.open()
        self.wait_for("#password")
        self.assertTrue(self.browser.current_url.endswith("/sign-in"))
        self.assertEqual([], self.find_all("#invoices"))

    def test_a_wrong_password_is_refused_and_the_right_one_shows_the_list(self):
        self.open()
        self.find("#password").send_keys("wrong horse")
        self.click_and_wait(self.find("form.sign-in button[type=submit]"))
        self.assertTrue(self.find("#sign-in-failed").is_displayed())
        self.assertEqual([], self.find_all("#invoices"))
        self.find("#password").send_keys("correct horse battery staple")
        self.click_and_wait(self.find("form.sign-in button[type=submit]"))
        self.wait_for("#invoices")
        self.assertEqual(40, len(self.rows()))


class SendingConsole(ConsoleBrowserTest):
    """Helpers for the tests that send: through the pages, as a person would."""

    def select(self, *keys):
        """Ticks the boxes of these rows of the list shown."""
        for key in keys:
            self.find('input[name=invoice][value="%s"]' % key).click()

    def send_selection(self, letterhead="job"):
        """From the list with a selection: Send digitally, the letterhead, Next; the number the
        confirmation says will go out (the page is left at the confirmation)."""
        self.click_and_wait(self.find("#send-digitally"))
        self.find("#letterhead-" + letterhead).click()
        self.click_and_wait(self.find("#send-next"))
        return self.find("#to-send-count").text

    def wait_until_finished(self):
        """On the progress page: waits until the send is over (the page loads itself again
        then) and says so."""
        WebDriverWait(self.browser, 3 * WAIT_SECONDS).until(
            expected_conditions.presence_of_element_located(
                (By.CSS_SELECTOR, "#send-status[data-state=finished]")))

    def send_from_invoice_page(self, creditor, number):
        """Sends one invoice from its page, with the job's letterhead, and waits for the end."""
        self.open("/invoice?creditor=%s&number=%s" % (creditor, number))
        self.click_and_wait(self.find("#resend"))
        self.click_and_wait(self.find("#send-next"))
        self.assertEqual("1", self.find("#to-send-count").text)
        self.click_and_wait(self.find("#send"))
        self.wait_until_finished()
        self.assertTrue(self.find("#all-sent").is_displayed())

    def delivery_of(self, key):
        return self.find('tr[data-key="%s"]' % key).get_attribute("data-delivery")


class SendFlow(SendingConsole):
    """Sending a selection, a changed recipient, a payment and printing, on a fast SMTP server."""

    def test_three_invoices_selected_in_a_filtered_search_are_sent_once_each(self):
        keys = ["2026-000001/acme", "2026-000007/acme", "2026-000013/acme"]
        numbers = [key.split("/")[0] for key in keys]
        before = len(self.smtp.invoices())
        self.open()
        self.find("#creditor option[value=acme]").click()
        self.find("#q").send_keys("zeeman")
        self.click_and_wait(self.find("#apply-filters"))
        self.assertIn("2026-000025/acme", self.row_keys())
        self.select(*keys)
        self.assertEqual("3", self.find("#selected-count").text)
        self.assertEqual("3", self.send_selection(letterhead="on"))
        self.assertEqual([], self.find_all("#invalid-list"))
        self.click_and_wait(self.find("#send"))
        self.wait_until_finished()
        self.assertEqual(("3", "3"), (self.find("#progress-done").text,
                                      self.find("#progress-total").text))
        self.assertEqual("3", self.find("#count-sent").text)
        self.assertTrue(self.find("#all-sent").is_displayed())
        self.assertEqual([], self.find_all("#not-all-sent"))
        self.click_and_wait(self.find("#back-to-list"))
        self.open("/?creditor=acme&q=zeeman")
        for key in keys:
            self.assertEqual("sent", self.delivery_of(key), key)
            self.assertNotEqual("", self.find('tr[data-key="%s"] td.sent-at' % key).text.strip())
        self.assertEqual("not_sent", self.delivery_of("2026-000025/acme"))
        self.assertEqual(collections.Counter(numbers), self.smtp.count_of(numbers, before))
        # With the letterhead: its page is a form of ours under the invoice's (its name is
        # engine/pdf/letterhead_stamp.cpp's), seen once qpdf has unpacked the object streams.
        for number in numbers:
            [pdf] = self.smtp.attachments_of(number)
            attached = self.folder / ("%s.pdf" % number)
            attached.write_bytes(pdf)
            unpacked = subprocess.run(
                ["qpdf", "--qdf", "--object-streams=disable", str(attached), "-"],
                capture_output=True, check=True).stdout
            self.assertTrue(b"/MailroomLetterhead1" in unpacked, "%s has no letterhead" % number)

    def test_a_changed_recipient_is_kept_a_wrong_one_refused_and_the_send_goes_to_it(self):
        number, new_address = "2026-000004", "nieuw-adres@hpoost.example"
        self.open("/invoice?creditor=acme&number=" + number)
        self.assertEqual([], self.find_all("#recipient-override"))
        self.find("#recipient-details > summary").click()
        self.find("#recipient-input").clear()
        self.find("#recipient-input").send_keys(new_address)
        self.find("#recipient-note").send_keys("moved to a new mailbox")
        self.click_and_wait(self.find("#recipient-save"))
        override = self.find("#recipient-override").text
        self.assertIn(new_address, override)
        self.assertIn("moved to a new mailbox", override)
        # An address that is none is refused, with why, and changes nothing.
        self.find("#recipient-details > summary").click()
        self.find("#recipient-input").clear()
        self.find("#recipient-input").send_keys("praktijk at hpoost dot example")
        self.click_and_wait(self.find("#recipient-save"))
        self.assertIn("This recipient was not kept", self.find("#message").text)
        self.assertIn("praktijk at hpoost dot example", self.find("#message").text)
        self.assertEqual(400, self.post_from_page(
            "/recipient", {"creditor": "acme", "number": number, "recipients": "nobody@"},
            with_token=True))
        self.open("/invoice?creditor=acme&number=" + number)
        self.assertIn(new_address, self.find("#recipient-override").text)
        # Sent from its page, it goes to the new address alone.
        self.click_and_wait(self.find("#resend"))
        self.click_and_wait(self.find("#send-next"))
        self.assertEqual("1", self.find("#to-send-count").text)
        self.assertIn(new_address, self.browser.execute_script(
            "return document.getElementById('to-send-list').textContent"))
        before = len(self.smtp.invoices())
        self.click_and_wait(self.find("#send"))
        self.wait_until_finished()
        self.assertTrue(self.find("#all-sent").is_displayed())
        self.assertEqual({number: 1}, self.smtp.count_of([number], before))
        self.assertEqual([[new_address]], [recipients for found, recipients
                                           in self.smtp.invoices()[before:]])

    def test_a_payment_registered_on_the_page_marks_it_paid_and_a_second_post_adds_none(self):
        # Only an invoice that went out can have been paid.
        number = "2026-000019"
        self.send_from_invoice_page("acme", number)
        self.open("/invoice?creditor=acme&number=" + number)
        payment_status = "section.facts span.status[class*=payment-]"
        self.assertNotIn("payment-paid", self.find(payment_status).get_attribute("class"))
        self.find("#payment-details > summary").click()
        self.assertNotEqual("", self.find("#payment-amount").get_attribute("value"))
        self.find("#payment-method option[value=cash]").click()
        form = self.browser.execute_script(
            "return Object.fromEntries(new FormData(document.getElementById('payment-form')))")
        self.click_and_wait(self.find("#payment-save"))
        self.assertIn("payment-paid", self.find(payment_status).get_attribute("class"))
        payments = "section[aria-labelledby=payments-heading] tbody tr"
        self.assertEqual(1, len(self.find_all(payments)))
        self.assertIn("cash", self.find(payments).text)
        # The same form once more (a double click, a reload): its key registers it once.
        self.assertEqual(200, self.post_from_page("/payment", form, with_token=True))
        self.open("/invoice?creditor=acme&number=" + number)
        self.assertEqual(1, len(self.find_all(payments)))

    def test_two_rows_printed_make_one_pdf(self):
        self.open("/?creditor=northwind")
        keys = self.row_keys()[:2]
        self.select(*keys)
        self.click_and_wait(self.find("#print-selection"))
        self.assertEqual("2", self.find("#print-summary strong").text)
        self.assertTrue(self.find("#make-pdf").is_displayed())
        # What #make-pdf posts, fetched by the page: the browser would only save the download.
        status, content_type, start = self.browser.execute_async_script(
            """
            const done = arguments[0];
            fetch("/print/pdf", {method: "POST",
                                 body: new URLSearchParams(new FormData(
                                   document.getElementById("print-form")))})
              .then(async (reply) => {
                const bytes = new Uint8Array(await reply.arrayBuffer());
                done([reply.status, reply.headers.get("Content-Type"),
                      String.fromCharCode(...bytes.slice(0, 5))]);
              }, (error) => done(["failed: " + error, "", ""]));
            """)
        self.assertEqual((200, "application/pdf", "%PDF-"),
                         (status, content_type.split(";")[0], start))


class SlowSend(SendingConsole):
    """A send on a slow SMTP server (a second per message), so that it is still running while
    the browser leaves, comes back and tries another."""

    smtp_arguments = ("--reply-delay", "1")

    def test_a_send_left_running_is_shown_again_refuses_a_second_and_sends_each_once(self):
        self.open("/?creditor=northwind")
        numbers = [key.split("/")[0] for key in self.row_keys()]
        self.assertEqual(8, len(numbers))
        before = len(self.smtp.invoices())
        self.find("#all-matching").click()
        self.assertEqual("8", self.send_selection())
        self.click_and_wait(self.find("#send"))
        self.wait_for("#send-status[data-state=running]")
        # The page goes away mid-send: its tab closed, a new window opened.
        first = self.browser.current_window_handle
        self.browser.switch_to.new_window("window")
        second = self.browser.current_window_handle
        self.browser.switch_to.window(first)
        self.browser.close()
        self.browser.switch_to.window(second)
        self.open()
        self.assertEqual("running", self.find("#send-banner").get_attribute("data-state"))
        # A second send while this one runs is refused, and says why.
        self.select("2026-000003/acme")
        self.assertEqual("1", self.send_selection())
        self.click_and_wait(self.find("#send"))
        self.assertIn("already running", self.find("#message").text)
        self.assertEqual(409, self.post_from_page(
            "/send/start", {"invoice": "2026-000003/acme", "letterhead": "job"}, with_token=True))
        # Back to the progress page: it follows the send to its end.
        self.open("/send")
        self.wait_until_finished()
        self.assertEqual(("8", "8"), (self.find("#progress-done").text,
                                      self.find("#count-sent").text))
        self.assertTrue(self.find("#all-sent").is_displayed())
        self.open()
        self.assertEqual("finished", self.find("#send-banner").get_attribute("data-state"))
        self.assertEqual(collections.Counter(numbers), self.smtp.count_of(numbers, before))


class ListenAddress(unittest.TestCase):
    """No browser: a console that others could reach, without a password, does not start."""

    def test_a_console_off_loopback_without_a_password_refuses_to_start(self):
        folder = pathlib.Path(tempfile.mkdtemp(prefix="mailroom-browser-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        job = write_demo_job(folder)
        finished = subprocess.run([str(MAILROOM), "console", str(job), "--listen", "0.0.0.0:0"],
                                  capture_output=True, text=True, timeout=60)
        self.assertEqual(2, finished.returncode, finished.stderr)
        self.assertIn("--password-env", finished.stderr)
        self.assertEqual("", finished.stdout)


def main():
    global MAILROOM, SOURCE, ARTIFACTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailroom", required=True, type=pathlib.Path, help="the mailroom binary")
    parser.add_argument("--source", required=True, type=pathlib.Path, help="the source tree")
    parser.add_argument("--artifacts", type=pathlib.Path,
                        help="where failing tests leave screenshots")
    known, rest = parser.parse_known_args()
    MAILROOM = known.mailroom.resolve()
    SOURCE = known.source.resolve()
    ARTIFACTS = pathlib.Path(os.environ.get("MAILROOM_BROWSER_ARTIFACTS") or known.artifacts
                             or SOURCE / "build-test/tests/browser-artifacts")
    unittest.main(argv=[sys.argv[0], *rest])


if __name__ == "__main__":
    main()
