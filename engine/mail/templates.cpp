#include "templates.hpp"

#include "mime_parts.hpp"

#include <engine/job/payment.hpp>
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
// optional value present, one with none. Reminder templates get a reminder with each: a final one
// with a fee, credit notes and payments, and a first one without any.
std::vector<kainjow::mustache::data> sample_data(TemplateKind kind, job::Language language) {
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

  switch (kind) {
    case TemplateKind::Invoice:
      break;
    case TemplateKind::Reminder: {
      job::Reminder final_notice;
      final_notice.level = 2;
      final_notice.level_count = 2;
      final_notice.date = time::Date{2026, 3, 3};
      final_notice.pay_by = time::Date{2026, 3, 17};
      final_notice.total = job::Money{12100};
      final_notice.credited = job::Money{2100};
      final_notice.paid = job::Money{5000};
      final_notice.outstanding = job::Money{5000};
      final_notice.fee = job::Money{1500};
      final_notice.asked = job::Money{6500};
      final_notice.payment_reference = job::creditor_reference(full.number).value_or("");
      final_notice.creditor_iban = creditor.iban;

      job::Reminder first = final_notice;
      first.level = 1;
      first.credited = job::Money{};
      first.paid = job::Money{};
      first.outstanding = first.total;
      first.fee = job::Money{};
      first.asked = first.total;
      first.payment_reference.clear();
      first.creditor_iban.clear();

      return {make_reminder_template_data(full, final_notice, creditor, language),
              make_reminder_template_data(bare, first, creditor, language)};
    }
  }
  return {make_template_data(full, creditor, language),
          make_template_data(bare, creditor, language)};
}

// The names a template of `kind` may use, for the error about one that uses another.
std::string_view known_names(TemplateKind kind) {
  switch (kind) {
    case TemplateKind::Invoice:
      break;
    case TemplateKind::Reminder:
      return "reminder templates see creditor.*, debtor.*, invoice.* and reminder.*";
  }
  return "templates see creditor.*, debtor.* and invoice.*";
}

// Parses the template and renders it against the samples, so that a typing error in a name is
// found when the templates are loaded rather than showing up as a gap in a mail that was sent.
Status check_template(const TemplateFile& file, const std::string& source,
                      const std::vector<kainjow::mustache::data>& samples, TemplateKind kind) {
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
      return make_error("unknown name(s) " + list + "; " + std::string(known_names(kind)) +
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
                                         job::Language language, TemplateKind kind) {
  const auto samples = sample_data(kind, language);
  TemplateSet::Files files;

  const auto subject = TRY(find_template_file(folder, language, k_subject_file));
  if (!subject) {
    return missing_file(folder, language, k_subject_file);
  }
  if (text::trim(subject->source).empty()) {
    return make_error("the subject template is empty", location_of(subject->path));
  }
  // Checked as written first, so that positions in a syntax error match the file.
  TRY(check_template(*subject, subject->source, samples, kind));
  // %n becomes a Mustache tag here, before any data is inserted, so that a "%n" or "%%" inside a
  // value (a creditor called "100%natuur") is left alone.
  // FIXME: a subject that changes the tag delimiters ({{=<% %>=}}) gets a literal
  // "{{invoice.number}}" after the change; none of ours does.
  files.subject = substitute_invoice_number(subject->source, "{{invoice.number}}");
  TRY(check_template(*subject, files.subject, samples, kind));

  const auto text_body = TRY(find_template_file(folder, language, k_text_body_file));
  if (!text_body) {
    return missing_file(folder, language, k_text_body_file);
  }
  TRY(check_template(*text_body, text_body->source, samples, kind));
  files.text_body = text_body->source;

  const auto html_body = TRY(find_template_file(folder, language, k_html_body_file));
  if (html_body) {
    TRY(check_template(*html_body, html_body->source, samples, kind));
    files.html_body = html_body->source;
  }
  return files;
}

// The subject and the bodies of one mail, rendered from one language's files with `data`; `what`
// names the mail in errors ("invoice 2026-000123").
Result<MailTexts> render_files(const TemplateSet::Files& files, const kainjow::mustache::data& data,
                               const std::string& what, const std::filesystem::path& folder) {
  const auto failed = [&](std::string_view name, const Error& error) {
    return make_error("cannot render " + std::string(name) + " for " + what + ": " + error.message,
                      location_of(folder));
  };

  MailTexts texts;
  auto subject = render_template(files.subject, data, Escaping::None);
  if (!subject) {
    return failed(k_subject_file, subject.error());
  }
  texts.subject = collapse_to_single_line(*subject);
  if (texts.subject.empty()) {
    return make_error("the subject of " + what + " is empty", location_of(folder));
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

} // namespace

Result<TemplateSet> TemplateSet::load(const std::filesystem::path& folder, TemplateKind kind) {
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
  set.m_kind = kind;
  for (const auto language : k_languages) {
    set.m_by_language.emplace(language, TRY(load_language(folder, language, kind)));
  }
  return set;
}

Result<const TemplateSet::Files*> TemplateSet::files_for(TemplateKind kind,
                                                         job::Language language) const {
  if (kind != m_kind) {
    return make_error(m_kind == TemplateKind::Reminder
                        ? "these are reminder templates, not an invoice's"
                        : "these are invoice templates, not a reminder's",
                      location_of(m_folder));
  }
  const auto found = m_by_language.find(language);
  if (found == m_by_language.end()) {
    return make_error("no email templates for language \"" +
                        std::string(job::language_code(language)) + "\"",
                      location_of(m_folder));
  }
  return &found->second;
}

Result<MailTexts> TemplateSet::render(const job::Invoice& invoice, const job::Creditor& creditor,
                                      job::Language language) const {
  const Files* files = TRY(files_for(TemplateKind::Invoice, language));
  return render_files(*files, make_template_data(invoice, creditor, language),
                      "invoice " + invoice.number, m_folder);
}

Result<MailTexts> TemplateSet::render_reminder(const job::Invoice& invoice,
                                               const job::Reminder& reminder,
                                               const job::Creditor& creditor,
                                               job::Language language) const {
  const Files* files = TRY(files_for(TemplateKind::Reminder, language));
  return render_files(*files, make_reminder_template_data(invoice, reminder, creditor, language),
                      "the reminder of invoice " + invoice.number, m_folder);
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
