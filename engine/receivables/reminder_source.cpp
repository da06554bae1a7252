#include "reminder_source.hpp"

#include <engine/job/iban.hpp>
#include <engine/util/text.hpp>

#include <charconv>

namespace mailroom::receivables {

namespace {

// Invoices read from the register at a time.
constexpr std::int64_t k_page_size = 256;

// The register keeps where an invoice was read as "file:line".
Location location_of(const std::string& source) {
  const auto colon = source.rfind(':');
  if (colon == std::string::npos) {
    return Location{source, 0, ""};
  }
  int line = 0;
  const auto* begin = source.data() + colon + 1;
  const auto* end = source.data() + source.size();
  if (std::from_chars(begin, end, line).ptr != end) {
    return Location{source, 0, ""};
  }
  return Location{source.substr(0, colon), line, ""};
}

} // namespace

std::vector<SentReminder> sent_reminders_of(
  const std::vector<ledger::SentReminderRecord>& records) {
  std::vector<SentReminder> sent;
  for (const auto& record : records) {
    // "YYYY-MM-DDT...": the day the server accepted it, in UTC.
    if (const auto day = time::parse_date(record.sent_at.substr(0, 10))) {
      sent.push_back({record.level, *day});
    }
  }
  return sent;
}

DueReminder make_due_reminder(const ledger::RegisterRow& row, const Standing& standing,
                              unsigned level, const job::Creditor& creditor,
                              const time::Date& as_of) {
  const auto& facts = row.invoice.facts;
  DueReminder due;
  auto& invoice = due.invoice;
  invoice.source = location_of(facts.source);
  invoice.number = facts.number;
  invoice.creditor = facts.creditor;
  // The policy judged the due date a date; an issue date the register could not read is left
  // empty rather than guessed.
  const auto date = [](const std::string& text) {
    auto parsed = time::parse_date(text);
    return parsed ? *parsed : time::Date{};
  };
  invoice.date = date(facts.issue_date);
  invoice.due_date = date(facts.due_date);
  invoice.currency = facts.currency;
  invoice.language = job::parse_language(facts.language).value_or(creditor.language);
  invoice.language_given = true;
  invoice.debtor.id = facts.debtor_id;
  invoice.debtor.name = facts.debtor_name;
  for (const auto line : text::split(facts.debtor_address, '\n')) {
    if (!line.empty()) {
      invoice.debtor.address.emplace_back(line);
    }
  }
  invoice.debtor.vat_number = facts.debtor_vat_number;
  invoice.debtor.emails = facts.recipients;
  invoice.vat_charge = facts.reverse_charge == ledger::ReverseCharge::Yes
                         ? job::VatCharge::ReverseCharged
                         : job::VatCharge::Charged;
  invoice.totals.subtotal = job::Money{facts.subtotal_cents};
  invoice.totals.vat_total = job::Money{facts.vat_cents};
  invoice.totals.total = job::Money{facts.total_cents};

  const auto& levels = creditor.reminders;
  const auto& chosen = levels.at(level - 1);
  auto& reminder = due.reminder;
  reminder.level = level;
  reminder.level_count = static_cast<unsigned>(levels.size());
  reminder.date = as_of;
  reminder.pay_by = as_of.plus_days(chosen.pay_within_days);
  reminder.total = job::Money{standing.total_cents};
  reminder.credited = job::Money{standing.credited_cents};
  reminder.paid = job::Money{standing.paid_cents};
  reminder.outstanding = job::Money{standing.outstanding_cents};
  reminder.fee = chosen.fee;
  reminder.asked = reminder.outstanding + reminder.fee;
  reminder.payment_reference = facts.payment_reference;
  reminder.creditor_iban = facts.creditor_iban;
  reminder.invoice_pdf_sha256 = row.invoice.pdf_sha256;
  return due;
}

ReminderSource::ReminderSource(ledger::Ledger& ledger, const job::Creditors& creditors,
                               const time::Date& as_of)
  : m_ledger(ledger)
  , m_as_of(as_of) {
  for (const auto& [id, creditor] : creditors.by_id) {
    if (!creditor.reminders.empty()) {
      m_creditors.push_back(&creditor);
      m_tallies.emplace(id, CreditorTally{});
    }
  }
}

Result<bool> ReminderSource::read_page() {
  while (m_creditor_index < m_creditors.size()) {
    const auto& creditor = *m_creditors[m_creditor_index];
    if (!m_creditor_done) {
      if (m_after.empty()) {
        // The creditor's first page: are its reminders held?
        const auto newest = TRY(m_ledger.newest_statement_date(job::compact_iban(creditor.iban)));
        m_held =
          held_for_statement(creditor.hold_reminders_if_statement_older_than, newest, m_as_of);
        if (m_held) {
          m_tallies[creditor.id].held_because = *m_held;
        }
      }
      m_page = TRY(m_ledger.issued_invoices_after(creditor.id, m_after, k_page_size));
      m_page_index = 0;
      if (!m_page.empty()) {
        m_after = m_page.back().invoice.facts.number;
        m_creditor_done = m_page.size() < static_cast<size_t>(k_page_size);
        return true;
      }
    }
    ++m_creditor_index;
    m_after.clear();
    m_creditor_done = false;
  }
  return false;
}

Result<std::optional<DueReminder>> ReminderSource::next() {
  for (;;) {
    if (m_page_index >= m_page.size() && !TRY(read_page())) {
      return std::optional<DueReminder>();
    }
    if (auto due = TRY(judge(m_page[m_page_index++]))) {
      return due;
    }
  }
}

Result<std::optional<DueReminder>> ReminderSource::judge(const ledger::RegisterRow& row) {
  const auto& creditor = *m_creditors[m_creditor_index];
  auto& tally = m_tallies[creditor.id];
  const auto& facts = row.invoice.facts;
  const auto standing = standing_of(row, m_as_of);
  const auto sent = sent_reminders_of(TRY(m_ledger.sent_reminders(facts.creditor, facts.number)));
  const auto decision = decide_reminder(row, standing, sent, creditor.reminders, m_as_of);
  switch (decision.verdict) {
    case ReminderVerdict::Due:
      break;
    case ReminderVerdict::NotYet:
      ++tally.not_yet;
      return std::optional<DueReminder>();
    case ReminderVerdict::AllSent:
      ++tally.all_sent;
      return std::optional<DueReminder>();
    case ReminderVerdict::NothingOwed:
    case ReminderVerdict::NotReminded:
    case ReminderVerdict::Held:
      return std::optional<DueReminder>();
  }
  if (m_held) {
    ++tally.held;
    return std::optional<DueReminder>();
  }
  ++tally.due;
  return std::optional<DueReminder>(
    make_due_reminder(row, standing, decision.level, creditor, m_as_of));
}

} // namespace mailroom::receivables
