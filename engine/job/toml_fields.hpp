#pragma once

#include <engine/job/presence.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <toml++/toml.h>
#include <vector>

// Reads typed fields out of toml++ tables and collects every problem with its file, line and
// field, so that a person sees all mistakes of a file at once. Internal to engine/job.

namespace mailroom::job {

class TomlFields {
public:
  TomlFields(std::filesystem::path file, std::vector<Error>& problems)
    : m_file(std::move(file))
    , m_problems(problems) {}

  // Parses the file; on a syntax error records it and returns std::nullopt.
  std::optional<toml::table> parse();

  std::optional<std::string> string(const toml::table& table, std::string_view key,
                                    const std::string& field, Presence presence);
  std::optional<bool> boolean(const toml::table& table, std::string_view key,
                              const std::string& field, Presence presence);
  std::optional<long long> integer(const toml::table& table, std::string_view key,
                                   const std::string& field, Presence presence);
  // An array of strings; a single string is accepted as an array of one.
  std::optional<std::vector<std::string>> strings(const toml::table& table, std::string_view key,
                                                  const std::string& field, Presence presence);

  // Records a problem for every key of `table` not in `known`: a misspelt key must not be
  // silently ignored.
  void refuse_unknown_keys(const toml::table& table, std::initializer_list<std::string_view> known,
                           const std::string& prefix);

  void problem(std::string message, const toml::source_region& where, std::string field);
  const std::filesystem::path& file() const { return m_file; }

private:
  std::filesystem::path m_file;
  std::vector<Error>& m_problems;
};

} // namespace mailroom::job
