#pragma once

#include "letter_parts.hpp"
#include "letterhead.hpp"
#include "page_geometry.hpp"
#include "typesetter.hpp"

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>
#include <engine/pdf/pdf_writer.hpp>

#include <vector>

// Lays out a payment reminder: a one-page letter on the creditor's letterhead with the debtor's
// address where the invoice has it, a title with the level, a short opening, a table of what the
// invoice came to and what is asked now, and how to pay (with the EPC QR code when the creditor
// prints one). Like InvoicePainter it measures everything first and paints after.

namespace mailroom::render {

class ReminderPainter {
public:
  // `letterhead` is null when the letter goes out without one.
  ReminderPainter(Typesetter& typesetter, const job::Invoice& invoice,
                  const job::Reminder& reminder, const job::Creditor& creditor,
                  job::Language language, const LetterheadArt* letterhead);

  int page_count() const { return 1; }
  // False when the letter (a very long address, say) would run into the letterhead's bottom band.
  bool fits_on_one_page() const { return m_bottom <= geometry::k_body_bottom; }

  void paint(pdf::PdfWriter& writer, LetterheadDrawing drawing);

private:
  struct Rule {
    double y = 0;
    double width = 0;
    Colour colour;
  };

  // Each returns the top of what follows.
  double prepare_title(double top);
  double prepare_table(double top);
  double add_row(const char* label, const std::string& value, double top);

  Typesetter& m_typesetter;
  const job::Invoice& m_invoice;
  const job::Reminder& m_reminder;
  const job::Creditor& m_creditor;
  job::Language m_language;
  const LetterheadArt* m_letterhead;

  std::vector<PlacedText> m_texts;
  std::vector<Rule> m_rules;
  double m_masthead_rule = 0; // Under the masthead; 0 with a letterhead.
  double m_asked_top = 0;     // The row with the amount to pay now, shaded.
  double m_asked_bottom = 0;
  PaymentBlock m_payment;
  double m_payment_top = 0;
  double m_bottom = 0;
};

} // namespace mailroom::render
