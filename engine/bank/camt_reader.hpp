#pragma once

#include <engine/bank/camt_statement.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <string_view>

namespace mailroom::bank {

// The namespaces of the documents read: camt.053.001.02 and camt.053.001.08.
inline constexpr std::string_view k_camt053_version02_namespace =
  "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";
inline constexpr std::string_view k_camt053_version08_namespace =
  "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

// At most this many problems are reported for one file; reading stops at the next one.
inline constexpr std::size_t k_maximum_problems = 50;

// Reads a CAMT.053 bank statement file, streaming: only one entry at a time is held as XML, so a
// file of any size takes memory for its entries only. Every problem names the file, the line and
// the field ("statement.xml:42: Stmt[1].Ntry[3].Amt: expected an amount like 12.34, found
// \"12,34\""); all of them are reported at once, up to k_maximum_problems.
[[nodiscard]] Checked<StatementFile> read_camt053(const std::filesystem::path& file);

// The same on bytes in memory; `name` stands for the file in problems and in the result's path.
[[nodiscard]] Checked<StatementFile> read_camt053(std::string_view bytes, std::string_view name);

} // namespace mailroom::bank
