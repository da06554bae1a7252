#pragma once

#include <string>
#include <string_view>

namespace mailroom::job {

// The IBAN without the spaces it may be written with in groups of four: as invoices' facts keep
// it and bank statements give it.
std::string compact_iban(std::string_view iban);

// What is wrong with an IBAN (ISO 13616: 15 to 34 capital letters and digits whose check digits
// give 1 modulo 97, ISO 7064), or an empty string when nothing is. Spaces are passed over, so
// that an IBAN may be written in groups of four.
std::string iban_problem(std::string_view iban);

// Whether the IBAN has no problem.
bool is_valid_iban(std::string_view iban);

} // namespace mailroom::job
