#pragma once

#include "colour.hpp"
#include "qr_code.hpp"
#include "typesetter.hpp"
#include "wording.hpp"

#include <engine/job/model.hpp>

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

// The parts an invoice and a payment reminder share: the creditor's masthead or details, the
// debtor's address, the payment block with its QR code, rules and the page number.

namespace mailroom::render {

inline constexpr Colour k_ink{0.13, 0.13, 0.13};
inline constexpr Colour k_muted{0.42, 0.42, 0.42};
inline constexpr Colour k_rule{0.80, 0.80, 0.80};
inline constexpr Colour k_header_fill{0.93, 0.93, 0.93}; // Behind table headers and what is due.

// Text whose place on the page is known once it has been measured.
struct PlacedText {
  TextBlock block;
  double x = 0;
  double top = 0;
  Align align = Align::Left;
  Colour colour;
};

// Draws each text where it was placed, in order.
void draw_placed(Typesetter& typesetter, cairo_t* context, const std::vector<PlacedText>& texts);

void draw_rule(cairo_t* context, double left, double right, double y, double width, Colour colour);

// The top of a letter's first page: without a letterhead the creditor's name and details stand in
// the letterhead's band, over a rule, so the document stands alone; with one, the details sit
// small beside the debtor's address. Then the debtor's name, address and VAT number.
struct AddressHeading {
  std::vector<PlacedText> texts;
  double masthead_rule = 0; // Where the rule under the masthead goes; 0 with a letterhead.
  double bottom = 0;        // Below the debtor's address and the creditor's details.
};

AddressHeading lay_out_address_heading(Typesetter& typesetter, const job::Creditor& creditor,
                                       const job::Debtor& debtor, job::Language language,
                                       bool with_letterhead);

// How to pay, with the EPC QR code and its caption at its right when there is one.
class PaymentBlock {
public:
  PaymentBlock() = default;
  // `qr_payload` is the EPC QR code's text, std::nullopt for none.
  PaymentBlock(Typesetter& typesetter, const Phrase& text,
               const std::optional<std::string>& qr_payload, job::Language language);

  double height() const { return m_height; }
  bool has_qr_code() const { return m_qr_code.has_value(); }
  void paint(Typesetter& typesetter, cairo_t* context, double top) const;

private:
  TextBlock m_text;
  std::optional<QrCode> m_qr_code;
  TextBlock m_qr_caption;
  double m_height = 0; // The text or the QR code, whichever is taller.
};

// "Pagina 1 van 2" at the foot of page `index`.
void paint_page_number(Typesetter& typesetter, cairo_t* context, int index, int page_count,
                       job::Language language);

} // namespace mailroom::render
