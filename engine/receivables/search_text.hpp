#pragma once

#include <string>
#include <string_view>

// Searching as a person expects: "elan" finds "Bakkerij Élan", "MÜLLER" finds "Müller".
// Texts are compared in a folded form: Unicode case folding, accents and other combining marks
// taken off after canonical decomposition (GLib's Unicode tables).

namespace mailroom::receivables {

// The folded form of UTF-8 text; text that is not valid UTF-8 is folded byte by byte in ASCII.
std::string fold_for_search(std::string_view text);

// Whether `haystack` contains `folded_needle` (already folded) once folded.
bool contains_folded(std::string_view haystack, std::string_view folded_needle);

} // namespace mailroom::receivables
