#include "cli_support.hpp"

#include <engine/commands/receivables.hpp>
#include <engine/receivables/search_text.hpp>
#include <engine/receivables/standing.hpp>
#include <engine/util/time.hpp>

#include <unistd.h>

#include <iostream>
#include <sstream>

// The command line of the register's commands: `invoices`, `invoice show`, `invoice recipient`,
// `payment add`, `payment list`. Each reads JOB's ledger, or the one --ledger names.

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

constexpr int k_success = exit_code(commands::CommandResult::Completed);

constexpr const char* k_ledger_help =
  "read this ledger (SQLite) instead of the one JOB names; no job file is needed then";

// Reads a value that is a date, or says which option expected one.
std::string date_text(const options::variables_map& values, const char* name,
                      std::string& problem) {
  const auto date = date_option(values, name, problem);
  return date ? date->to_iso() : std::string();
}

std::vector<std::string> comma_separated(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

// --format, or a table on a terminal and CSV for a program.
std::optional<receivables::ListFormat> list_format(const options::variables_map& values) {
  if (!values.count("format")) {
    return isatty(STDOUT_FILENO) != 0 ? receivables::ListFormat::Table
                                      : receivables::ListFormat::Csv;
  }
  return receivables::parse_list_format(values["format"].as<std::string>());
}

// JOB or --ledger FILE, exactly one.
std::optional<commands::LedgerChoice> ledger_choice(const options::variables_map& values,
                                                    std::string& problem) {
  commands::LedgerChoice choice;
  if (values.count("job")) {
    choice.job = values["job"].as<std::string>();
  }
  if (values.count("ledger")) {
    choice.ledger = values["ledger"].as<std::string>();
  }
  if (choice.job.empty() == choice.ledger.empty()) {
    problem = choice.job.empty() ? "which ledger? Give a job file (TOML) or --ledger FILE"
                                 : "give a job file or --ledger FILE, not both";
    return std::nullopt;
  }
  return choice;
}

void add_format_option(options::options_description& description) {
  description.add_options()("format", options::value<std::string>(),
                            "table (aligned, for reading), csv (RFC 4180, UTF-8) or json (an "
                            "array of objects); default: table on a terminal, else csv");
}

options::options_description invoices_options() {
  options::options_description description("Options of `mailroom invoices`");
  // An option per line, as the help lists them.
  // clang-format off
  description.add_options()
    ("ledger", options::value<std::string>(), k_ledger_help)
    ("status", options::value<std::string>(),
     "delivery: sent, failed, unknown, invalid_address, sending or not_sent; several with "
     "commas")
    ("payment", options::value<std::string>(),
     "unpaid, partially_paid, paid, overpaid, overdue, credited, not_applicable (credit notes) "
     "or unknown; several with commas")
    ("creditor", options::value<std::string>(), "only this creditor's invoices (its id)")
    ("search", options::value<std::string>(),
     "debtor name or invoice number containing TEXT (case and accents ignored)")
    ("reverse-charge", "only invoices with the VAT reverse charged")
    ("issued-from", options::value<std::string>(), "issued on or after DATE (YYYY-MM-DD)")
    ("issued-to", options::value<std::string>(), "issued on or before DATE")
    ("sent-from", options::value<std::string>(), "last accepted by a mail server on or after DATE")
    ("sent-to", options::value<std::string>(), "... on or before DATE (dates in UTC)")
    ("paid-from", options::value<std::string>(), "latest payment on or after DATE")
    ("paid-to", options::value<std::string>(), "latest payment on or before DATE")
    ("as-of", options::value<std::string>(), "judge overdue as of DATE (default: today)");
  // clang-format on
  add_format_option(description);
  description.add_options()("help,h", "show this help");
  return description;
}

options::options_description payment_add_options() {
  options::options_description description("Options of `mailroom payment add`");
  // clang-format off
  description.add_options()
    ("amount", options::value<std::string>(), "the amount paid, like 12.34 (required)")
    ("date", options::value<std::string>(), "the day it was paid, YYYY-MM-DD (required)")
    ("method", options::value<std::string>(), "bank, cash, card, ideal or other (required)")
    ("note", options::value<std::string>(), "a note kept with the payment")
    ("creditor", options::value<std::string>(),
     "the creditor, when several have an invoice with this number")
    ("currency", options::value<std::string>(), "the currency paid in (default: the invoice's)")
    ("key", options::value<std::string>(),
     "an identifier of this payment (a receipt, a request id): the same key twice records "
     "one payment")
    ("again", "record it even if the same payment was recorded less than a minute ago")
    ("ledger", options::value<std::string>(), k_ledger_help)
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description payment_list_options() {
  options::options_description description("Options of `mailroom payment list`");
  // clang-format off
  description.add_options()
    ("creditor", options::value<std::string>(), "only this creditor's payments")
    ("number", options::value<std::string>(), "only the payments of this invoice")
    ("paid-from", options::value<std::string>(), "paid on or after DATE (YYYY-MM-DD)")
    ("paid-to", options::value<std::string>(), "paid on or before DATE")
    ("ledger", options::value<std::string>(), k_ledger_help);
  // clang-format on
  add_format_option(description);
  description.add_options()("help,h", "show this help");
  return description;
}

options::options_description numbering_options() {
  options::options_description description("Options of `mailroom numbering`");
  // clang-format off
  description.add_options()
    ("creditor", options::value<std::string>(), "only this creditor's numbering")
    ("ledger", options::value<std::string>(), k_ledger_help);
  // clang-format on
  add_format_option(description);
  description.add_options()("help,h", "show this help");
  return description;
}

options::options_description invoice_show_options() {
  options::options_description description("Options of `mailroom invoice show`");
  // clang-format off
  description.add_options()
    ("creditor", options::value<std::string>(),
     "the creditor, when several have an invoice with this number")
    ("as-of", options::value<std::string>(), "judge overdue as of DATE (default: today)")
    ("ledger", options::value<std::string>(), k_ledger_help)
    ("help,h", "show this help");
  // clang-format on
  return description;
}

options::options_description invoice_recipient_options() {
  options::options_description description("Options of `mailroom invoice recipient`");
  // clang-format off
  description.add_options()
    ("to", options::value<std::string>(),
     "the addresses to send the invoice to instead, separated by ';' (\"a@x.nl; b@y.nl\")")
    ("clear", "go back to the addresses of the invoice data")
    ("note", options::value<std::string>(), "why, kept with the override")
    ("creditor", options::value<std::string>(),
     "the creditor, when several have an invoice with this number")
    ("ledger", options::value<std::string>(), k_ledger_help)
    ("help,h", "show this help");
  // clang-format on
  return description;
}

// A first file ending in .toml is the job, unless --job names it.
void variables_with_job(options::variables_map& values, std::vector<std::string>& files) {
  if (!files.empty() && files.front().ends_with(".toml") && !values.count("job")) {
    values.emplace("job", options::variable_value(files.front(), false));
    files.erase(files.begin());
  }
}

std::string text_option(const options::variables_map& values, const char* name) {
  return values.count(name) ? values[name].as<std::string>() : std::string();
}

int invoice_show(const std::vector<std::string>& arguments) {
  const auto named = invoice_show_options();
  options::variables_map values;
  parse(arguments, named, values, {"number", "job"});
  if (values.count("help")) {
    std::cout << "Usage: mailroom invoice show NUMBER JOB [options]\n"
              << "       mailroom invoice show NUMBER --ledger FILE [options]\n\n"
              << "Everything the register knows of one invoice: its facts as issued, where it\n"
              << "stands (paid, outstanding, overdue), every delivery with each attempt and\n"
              << "the mail server's reply, its payments, and whether the archived PDF is the\n"
              << "one it was sent with (checked against its SHA-256; needs JOB for the\n"
              << "archive). Exit code 1 when the invoice is not found or its PDF differs.\n\n"
              << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::InvoiceShowOptions settings;
  settings.number = text_option(values, "number");
  settings.creditor = text_option(values, "creditor");
  settings.as_of = date_option(values, "as-of", problem).value_or(time::today());
  const auto choice = ledger_choice(values, problem);
  if (settings.number.empty()) {
    problem = "which invoice? Give its number: mailroom invoice show NUMBER JOB";
  }
  if (!problem.empty()) {
    return usage_error("invoice show: " + problem);
  }
  settings.ledger = *choice;
  return exit_code(commands::invoice_show(settings));
}

int invoice_recipient(const std::vector<std::string>& arguments) {
  const auto named = invoice_recipient_options();
  options::variables_map values;
  parse(arguments, named, values, {"number", "job"});
  if (values.count("help")) {
    std::cout << "Usage: mailroom invoice recipient NUMBER JOB --to \"a@x.nl; b@y.nl\" "
                 "[--note TEXT]\n"
              << "       mailroom invoice recipient NUMBER JOB --clear [--note TEXT]\n\n"
              << "Sends one invoice elsewhere than its invoice data says: the addresses are\n"
              << "kept in the ledger as a recipient override, with the time and the note,\n"
              << "synced to disk, and the next send of the invoice (`run`, or a reminder of\n"
              << "it by `remind`) goes to them instead. The invoice data files are never\n"
              << "changed. Each address is checked as a run checks the data's: one that is\n"
              << "not acceptable refuses them all (exit code 2), as does an invoice not in\n"
              << "the register. --clear goes back to the invoice data's addresses. `mailroom\n"
              << "invoice show` shows the override in force and every one set before.\n\n"
              << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::InvoiceRecipientOptions settings;
  settings.number = text_option(values, "number");
  settings.creditor = text_option(values, "creditor");
  settings.note = text_option(values, "note");
  settings.recipients = text_option(values, "to");
  if (values.count("clear")) {
    settings.change = commands::RecipientChange::Clear;
  }
  const auto choice = ledger_choice(values, problem);
  if (values.count("to") == values.count("clear")) {
    problem = values.count("to") ? "give --to or --clear, not both"
                                 : "where to? Give --to \"ADDRESS; ...\" or --clear";
  }
  if (settings.number.empty()) {
    problem = "which invoice? Give its number: mailroom invoice recipient NUMBER JOB --to ...";
  }
  if (!problem.empty()) {
    return usage_error("invoice recipient: " + problem);
  }
  settings.ledger = *choice;
  return exit_code(commands::invoice_recipient(settings));
}

int payment_add(const std::vector<std::string>& arguments) {
  const auto named = payment_add_options();
  options::variables_map values;
  parse(arguments, named, values, {"number", "job"});
  if (values.count("help")) {
    std::cout << "Usage: mailroom payment add NUMBER JOB --amount 12.34 --date YYYY-MM-DD "
                 "--method bank [options]\n\n"
              << "Registers a payment of an invoice by hand, synced to disk before it says so.\n"
              << "Refused (exit code 2) for an unknown invoice, a credit note, an invoice never\n"
              << "sent, another currency or an amount that is not positive. The same payment\n"
              << "again within a minute is taken for a double entry (exit code 1) unless\n"
              << "--again says it is meant; with --key, the same key records one payment.\n\n"
              << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::PaymentAddOptions settings;
  auto& payment = settings.payment;
  payment.number = text_option(values, "number");
  settings.creditor = text_option(values, "creditor");
  payment.currency = text_option(values, "currency");
  payment.note = text_option(values, "note");
  payment.key = text_option(values, "key");
  payment.source = ledger::PaymentSource::Manual;
  if (values.count("again")) {
    settings.repeated = ledger::RepeatedPayment::Intended;
  }
  const auto choice = ledger_choice(values, problem);
  if (!values.count("amount") || !values.count("date") || !values.count("method")) {
    problem = "--amount, --date and --method are required";
  } else {
    payment.paid_on = date_text(values, "date", problem);
    auto amount = receivables::parse_positive_amount(values["amount"].as<std::string>());
    if (amount) {
      payment.amount_cents = *amount;
    } else {
      problem = "--amount " + amount.error().message;
    }
    const auto method = ledger::parse_payment_method(values["method"].as<std::string>());
    if (method) {
      payment.method = *method;
    } else {
      problem = "--method takes bank, cash, card, ideal or other, got \"" +
                values["method"].as<std::string>() + "\"";
    }
  }
  if (payment.number.empty()) {
    problem = "which invoice? Give its number: mailroom payment add NUMBER JOB ...";
  }
  if (!problem.empty()) {
    return usage_error("payment add: " + problem);
  }
  settings.ledger = *choice;
  return exit_code(commands::payment_add(settings));
}

options::options_description bank_import_options() {
  options::options_description description("Options of `mailroom bank import`");
  // clang-format off
  description.add_options()
    ("job", options::value<std::string>(), "the job whose ledger to import into")
    ("ledger", options::value<std::string>(), "the ledger (SQLite) to import into, without a job")
    ("report", options::value<std::string>(),
     "write a JSON report of every entry and what became of it to FILE")
    ("help,h", "show this help");
  // clang-format on
  return description;
}

int bank_import(const std::vector<std::string>& arguments) {
  const auto named = bank_import_options();
  options::options_description all;
  all.add(named);
  all.add_options()("file", options::value<std::vector<std::string>>());
  options::positional_options_description positional;
  positional.add("file", -1);
  options::variables_map values;
  options::store(options::command_line_parser(arguments).options(all).positional(positional).run(),
                 values);
  options::notify(values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom bank import [JOB] FILE... [--report FILE]\n"
              << "       mailroom bank import --ledger LEDGER FILE...\n\n"
              << "Reads bank statements in ISO 20022 CAMT.053 (camt.053.001.02 or .08, as Dutch\n"
              << "and Belgian banks export them) and records the payments they hold. The creditor\n"
              << "of a statement is the one whose invoices print its account's IBAN. Only booked\n"
              << "credits are payments; a reversal takes a payment back. An entry is matched by\n"
              << "its structured reference (the invoice's RF reference), else by the one invoice\n"
              << "number its text names; one that names several invoices and pays exactly their\n"
              << "outstanding sum is split over them. Anything else is listed as unmatched, for\n"
              << "`mailroom payment add`: never applied to a guessed invoice. Importing a file\n"
              << "again records nothing twice. One transaction per file: a file with a problem\n"
              << "records nothing. Exit code 0 when every entry was matched, 1 when some are\n"
              << "left for a person or a file was refused, 2 when no file could be imported.\n"
              << "A first argument ending in .toml is the job.\n\n"
              << named << "\n";
    return k_success;
  }
  std::vector<std::string> files;
  if (values.count("file")) {
    files = values["file"].as<std::vector<std::string>>();
  }
  variables_with_job(values, files);
  std::string problem;
  commands::BankImportOptions settings;
  const auto choice = ledger_choice(values, problem);
  if (files.empty()) {
    problem = "which statements? Give one or more CAMT.053 files";
  }
  if (!problem.empty()) {
    return usage_error("bank import: " + problem);
  }
  settings.ledger = *choice;
  settings.files.assign(files.begin(), files.end());
  settings.report = text_option(values, "report");
  return exit_code(commands::bank_import(settings));
}

int payment_list(const std::vector<std::string>& arguments) {
  const auto named = payment_list_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom payment list JOB [options]\n"
              << "       mailroom payment list --ledger FILE [options]\n\n"
              << "The payments in the register, by the day they were paid: registered by hand\n"
              << "or read from a bank statement; a payment taken back is listed negative.\n\n"
              << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::PaymentListOptions settings;
  settings.query.creditor = text_option(values, "creditor");
  settings.query.number = text_option(values, "number");
  settings.query.paid_from = date_text(values, "paid-from", problem);
  settings.query.paid_to = date_text(values, "paid-to", problem);
  const auto format = list_format(values);
  if (!format) {
    problem = "--format takes table, csv or json";
  }
  const auto choice = ledger_choice(values, problem);
  if (!problem.empty()) {
    return usage_error("payment list: " + problem);
  }
  settings.format = *format;
  settings.ledger = *choice;
  return exit_code(commands::payment_list(settings));
}

int numbering(const std::vector<std::string>& arguments) {
  const auto named = numbering_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout
      << "Usage: mailroom numbering JOB [options]\n"
      << "       mailroom numbering --ledger FILE [options]\n\n"
      << "The gaps in each creditor's invoice numbering, for the accountant who must explain\n"
      << "them. A series is a number's prefix and the digits it ends in (2026-000123: series\n"
      << "2026-, running number 123). A gap is a running number between two issued invoices\n"
      << "that none was issued under; each is listed with what the ledger knows of it:\n"
      << "  refused         a run refused it (bad data), with the error and the job\n"
      << "  not_sent        recorded, never sent: not yet, or with no valid address\n"
      << "  never_recorded  in no job this ledger saw (consecutive ones as one range)\n\n"
      << "Exit code 0 when there is no gap, 1 when there are gaps, 2 when refused.\n\n"
      << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::NumberingOptions settings;
  settings.creditor = text_option(values, "creditor");
  const auto format = list_format(values);
  if (!format) {
    problem = "--format takes table, csv or json";
  }
  const auto choice = ledger_choice(values, problem);
  if (!problem.empty()) {
    return usage_error("numbering: " + problem);
  }
  settings.format = *format;
  settings.ledger = *choice;
  return exit_code(commands::numbering(settings));
}

// Each of a comma-separated list, or the first that is not known.
template<typename Parse>
bool parse_each(const std::string& text, const Parse& parse_one, std::string& problem,
                const std::string& option, const std::string& expected) {
  for (const auto& part : comma_separated(text)) {
    if (!parse_one(part)) {
      problem = "--" + option + " takes " + expected + ", got \"" + part + "\"";
      return false;
    }
  }
  return true;
}

} // namespace

int invoices_command(const std::vector<std::string>& arguments) {
  const auto named = invoices_options();
  options::variables_map values;
  parse(arguments, named, values);
  if (values.count("help")) {
    std::cout << "Usage: mailroom invoices JOB [filters] [--format table|csv|json]\n"
              << "       mailroom invoices --ledger FILE [filters]\n\n"
              << "The invoice register: every invoice a run has read, by issue date and\n"
              << "number, with what is paid and outstanding, whether it is overdue, how its\n"
              << "delivery went and when it was sent. Filters combine (all must hold); a list\n"
              << "of values in one filter means any of them. CSV and JSON carry every column:\n"
              << "creditor, number, kind, issued, due, debtor, recipients, currency, total,\n"
              << "paid, outstanding, payment_status, delivery_status, sent_at,\n"
              << "payment_reference, reminders_sent, debtor_id, credited, overdue,\n"
              << "days_overdue, last_paid_on, override_recipients (those of a recipient\n"
              << "override in force, else empty). Amounts are plain decimals with a dot.\n\n"
              << named << "\n";
    return k_success;
  }
  std::string problem;
  commands::InvoicesOptions settings;
  auto& filter = settings.filter;
  filter.query.creditor = text_option(values, "creditor");
  filter.query.issued_from = date_text(values, "issued-from", problem);
  filter.query.issued_to = date_text(values, "issued-to", problem);
  filter.sent_from = date_text(values, "sent-from", problem);
  filter.sent_to = date_text(values, "sent-to", problem);
  filter.paid_from = date_text(values, "paid-from", problem);
  filter.paid_to = date_text(values, "paid-to", problem);
  filter.as_of = date_option(values, "as-of", problem).value_or(time::today());
  filter.search = receivables::fold_for_search(text_option(values, "search"));
  if (values.count("reverse-charge")) {
    filter.reverse_charge = receivables::ReverseChargeFilter::Only;
  }
  parse_each(
    text_option(values, "status"),
    [&](const std::string& name) {
      if (name != "not_sent" && !ledger::parse_state(name)) {
        return false;
      }
      filter.deliveries.push_back(name);
      return true;
    },
    problem, "status", "sent, failed, unknown, invalid_address, sending or not_sent");
  parse_each(
    text_option(values, "payment"),
    [&](const std::string& name) {
      const auto wanted = receivables::parse_payment_filter(name);
      if (wanted) {
        filter.payments.push_back(*wanted);
      }
      return wanted.has_value();
    },
    problem, "payment",
    "unpaid, partially_paid, paid, overpaid, overdue, credited, not_applicable or unknown");
  receivables::judge_in_the_register(filter);
  const auto format = list_format(values);
  if (!format) {
    problem = "--format takes table, csv or json";
  }
  const auto choice = ledger_choice(values, problem);
  if (!problem.empty()) {
    return usage_error("invoices: " + problem);
  }
  settings.format = *format;
  settings.ledger = *choice;
  return exit_code(commands::invoices(settings));
}

int invoice_command(const std::vector<std::string>& arguments) {
  if (!arguments.empty() && arguments[0] == "show") {
    return invoice_show({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && arguments[0] == "recipient") {
    return invoice_recipient({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && (arguments[0] == "--help" || arguments[0] == "-h")) {
    std::cout << "Usage: mailroom invoice show NUMBER JOB [options]\n"
              << "       mailroom invoice recipient NUMBER JOB --to \"a@x.nl; b@y.nl\" | --clear\n"
              << "`mailroom help invoice show` and `mailroom help invoice recipient` show the "
                 "options.\n";
    return k_success;
  }
  return usage_error("invoice: expected `mailroom invoice show NUMBER JOB` or `mailroom invoice "
                     "recipient NUMBER JOB --to ADDRESSES`");
}

int bank_command(const std::vector<std::string>& arguments) {
  if (!arguments.empty() && arguments[0] == "import") {
    return bank_import({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && (arguments[0] == "--help" || arguments[0] == "-h")) {
    return bank_import({"--help"});
  }
  return usage_error("bank: expected `mailroom bank import [JOB] FILE...`");
}

int numbering_command(const std::vector<std::string>& arguments) {
  return numbering(arguments);
}

int payment_command(const std::vector<std::string>& arguments) {
  if (!arguments.empty() && arguments[0] == "add") {
    return payment_add({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && arguments[0] == "list") {
    return payment_list({arguments.begin() + 1, arguments.end()});
  }
  if (!arguments.empty() && (arguments[0] == "--help" || arguments[0] == "-h")) {
    std::cout << "Usage: mailroom payment add NUMBER JOB --amount 12.34 --date YYYY-MM-DD "
                 "--method bank\n"
              << "       mailroom payment list JOB [options]\n"
              << "`mailroom help payment add` and `mailroom help payment list` show the options.\n";
    return k_success;
  }
  return usage_error("payment: expected `mailroom payment add ...` or `mailroom payment list`");
}

} // namespace mailroom::cli
