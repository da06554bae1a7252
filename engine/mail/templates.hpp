#pragma once

#include <engine/job/model.hpp>
#include <engine/util/result.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace mailroom::mail {

// The texts of one mail, rendered from a creditor's templates for one invoice.
struct MailTexts {
  std::string subject;
  std::string text_body;
  std::optional<std::string> html_body;
};

// The email templates of one creditor: a folder with subject.mustache, body.txt.mustache and
// optionally body.html.mustache, optionally with per-language subfolders nl/ and en/ that take
// precedence over the files at the top. Loaded (and checked) once; rendering is thread-safe.
class TemplateSet {
public:
  static Result<TemplateSet> load(const std::filesystem::path& folder);

  // Renders the subject (with %n replaced by the invoice number and %% by %) and the bodies.
  // Templates see `creditor`, `debtor` and `invoice` with amounts and dates formatted for
  // `language`.
  Result<MailTexts> render(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language) const;

  struct Files {
    std::string subject;
    std::string text_body;
    std::optional<std::string> html_body;
  };

private:
  std::filesystem::path m_folder;
  std::map<job::Language, Files> m_by_language; // Every language resolved at load time.
};

// "Factuur %n" → "Factuur 2026-000123"; "%%" → "%".
std::string substitute_invoice_number(std::string_view subject, std::string_view number);

} // namespace mailroom::mail
