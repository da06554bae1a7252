#pragma once

#include <engine/util/result.hpp>

#include <compare>
#include <set>
#include <string>
#include <string_view>

namespace mailroom::job {

// One invoice a run is asked to take: its number, and the creditor that issued it, or any creditor
// (an empty `creditor`) when only the number is given. Numbers may repeat across creditors, so a
// key names both when it can.
struct SelectionKey {
  std::string creditor; // Empty: any creditor.
  std::string number;

  auto operator<=>(const SelectionKey&) const = default;

  // "invoice 2026-0042 of acme", or "invoice 2026-0042" for any creditor.
  std::string description() const;
};

// Which invoices of a job a run takes, by creditor and number. A record of the job is in the
// selection when a key names its creditor and number, or its number for any creditor. A selection
// with no keys takes no invoice: "every invoice" is the absence of a selection
// (`pipeline::RunOptions::selection`).
class Selection {
public:
  // Separates the creditor from the number on the command line: neither creditor ids nor invoice
  // numbers can hold it (invoice_reader.cpp allows letters, digits, '-', '_' and '.').
  static constexpr char k_separator = '/';

  void add(SelectionKey key);
  void add_number(std::string number) { add(SelectionKey{{}, std::move(number)}); }
  void add_invoice(std::string creditor, std::string number) {
    add(SelectionKey{std::move(creditor), std::move(number)});
  }

  bool contains(std::string_view creditor, std::string_view number) const;
  bool empty() const { return m_keys.empty(); }
  size_t size() const { return m_keys.size(); }
  const std::set<SelectionKey>& keys() const { return m_keys; }

  // The keys that name `creditor`'s invoice `number` (its own key, and the key of the number for
  // any creditor), each as it is in the selection.
  std::set<SelectionKey> keys_of(std::string_view creditor, std::string_view number) const;

private:
  std::set<SelectionKey> m_keys;
};

// A key as the command line gives it: "CREDITOR/NUMBER", or "NUMBER" for any creditor. An error
// when either part is empty or holds a character no creditor id or invoice number can hold.
Result<SelectionKey> parse_selection_key(std::string_view text);

} // namespace mailroom::job
