#include "letter_parts.hpp"

#include "labels.hpp"
#include "page_geometry.hpp"

#include <engine/job/format.hpp>

#include <algorithm>

namespace mailroom::render {

namespace {

constexpr double k_gap_after_creditor_name = 2.0;
constexpr double k_gap_before_registration = 4.0;

// Returns the bottom of the creditor's details.
double add_creditor_details(Typesetter& typesetter, std::vector<PlacedText>& texts,
                            const job::Creditor& creditor, const Labels& labels, bool beside_debtor,
                            double top) {
  const double x = beside_debtor ? geometry::k_creditor_block_left : geometry::k_right;
  const Align align = beside_debtor ? Align::Left : Align::Right;
  const double width = beside_debtor ? geometry::k_right - geometry::k_creditor_block_left : 240.0;
  auto add = [&](std::string_view text, Style style, double gap) {
    TextBlock block = typesetter.paragraph(text, style, width);
    const double height = block.height();
    texts.push_back(PlacedText{std::move(block), x, top + gap, align, k_muted});
    top += gap + height;
  };
  if (beside_debtor) {
    add(creditor.name, Style::SmallBold, 0.0);
    top += k_gap_after_creditor_name;
  }
  for (const std::string& line : creditor.address) {
    add(line, Style::Small, 0.0);
  }
  double gap = k_gap_before_registration;
  auto add_registration = [&](const char* label, const std::string& value) {
    if (!value.empty()) {
      add(std::string(label) + " " + value, Style::Small, gap);
      gap = 0.0;
    }
  };
  add_registration(labels.vat_number, creditor.vat_number);
  add_registration(labels.coc_number, creditor.coc);
  add_registration(labels.iban, creditor.iban.empty() ? "" : job::format::iban(creditor.iban));
  return top;
}

} // namespace

void draw_placed(Typesetter& typesetter, cairo_t* context, const std::vector<PlacedText>& texts) {
  for (const PlacedText& text : texts) {
    typesetter.draw(context, text.block, text.x, text.top, text.align, text.colour);
  }
}

void draw_rule(cairo_t* context, double left, double right, double y, double width, Colour colour) {
  set_colour(context, colour);
  cairo_set_line_width(context, width);
  cairo_move_to(context, left, y);
  cairo_line_to(context, right, y);
  cairo_stroke(context);
}

AddressHeading lay_out_address_heading(Typesetter& typesetter, const job::Creditor& creditor,
                                       const job::Debtor& debtor, job::Language language,
                                       bool with_letterhead) {
  const Labels& labels = labels_for(language);
  AddressHeading heading;
  double body_top = geometry::k_first_body_top;
  double creditor_bottom = 0;
  if (!with_letterhead) {
    TextBlock name =
      typesetter.paragraph(creditor.name, Style::Masthead, geometry::k_content_width / 2);
    const double name_bottom = geometry::k_masthead_top + name.height();
    heading.texts.push_back(
      PlacedText{std::move(name), geometry::k_left, geometry::k_masthead_top, Align::Left, k_ink});
    const double details_bottom = add_creditor_details(typesetter, heading.texts, creditor, labels,
                                                       false, geometry::k_masthead_top + 2.0);
    heading.masthead_rule = std::max(name_bottom, details_bottom) + 12.0;
    body_top = std::max(body_top, heading.masthead_rule + 22.0);
  } else {
    creditor_bottom =
      add_creditor_details(typesetter, heading.texts, creditor, labels, true, body_top);
  }

  double top = body_top;
  auto add_debtor_line = [&](std::string_view text, Style style, Colour colour) {
    TextBlock block = typesetter.paragraph(text, style, geometry::k_debtor_block_width);
    const double height = block.height();
    heading.texts.push_back(
      PlacedText{std::move(block), geometry::k_left, top, Align::Left, colour});
    top += height;
  };
  add_debtor_line(debtor.name, Style::Strong, k_ink);
  for (const std::string& line : debtor.address) {
    add_debtor_line(line, Style::Body, k_ink);
  }
  if (!debtor.vat_number.empty()) {
    top += k_gap_before_registration;
    add_debtor_line(std::string(labels.vat_number) + " " + debtor.vat_number, Style::Small,
                    k_muted);
  }
  heading.bottom = std::max(top, creditor_bottom);
  return heading;
}

PaymentBlock::PaymentBlock(Typesetter& typesetter, const Phrase& text,
                           const std::optional<std::string>& qr_payload, job::Language language) {
  double text_width = geometry::k_content_width;
  if (qr_payload) {
    // FIXME: a payload libqrencode cannot encode (it never exceeds 331 bytes, far below a QR
    // code's capacity) would leave the QR code out silently.
    if (auto code = QrCode::encode(*qr_payload)) {
      m_qr_code = std::move(*code);
      m_qr_caption = typesetter.line(labels_for(language).scan_to_pay, Style::Small);
      text_width -= geometry::k_qr_side + geometry::k_qr_gap;
    }
  }
  m_text = typesetter.paragraph(text, Style::Body, text_width);
  m_height = m_text.height();
  if (m_qr_code) {
    m_height = std::max(m_height, geometry::k_qr_side + 2.0 + m_qr_caption.height());
  }
}

void PaymentBlock::paint(Typesetter& typesetter, cairo_t* context, double top) const {
  typesetter.draw(context, m_text, geometry::k_left, top, Align::Left, k_ink);
  if (!m_qr_code) {
    return;
  }
  const double left = geometry::k_right - geometry::k_qr_side;
  m_qr_code->draw(context, left, top, geometry::k_qr_side);
  typesetter.draw(context, m_qr_caption, left + (geometry::k_qr_side - m_qr_caption.width()) / 2,
                  top + geometry::k_qr_side + 2.0, Align::Left, k_muted);
}

void paint_page_number(Typesetter& typesetter, cairo_t* context, int index, int page_count,
                       job::Language language) {
  const TextBlock block =
    typesetter.line(page_number_text(index, page_count, language), Style::Small);
  typesetter.draw(context, block, geometry::k_right, geometry::k_page_number_top, Align::Right,
                  k_muted);
}

} // namespace mailroom::render
