// libFuzzer harness: any bytes through bank::read_camt053, as `mailroom bank import` reads a
// statement file, and so through the XML layer over libxml2. Any crash, hang, sanitizer report or
// exception escaping is a finding, and so is a refusal without a located reason.
// The seeds (tests/fuzz/corpus/camt) are small statements of both versions and a broken one; the
// size of a statement (50 MB, 70,000 entries) is covered by test_bank's
// CamtReader.ReadsAFiftyMegabyteStatementWithoutKeepingItsXml and test_xml's
// XmlReader.KeepsMemoryBoundedOnA50MegabyteDocument, not here.

#include <engine/bank/camt_reader.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto file = mailroom::bank::read_camt053(bytes, "fuzz.xml");
  if (!file) {
    // Every problem names the file and says something; there are never more than the maximum
    // and the note that reading stopped.
    if (file.problems().empty() ||
        file.problems().size() > mailroom::bank::k_maximum_problems + 1) {
      __builtin_trap();
    }
    for (const auto& problem : file.problems()) {
      if (problem.location.file != "fuzz.xml" || problem.message.empty()) {
        __builtin_trap();
      }
    }
    return 0;
  }
  // A statement read has an account's IBAN, and its entries count from 1 in order with amounts
  // that are never negative; every entry has at least one transaction, none with a negative
  // amount, and a booked entry has a booking date. The transactions' amounts need not add up to
  // the entry's.
  for (const auto& statement : file->statements) {
    if (statement.account_iban.empty()) {
      __builtin_trap();
    }
    for (std::size_t index = 0; index < statement.entries.size(); ++index) {
      const auto& entry = statement.entries[index];
      if (entry.position != index + 1 || entry.amount.cents < 0 || entry.currency.size() != 3 ||
          entry.transactions.empty() ||
          (entry.booking == mailroom::bank::Booking::Booked && !entry.booking_date)) {
        __builtin_trap();
      }
      for (const auto& transaction : entry.transactions) {
        if (transaction.amount.cents < 0 ||
            (!transaction.currency.empty() && transaction.currency.size() != 3)) {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
