#pragma once

#include <engine/pdf/paper.hpp>

// Where things go on an A4 page, in PDF points (1/72 inch). The letterhead owns the top and
// bottom bands; everything we draw stays between them.

namespace mailroom::render::geometry {

constexpr double k_page_width = pdf::k_a4_width;
constexpr double k_page_height = pdf::k_a4_height;

constexpr double k_left = 56.69; // 20 mm margins.
constexpr double k_right = k_page_width - 56.69;
constexpr double k_content_width = k_right - k_left;

// Bands reserved for the letterhead: nothing of ours is drawn in them when it is included.
constexpr double k_letterhead_top = 130.0;
constexpr double k_letterhead_bottom = 60.0;

// Without a letterhead the creditor's name and address take the top band instead.
constexpr double k_masthead_top = 46.0;

constexpr double k_first_body_top = 150.0;
constexpr double k_continuation_heading_top = 142.0;
constexpr double k_continuation_body_top = 166.0;

// The page number sits just above the bottom band; the body ends above the page number.
constexpr double k_page_number_top = k_page_height - k_letterhead_bottom - 20.0;
constexpr double k_body_bottom = k_page_height - k_letterhead_bottom - 30.0;

// The block with the creditor's details, to the right of the debtor's address.
constexpr double k_creditor_block_left = 400.0;
constexpr double k_debtor_block_width = 300.0;

// Line table: the description wraps; numeric columns are right-aligned on these edges.
constexpr double k_cell_padding = 5.0;
constexpr double k_description_left = k_left + k_cell_padding;
constexpr double k_description_width = 188.0;
constexpr double k_quantity_right = 300.0;
constexpr double k_unit_left = 308.0;
constexpr double k_unit_width = 48.0;
constexpr double k_unit_price_right = 424.0;
constexpr double k_vat_rate_right = 462.0;
constexpr double k_amount_right = k_right - k_cell_padding;

constexpr double k_table_header_height = 18.0;
constexpr double k_row_padding = 4.0;
// The running subtotal: "Transport" at the bottom of a page whose table goes on, "Van vorige
// pagina" under the table header of the next.
constexpr double k_carried_row_height = 16.0;

// Totals: labels start here, amounts end on the amount column.
constexpr double k_totals_label_left = 300.0;

// The EPC QR code at the right of the payment block, with its caption under it.
constexpr double k_qr_side = 86.0;
constexpr double k_qr_gap = 16.0;

} // namespace mailroom::render::geometry
