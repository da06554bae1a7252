// libFuzzer harness: one JSON Lines record through job::parse_invoice, as the pipeline parses each
// line of an invoice file, and through job::creditor_named, as the run's first look at the job
// reads it. Any crash, hang, sanitizer report or exception escaping is a finding.

#include <engine/job/invoice_reader.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

const mailroom::job::Creditors& known_creditors() {
  static const mailroom::job::Creditors creditors = [] {
    mailroom::job::Creditors made;
    made.path = "creditors.toml";
    mailroom::job::Creditor acme;
    acme.id = "acme";
    made.by_id.emplace("acme", acme);
    return made;
  }();
  return creditors;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader hands over lines without their newline and never longer than its limit.
  if (size > mailroom::job::InvoiceReader::k_maximum_line_bytes) {
    return -1;
  }
  mailroom::job::RawRecord record{mailroom::Location{"fuzz.jsonl", 1, ""},
                                  std::string(reinterpret_cast<const char*>(data), size)};
  const auto parsed = mailroom::job::parse_invoice(record, known_creditors());
  // Every problem names the record's file and line.
  for (const auto& problem : parsed.problems) {
    if (problem.location.file != "fuzz.jsonl" || problem.location.line != 1 ||
        problem.message.empty()) {
      __builtin_trap();
    }
  }
  // The first look and the parser agree on the creditor of every valid invoice: a mailbox the
  // run needs is never left unopened.
  const auto creditor = mailroom::job::creditor_named(record);
  if (parsed.ok() && creditor != parsed.invoice.creditor) {
    __builtin_trap();
  }
  return 0;
}
