#pragma once

#include <engine/ledger/address.hpp>

#include <nlohmann/json.hpp>
#include <tests/support/temporary_folder.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

// Writes a complete job into a temporary folder: two creditors (acme, Dutch with an HTML mail;
// northwind, English with a Bcc) using the shipped templates and letterheads, both sending
// through `mailbox_url`, and the invoices given as JSON objects.

namespace mailroom::testing {

inline nlohmann::json make_invoice(const std::string& number, const std::string& creditor,
                                   const std::string& emails,
                                   const std::string& debtor_name = "Bakkerij De Vries") {
  return {
    {"number", number},
    {"creditor", creditor},
    {"date", "2026-11-20"},
    {"due_date", "2026-12-04"},
    {"currency", "EUR"},
    {"debtor",
     {{"id", "D1"},
      {"name", debtor_name},
      {"address", {"Dorpsstraat 5", "1234 AB Ergens"}},
      {"emails", emails}}},
    {"lines",
     {{{"description", "Broodjes"},
       {"quantity", "12"},
       {"unit", "st"},
       {"unit_price", "1.25"},
       {"vat_rate", "9"}},
      {{"description", "Adviesgesprek"},
       {"quantity", "2"},
       {"unit", "uur"},
       {"unit_price", "95.00"},
       {"vat_rate", "21"}}}},
    {"reference", "PO-77"},
  };
}

// Writes the shipped demo job (jobs/demo.toml) to `path`, reading the repository's creditors and
// invoices but keeping its ledger and archive beside `path`; `extra` is appended (a transport
// redirect, say).
inline void write_demo_job(const std::filesystem::path& path, const std::string& extra = "") {
  const auto source = source_dir();
  std::string job = read_text(source / "jobs/demo.toml");
  const auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = job.find(from);
    if (at == std::string::npos) {
      throw std::runtime_error("jobs/demo.toml no longer holds " + from);
    }
    job.replace(at, from.size(), to);
  };
  replace("\"creditors.toml\"", "\"" + (source / "jobs/creditors.toml").string() + "\"");
  replace("\"../samples/data/demo.jsonl\"",
          "\"" + (source / "samples/data/demo.jsonl").string() + "\"");
  replace("\"../var/mailroom.db\"", "\"ledger.db\"");
  replace("\"../var/archive\"", "\"archive\"");
  write_text(path, job + extra);
}

class JobFixture {
public:
  explicit JobFixture(std::string mailbox_url)
    : m_mailbox_url(std::move(mailbox_url)) {}

  const std::filesystem::path& root() const { return m_folder.path(); }
  std::filesystem::path job_file() const { return m_folder / "job.toml"; }
  std::filesystem::path ledger() const { return m_folder / "var/ledger.db"; }
  // Where the job's ledger is: the SQLite file above, or the database set_ledger named.
  ledger::Address ledger_address() const {
    return m_ledger.empty() ? ledger::sqlite_address(ledger())
                            : ledger::address_from_command_line(m_ledger);
  }
  // The job's `ledger` setting, e.g. a PostgreSQL URI; before write().
  void set_ledger(std::string ledger) { m_ledger = std::move(ledger); }
  std::filesystem::path archive() const { return m_folder / "var/archive"; }
  std::filesystem::path report() const { return m_folder / "var/report.json"; }

  // Writes the job; `invoice_lines` are written as they are, one per line (JSON text or not).
  void write(const std::vector<std::string>& invoice_lines, const std::string& extra_job = "") {
    const auto source = source_dir();
    write_text(m_folder / "creditors.toml", R"(
[[creditor]]
id = "acme"
name = "Acme B.V."
address = ["Keizersgracht 1", "1015 CJ Amsterdam"]
vat_number = "NL001234567B01"
coc = "12345678"
iban = "NL91ABNA0417164300"
language = "nl"
mailbox = "acme"
email_template = ")" + (source / "templates/emails/acme").string() +
                                              R"("
letterhead = ")" + (source / "templates/letterhead/acme.pdf").string() +
                                              R"("

[[creditor]]
id = "northwind"
name = "Northwind Trading Ltd"
address = ["Herengracht 500", "1017 CB Amsterdam"]
vat_number = "NL859123456B01"
coc = "87654321"
iban = "NL20INGB0001234567"
language = "en"
mailbox = "northwind"
email_template = ")" + (source / "templates/emails/northwind").string() +
                                              R"("
letterhead = ")" + (source / "templates/letterhead/northwind.pdf").string() +
                                              R"("

[mailbox.acme]
url = ")" + m_mailbox_url + R"("
from = "Acme B.V. Facturatie <facturen@acme.example>"
reply_to = "debiteuren@acme.example"
connections = 2

[mailbox.northwind]
url = ")" + m_mailbox_url + R"("
from = "Northwind Accounts <accounts@northwind.example>"
bcc = ["archive@northwind.example"]
connections = 1
)");
    std::string lines;
    for (const auto& line : invoice_lines) {
      lines += line + "\n";
    }
    write_text(m_folder / "invoices.jsonl", lines);
    write_text(job_file(), R"(name = "test-job"
creditors = "creditors.toml"
invoices = ["invoices.jsonl"]
ledger = ")" + (m_ledger.empty() ? std::string("var/ledger.db") : m_ledger) +
                             R"("
archive = "var/archive"
)" + extra_job);
  }

private:
  TemporaryFolder m_folder;
  std::string m_mailbox_url;
  std::string m_ledger;
};

} // namespace mailroom::testing
