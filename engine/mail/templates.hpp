#pragma once

#include <engine/job/model.hpp>
#include <engine/job/reminder.hpp>
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

// What a template folder is for: the mail that sends an invoice (or credit note), or the mail of
// one payment reminder level. Reminder templates see `reminder` besides what invoice templates
// see; invoice templates refuse it as unknown.
enum class TemplateKind { Invoice, Reminder };

// The email templates of one creditor (or of one of its reminder levels): a folder with
// subject.mustache, body.txt.mustache and optionally body.html.mustache, optionally with
// per-language subfolders nl/ and en/ that take precedence over the files at the top. Loaded (and
// checked) once; rendering is thread-safe.
class TemplateSet {
public:
  static Result<TemplateSet> load(const std::filesystem::path& folder,
                                  TemplateKind kind = TemplateKind::Invoice);

  TemplateKind kind() const { return m_kind; }

  // Renders the subject (with %n replaced by the invoice number and %% by %) and the bodies.
  // Templates see `creditor`, `debtor` and `invoice` with amounts and dates formatted for
  // `language`. Only for a set loaded as TemplateKind::Invoice.
  Result<MailTexts> render(const job::Invoice& invoice, const job::Creditor& creditor,
                           job::Language language) const;

  // Renders a payment reminder of `invoice` as `render` renders the invoice (%n is the invoice
  // number), its templates seeing `reminder` as well. Only for a set loaded as
  // TemplateKind::Reminder.
  Result<MailTexts> render_reminder(const job::Invoice& invoice, const job::Reminder& reminder,
                                    const job::Creditor& creditor, job::Language language) const;

  struct Files {
    std::string subject;
    std::string text_body;
    std::optional<std::string> html_body;
  };

private:
  // The language's files, or an error naming the folder when the set was not loaded as `kind`
  // or has no templates for the language.
  Result<const Files*> files_for(TemplateKind kind, job::Language language) const;

  std::filesystem::path m_folder;
  TemplateKind m_kind = TemplateKind::Invoice;
  std::map<job::Language, Files> m_by_language; // Every language resolved at load time.
};

// "Factuur %n" → "Factuur 2026-000123"; "%%" → "%".
std::string substitute_invoice_number(std::string_view subject, std::string_view number);

} // namespace mailroom::mail
