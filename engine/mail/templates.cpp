#include "templates.hpp"

#include "mime_parts.hpp"

#include <engine/mail/mail_text.hpp>
#include <engine/mail/mustache_engine.hpp>
#include <engine/mail/template_data.hpp>
#include <engine/mail/template_files.hpp>
#include <engine/util/text.hpp>

#include <system_error>

namespace mailroom::mail {

namespace {

constexpr std::string_view k_subject_file = "subject.mustache";
constexpr std::string_view k_text_body_file = "body.txt.mustache";
constexpr std::string_view k_html_body_file = "body.html.mustache";

constexpr job::Language k_languages[] = {job::Language::Dutch, job::Language::English};

Location location_of(const std::filesystem::path& path) {
  return Location{path.string(), 0, ""};
}

// Two invoices that between them enter every section a template can have: one with every
// optional value present, one with none.
std::vector<kainjow::mustache::data> sample_data(job::Language language) {
  job::Creditor creditor;
  creditor.id = "sample";
  creditor.name = "Sample B.V.";
  creditor.address = {"Voorbeeldstraat 1", "1234 AB Utrecht"};
  creditor.vat_number = "NL000000000B01";
  creditor.coc = "00000000";
  creditor.iban = "NL91ABNA0417164300";

  job::Invoice full;
  full.number = "2026-000001";
  full.creditor = creditor.id;
  full.date = time::Date{2026, 1, 2};
  full.due_date = time::Date{2026, 2, 1};
  full.debtor.id = "debtor";
  full.debtor.name = "Debtor";
  full.debtor.address = {"Line 1", "Line 2"};
  full.debtor.vat_number = "NL000000000B02";
  full.reference = "PO-1";
  full.note = "Note";

  job::Invoice bare = full;
  bare.reference.clear();
  bare.note.clear();
  bare.debtor.vat_number.clear();

  return {make_template_data(full, creditor, language),
          make_template_data(bare, creditor, language)};
}

// Parses the template and renders it against the samples, so that a typing error in a name is
// found when the templates are loaded rather than showing up as a gap in a mail that was sent.
Status check_template(const TemplateFile& file, const std::string& source,
                      const std::vector<kainjow::mustache::data>& samples) {
  if (auto syntax = check_syntax(source); !syntax) {
    return make_error("template syntax error: " + syntax.error().message, location_of(file.path));
  }
  for (const auto& sample : samples) {
    const auto unknown = unknown_names(source, sample);
    if (!unknown.empty()) {
      std::string list;
      for (const auto& name : unknown) {
        list += (list.empty() ? "" : ", ") + ("\"" + name + "\"");
      }
      const std::string known = "templates see creditor.*, debtor.* and invoice.*";
      return make_error("unknown name(s) " + list + "; " + known +
                          " (see templates/emails/README.md)",
                        location_of(file.path));
    }
  }
  return Ok{};
}

Error missing_file(const std::filesystem::path& folder, job::Language language,
                   std::string_view name) {
  return make_error("missing " + std::string(name) + " (looked in " +
                      std::string(job::language_code(language)) + "/ and the folder itself)",
                    location_of(folder));
}

Result<TemplateSet::Files> load_language(const std::filesystem::path& folder,
                                         job::Language language) {
  const auto samples = sample_data(language);
  TemplateSet::Files files;

  const auto subject = TRY(find_template_file(folder, language, k_subject_file));
  if (!subject) {
    return missing_file(folder, language, k_subject_file);
  }
  if (text::trim(subject->source).empty()) {
    return make_error("the subject template is empty", location_of(subject->path));
  }
  // Checked as written first, so that positions in a syntax error match the file.
  TRY(check_template(*subject, subject->source, samples));
  // %n becomes a Mustache tag here, before any data is inserted, so that a "%n" or "%%" inside a
  // value (a creditor called "100%natuur") is left alone.
  // FIXME: a subject that changes the tag delimiters ({{=<% %>=}}) gets a literal
  // "{{invoice.number}}" after the change; none of ours does.
  files.subject = substitute_invoice_number(subject->source, "{{invoice.number}}");
  TRY(check_template(*subject, files.subject, samples));

  const auto text_body = TRY(find_template_file(folder, language, k_text_body_file));
  if (!text_body) {
    return missing_file(folder, language, k_text_body_file);
  }
  TRY(check_template(*text_body, text_body->source, samples));
  files.text_body = text_body->source;

  const auto html_body = TRY(find_template_file(folder, language, k_html_body_file));
  if (html_body) {
    TRY(check_template(*html_body, html_body->source, samples));
    files.html_body = html_body->source;
  }
  return files;
}

} // namespace

Result<TemplateSet> TemplateSet::load(const std::filesystem::path& folder) {
  // Templates are loaded before any pipeline thread starts: let vmime create its globals now.
  mime::ensure_vmime_ready();
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    return make_error(std::filesystem::exists(folder, error)
                        ? "the email template path is not a folder"
                        : "the email template folder does not exist",
                      location_of(folder));
  }
  TemplateSet set;
  set.m_folder = folder;
  for (const auto language : k_languages) {
    set.m_by_language.emplace(language, TRY(load_language(folder, language)));
  }
  return set;
}

Result<MailTexts> TemplateSet::render(const job::Invoice& invoice, const job::Creditor& creditor,
                                      job::Language language) const {
  const auto found = m_by_language.find(language);
  if (found == m_by_language.end()) {
    return make_error("no email templates for language \"" +
                        std::string(job::language_code(language)) + "\"",
                      location_of(m_folder));
  }
  const Files& files = found->second;
  const auto data = make_template_data(invoice, creditor, language);
  const auto failed = [&](std::string_view name, const Error& error) {
    return make_error("cannot render " + std::string(name) + " for invoice " + invoice.number +
                        ": " + error.message,
                      location_of(m_folder));
  };

  MailTexts texts;
  auto subject = render_template(files.subject, data, Escaping::None);
  if (!subject) {
    return failed(k_subject_file, subject.error());
  }
  texts.subject = collapse_to_single_line(*subject);
  if (texts.subject.empty()) {
    return make_error("the subject of invoice " + invoice.number + " is empty",
                      location_of(m_folder));
  }

  auto text_body = render_template(files.text_body, data, Escaping::None);
  if (!text_body) {
    return failed(k_text_body_file, text_body.error());
  }
  texts.text_body = std::move(*text_body);

  if (files.html_body) {
    auto html_body = render_template(*files.html_body, data, Escaping::Html);
    if (!html_body) {
      return failed(k_html_body_file, html_body.error());
    }
    texts.html_body = std::move(*html_body);
  }
  return texts;
}

std::string substitute_invoice_number(std::string_view subject, std::string_view number) {
  std::string result;
  result.reserve(subject.size() + number.size());
  for (size_t index = 0; index < subject.size(); ++index) {
    const char character = subject[index];
    if (character == '%' && index + 1 < subject.size()) {
      const char next = subject[index + 1];
      if (next == 'n') {
        result += number;
        ++index;
        continue;
      }
      if (next == '%') {
        result += '%';
        ++index;
        continue;
      }
    }
    result += character;
  }
  return result;
}

} // namespace mailroom::mail
