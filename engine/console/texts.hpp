#pragma once

#include <engine/job/model.hpp>

#include <kainjow/mustache.hpp>

#include <optional>
#include <string>
#include <string_view>

// The console speaks Dutch and English: its texts are assets/texts.<code>.json, one key per text,
// the same keys in each (test_console checks). A person's choice is kept in a cookie; without one
// the browser's Accept-Language decides, and English when it names neither.

namespace mailroom::console {

// The languages of the invoices are the console's: job::language_code, job::parse_language.
using job::Language;

// The first of Dutch and English the header prefers ("nl-NL,nl;q=0.9,en;q=0.8"); English when it
// names neither.
Language preferred_language(std::string_view accept_language);

// One text of the language; the key itself when the texts have no such key, so that a missing
// text shows up on the page instead of an empty place.
std::string text(Language language, std::string_view key);

// Every text of the language, for the templates' {{t.key}}.
const kainjow::mustache::data& texts(Language language);

} // namespace mailroom::console
