#include "job_file.hpp"

#include <engine/job/addresses.hpp>
#include <engine/job/iban.hpp>
#include <engine/job/toml_fields.hpp>
#include <engine/util/files.hpp>
#include <engine/util/text.hpp>

#include <charconv>
#include <set>

namespace mailroom::job {

namespace {

// "Name <addr>" or "addr".
bool split_name_and_address(std::string_view text, std::string& name, std::string& address) {
  const auto trimmed = text::trim(text);
  const size_t open = trimmed.rfind('<');
  if (open == std::string_view::npos) {
    name.clear();
    address = std::string(trimmed);
    return true;
  }
  if (trimmed.back() != '>') {
    return false;
  }
  name = std::string(text::trim(trimmed.substr(0, open)));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  address = std::string(text::trim(trimmed.substr(open + 1, trimmed.size() - open - 2)));
  return true;
}

// This machine itself: localhost, ::1 or a dotted IPv4 address in 127.0.0.0/8.
bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1") {
    return true;
  }
  const auto parts = text::split(host, '.');
  if (parts.size() != 4 || parts[0] != "127") {
    return false;
  }
  for (const auto part : parts) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || error != std::errc{} || end != part.data() + part.size() || value > 255) {
      return false;
    }
  }
  return true;
}

// "30/minute": a whole number of messages per second, minute, hour or day.
std::optional<MailboxRate> parse_mailbox_rate(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash > 7) {
    return std::nullopt;
  }
  unsigned messages = 0;
  for (const char digit : text.substr(0, slash)) {
    if (digit < '0' || digit > '9') {
      return std::nullopt;
    }
    messages = messages * 10 + static_cast<unsigned>(digit - '0');
  }
  const auto unit = text.substr(slash + 1);
  unsigned period = 0;
  if (unit == "second") {
    period = 1;
  } else if (unit == "minute") {
    period = 60;
  } else if (unit == "hour") {
    period = 3'600;
  } else if (unit == "day") {
    period = 86'400;
  }
  if (period == 0 || messages < 1 || messages > 1'000'000) {
    return std::nullopt;
  }
  return MailboxRate{messages, period};
}

void read_mailbox(TomlFields& fields, const std::string& name, const toml::table& table,
                  Creditors& creditors) {
  const std::string prefix = "mailbox." + name;
  fields.refuse_unknown_keys(table,
                             {"url", "from", "reply_to", "bcc", "starttls", "connections",
                              "username_env", "password_env", "ca_file", "max_attempts",
                              "retry_for", "retry_backoff_ms", "connect_timeout", "command_timeout",
                              "data_timeout", "rate", "max_per_run"},
                             prefix);
  Mailbox mailbox;
  mailbox.name = name;
  if (auto url = fields.string(table, "url", prefix, Presence::Required)) {
    mailbox.url = *url;
    auto parsed = parse_mailbox_url(*url, fields.file(), mailbox);
    if (!parsed) {
      fields.problem(parsed.error().message, table.get("url")->source(), prefix + ".url");
    }
  }
  if (auto from = fields.string(table, "from", prefix, Presence::Required)) {
    if (!split_name_and_address(*from, mailbox.from_name, mailbox.from_address)) {
      fields.problem("expected \"Name <address>\" or \"address\"", table.get("from")->source(),
                     prefix + ".from");
    } else if (auto checked = check_address(mailbox.from_address); !checked.problem.empty()) {
      fields.problem("\"" + mailbox.from_address + "\": " + checked.problem,
                     table.get("from")->source(), prefix + ".from");
    } else if (text::has_control_character(mailbox.from_name)) {
      fields.problem("the name contains a control character", table.get("from")->source(),
                     prefix + ".from");
    } else {
      // The envelope sender and the From header carry the domain in its A-label form.
      mailbox.from_address = checked.ascii;
    }
  }
  if (auto reply_to = fields.string(table, "reply_to", prefix, Presence::Optional)) {
    std::string reply_name;
    std::string reply_address;
    CheckedAddress checked;
    if (split_name_and_address(*reply_to, reply_name, reply_address)) {
      checked = check_address(reply_address);
    }
    if (checked.ascii.empty() || text::has_control_character(*reply_to)) {
      fields.problem("expected \"Name <address>\" or \"address\" with a valid address",
                     table.get("reply_to")->source(), prefix + ".reply_to");
    } else {
      // "Name <address>" with the domain in its A-label form (the mail stage splits it again).
      mailbox.reply_to =
        reply_name.empty() ? checked.ascii : reply_name + " <" + checked.ascii + ">";
    }
  }
  if (auto bcc = fields.strings(table, "bcc", prefix, Presence::Optional)) {
    std::string all;
    for (const auto& entry : *bcc) {
      all += entry + ";";
    }
    {
      const auto list = split_addresses(all);
      for (const auto& rejected : list.rejected) {
        fields.problem("\"" + rejected.address + "\": " + rejected.reason,
                       table.get("bcc")->source(), prefix + ".bcc");
      }
      mailbox.bcc.insert(mailbox.bcc.end(), list.valid.begin(), list.valid.end());
    }
  }
  const bool loopback = is_loopback_host(mailbox.host);
  // STARTTLS is required by default except towards this machine itself, where test and relay
  // servers rarely offer it.
  mailbox.starttls = loopback ? StartTls::Opportunistic : StartTls::Required;
  if (auto starttls = fields.string(table, "starttls", prefix, Presence::Optional)) {
    if (*starttls == "required") {
      mailbox.starttls = StartTls::Required;
    } else if (*starttls == "opportunistic") {
      mailbox.starttls = StartTls::Opportunistic;
    } else if (*starttls == "off") {
      mailbox.starttls = StartTls::Off;
    } else {
      fields.problem("expected \"required\", \"opportunistic\" or \"off\", got \"" + *starttls +
                       "\"",
                     table.get("starttls")->source(), prefix + ".starttls");
    }
  }
  if (auto connections = fields.integer(table, "connections", prefix, Presence::Optional)) {
    if (*connections < 1 || *connections > 64) {
      fields.problem("expected a pool size from 1 to 64", table.get("connections")->source(),
                     prefix + ".connections");
    } else {
      mailbox.connections = static_cast<unsigned>(*connections);
    }
  }
  mailbox.username_env =
    fields.string(table, "username_env", prefix, Presence::Optional).value_or("");
  mailbox.password_env =
    fields.string(table, "password_env", prefix, Presence::Optional).value_or("");
  if (auto ca_file = fields.string(table, "ca_file", prefix, Presence::Optional)) {
    mailbox.ca_file = files::resolve_relative_to(fields.file(), *ca_file);
  }
  // Whole numbers within bounds that keep a run finite: a day of retrying, an hour of silence.
  const auto bounded = [&](std::string_view key, long long lowest, long long highest,
                           std::string_view unit, unsigned& target) {
    if (auto value = fields.integer(table, key, prefix, Presence::Optional)) {
      if (*value < lowest || *value > highest) {
        fields.problem("expected " + std::string(unit) + " from " + std::to_string(lowest) +
                         " to " + std::to_string(highest),
                       table.get(key)->source(), prefix + "." + std::string(key));
      } else {
        target = static_cast<unsigned>(*value);
      }
    }
  };
  bounded("max_attempts", 1, 100, "a number of tries", mailbox.max_attempts);
  bounded("retry_for", 0, 86'400, "seconds", mailbox.retry_for_seconds);
  bounded("retry_backoff_ms", 1, 600'000, "milliseconds", mailbox.retry_backoff_milliseconds);
  bounded("connect_timeout", 1, 3'600, "seconds", mailbox.connect_timeout_seconds);
  bounded("command_timeout", 1, 3'600, "seconds", mailbox.command_timeout_seconds);
  bounded("data_timeout", 1, 3'600, "seconds", mailbox.data_timeout_seconds);
  if (auto rate = fields.string(table, "rate", prefix, Presence::Optional)) {
    if (auto parsed = parse_mailbox_rate(*rate)) {
      mailbox.rate = *parsed;
    } else {
      fields.problem("expected a rate such as \"30/minute\" (a whole number from 1 to 1000000 per "
                     "second, minute, hour or day), got \"" +
                       *rate + "\"",
                     table.get("rate")->source(), prefix + ".rate");
    }
  }
  if (table.contains("max_per_run")) {
    unsigned max_per_run = 0;
    bounded("max_per_run", 1, 10'000'000, "a number of messages", max_per_run);
    if (max_per_run > 0) {
      mailbox.max_per_run = max_per_run;
    }
  }
  creditors.mailboxes.emplace(name, std::move(mailbox));
}

// `[[creditor.reminder]]` levels: after_days ascending, each with an email template folder, an
// optional fee and the days the debtor is given to pay (14 unless pay_within_days says); and how
// fresh the bank statement must be for reminders to go out.
void read_reminders(TomlFields& fields, const toml::table& table, const std::string& prefix,
                    Creditor& creditor) {
  if (const auto hold = fields.integer(table, "hold_reminders_if_statement_older_than", prefix,
                                       Presence::Optional)) {
    if (*hold < 0 || *hold > 365) {
      fields.problem("expected a number of days from 0 to 365, got " + std::to_string(*hold),
                     table.get("hold_reminders_if_statement_older_than")->source(),
                     prefix + ".hold_reminders_if_statement_older_than");
    } else {
      creditor.hold_reminders_if_statement_older_than = static_cast<unsigned>(*hold);
    }
  }
  const auto* node = table.get("reminder");
  if (node == nullptr) {
    return;
  }
  const auto* levels = node->as_array();
  if (levels == nullptr) {
    fields.problem("expected [[creditor.reminder]] tables", node->source(), prefix + ".reminder");
    return;
  }
  for (size_t index = 0; index < levels->size(); ++index) {
    const auto field = prefix + ".reminder[" + std::to_string(index) + "]";
    const auto* level_table = (*levels)[index].as_table();
    if (level_table == nullptr) {
      fields.problem("expected a [[creditor.reminder]] table", (*levels)[index].source(), field);
      continue;
    }
    fields.refuse_unknown_keys(*level_table,
                               {"after_days", "email_template", "fee", "pay_within_days"}, field);
    ReminderLevel level;
    if (const auto days = fields.integer(*level_table, "after_days", field, Presence::Required)) {
      const unsigned previous =
        creditor.reminders.empty() ? 0 : creditor.reminders.back().after_days;
      if (*days < 1 || *days > 3650 ||
          (!creditor.reminders.empty() && static_cast<unsigned>(*days) <= previous)) {
        fields.problem("expected a number of days after the due date, from 1 to 3650 and larger "
                       "than the level before, got " +
                         std::to_string(*days),
                       level_table->get("after_days")->source(), field + ".after_days");
      } else {
        level.after_days = static_cast<unsigned>(*days);
      }
    }
    if (auto folder = fields.string(*level_table, "email_template", field, Presence::Required)) {
      level.email_template = files::resolve_relative_to(fields.file(), *folder);
      if (!std::filesystem::is_directory(level.email_template)) {
        fields.problem("template folder " + level.email_template.string() + " does not exist",
                       level_table->get("email_template")->source(), field + ".email_template");
      }
    }
    if (auto fee = fields.string(*level_table, "fee", field, Presence::Optional)) {
      const auto decimal = parse_decimal(*fee);
      const auto cents =
        decimal ? multiply_to_money(*decimal, Decimal{1, 0}) : Result<Money>(decimal.error());
      if (!decimal || decimal->is_negative() || decimal->scale > 2 || !cents) {
        fields.problem("expected an amount like \"15.00\", got \"" + *fee + "\"",
                       level_table->get("fee")->source(), field + ".fee");
      } else {
        level.fee = *cents;
      }
    }
    if (const auto days =
          fields.integer(*level_table, "pay_within_days", field, Presence::Optional)) {
      if (*days < 1 || *days > 365) {
        fields.problem("expected a number of days from 1 to 365, got " + std::to_string(*days),
                       level_table->get("pay_within_days")->source(), field + ".pay_within_days");
      } else {
        level.pay_within_days = static_cast<unsigned>(*days);
      }
    }
    creditor.reminders.push_back(std::move(level));
  }
}

void read_creditor(TomlFields& fields, const toml::table& table, size_t index,
                   Creditors& creditors) {
  std::string prefix = "creditor[" + std::to_string(index) + "]";
  fields.refuse_unknown_keys(table,
                             {"id", "name", "address", "vat_number", "coc", "iban", "language",
                              "mailbox", "email_template", "letterhead", "use_letterhead",
                              "payment_qr", "reminder", "hold_reminders_if_statement_older_than"},
                             prefix);
  Creditor creditor;
  creditor.id = fields.string(table, "id", prefix, Presence::Required).value_or("");
  if (!creditor.id.empty()) {
    prefix = "creditor \"" + creditor.id + "\"";
  }
  creditor.name = fields.string(table, "name", prefix, Presence::Required).value_or("");
  creditor.address = fields.strings(table, "address", prefix, Presence::Required)
                       .value_or(std::vector<std::string>{});
  creditor.vat_number = fields.string(table, "vat_number", prefix, Presence::Required).value_or("");
  creditor.coc = fields.string(table, "coc", prefix, Presence::Required).value_or("");
  if (auto iban = fields.string(table, "iban", prefix, Presence::Required)) {
    if (auto problem = iban_problem(*iban); !problem.empty()) {
      fields.problem(problem + ", got \"" + *iban + "\"", table.get("iban")->source(),
                     prefix + ".iban");
    }
    creditor.iban = *iban;
  }
  if (auto language = fields.string(table, "language", prefix, Presence::Required)) {
    if (auto parsed = parse_language(*language)) {
      creditor.language = *parsed;
    } else {
      fields.problem("expected \"nl\" or \"en\", got \"" + *language + "\"",
                     table.get("language")->source(), prefix + ".language");
    }
  }
  creditor.mailbox = fields.string(table, "mailbox", prefix, Presence::Required).value_or("");
  if (!creditor.mailbox.empty() && creditors.mailboxes.count(creditor.mailbox) == 0) {
    fields.problem("names mailbox \"" + creditor.mailbox + "\", but there is no [mailbox." +
                     creditor.mailbox + "]",
                   table.get("mailbox")->source(), prefix + ".mailbox");
  }
  if (auto folder = fields.string(table, "email_template", prefix, Presence::Required)) {
    creditor.email_template = files::resolve_relative_to(fields.file(), *folder);
    if (!std::filesystem::is_directory(creditor.email_template)) {
      fields.problem("template folder " + creditor.email_template.string() + " does not exist",
                     table.get("email_template")->source(), prefix + ".email_template");
    }
  }
  creditor.use_letterhead =
    fields.boolean(table, "use_letterhead", prefix, Presence::Optional).value_or(true);
  creditor.payment_qr =
    fields.boolean(table, "payment_qr", prefix, Presence::Optional).value_or(false);
  if (auto letterhead = fields.string(table, "letterhead", prefix, Presence::Optional)) {
    creditor.letterhead = files::resolve_relative_to(fields.file(), *letterhead);
    if (!std::filesystem::is_regular_file(creditor.letterhead)) {
      fields.problem("letterhead " + creditor.letterhead.string() + " does not exist",
                     table.get("letterhead")->source(), prefix + ".letterhead");
    }
  } else if (creditor.use_letterhead) {
    fields.problem("missing; expected the path of a letterhead PDF (or use_letterhead = false)",
                   table.source(), prefix + ".letterhead");
  }
  read_reminders(fields, table, prefix, creditor);
  if (creditor.id.empty()) {
    return;
  }
  if (creditors.by_id.count(creditor.id) != 0) {
    fields.problem("creditor id \"" + creditor.id + "\" is used twice", table.source(),
                   prefix + ".id");
    return;
  }
  creditors.by_id.emplace(creditor.id, std::move(creditor));
}

} // namespace

Status parse_mailbox_url(std::string_view url, const std::filesystem::path& relative_to,
                         Mailbox& mailbox) {
  if (text::starts_with(url, "maildir:")) {
    const auto path = url.substr(std::string_view("maildir:").size());
    if (path.empty()) {
      return make_error("expected maildir:PATH, got \"" + std::string(url) + "\"");
    }
    mailbox.kind = MailboxKind::Maildir;
    mailbox.maildir = files::resolve_relative_to(relative_to, std::string(path));
    return Ok{};
  }
  std::string_view rest;
  if (text::starts_with(url, "smtp://")) {
    mailbox.kind = MailboxKind::Smtp;
    rest = url.substr(7);
  } else if (text::starts_with(url, "smtps://")) {
    mailbox.kind = MailboxKind::Smtps;
    rest = url.substr(8);
  } else {
    return make_error("expected smtp://host:port, smtps://host:port or maildir:PATH, got \"" +
                      std::string(url) + "\"");
  }
  if (rest.find('@') != std::string_view::npos) {
    // Never repeat such a URL: it may hold a password.
    return make_error("the URL holds credentials, but credentials belong in "
                      "username_env/password_env (names of environment variables)");
  }
  if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  const size_t colon = rest.rfind(':');
  const bool bracketed = !rest.empty() && rest.front() == '[';
  std::string_view host = rest;
  unsigned port = mailbox.kind == MailboxKind::Smtps ? 465 : 25;
  if (colon != std::string_view::npos && (!bracketed || rest.find(']') < colon)) {
    host = rest.substr(0, colon);
    const auto port_text = rest.substr(colon + 1);
    const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return make_error("the port in \"" + std::string(url) + "\" is not a number from 1 to 65535");
    }
  }
  if (bracketed && host.size() >= 2 && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty() || host.find('/') != std::string_view::npos ||
      host.find('@') != std::string_view::npos) {
    return make_error("expected a host name in \"" + std::string(url) +
                      "\" (credentials belong in username_env/password_env)");
  }
  mailbox.host = std::string(host);
  mailbox.port = static_cast<unsigned short>(port);
  return Ok{};
}

Checked<Creditors> load_creditors(const std::filesystem::path& path) {
  std::vector<Error> problems;
  TomlFields fields(path, problems);
  Creditors creditors;
  creditors.path = path;
  if (auto root = fields.parse()) {
    fields.refuse_unknown_keys(*root, {"creditor", "mailbox"}, "");
    if (const auto* mailboxes = root->get_as<toml::table>("mailbox")) {
      for (const auto& [name, node] : *mailboxes) {
        if (const auto* table = node.as_table()) {
          read_mailbox(fields, std::string(name.str()), *table, creditors);
        } else {
          fields.problem("expected a table [mailbox." + std::string(name.str()) + "]",
                         node.source(), "mailbox." + std::string(name.str()));
        }
      }
    } else if (root->contains("mailbox")) {
      fields.problem("expected [mailbox.NAME] tables", root->get("mailbox")->source(), "mailbox");
    }
    const auto* list = root->get_as<toml::array>("creditor");
    if (list == nullptr || list->empty()) {
      fields.problem("at least one [[creditor]] is required", root->source(), "creditor");
    } else {
      for (size_t index = 0; index < list->size(); ++index) {
        if (const auto* table = (*list)[index].as_table()) {
          read_creditor(fields, *table, index, creditors);
        } else {
          fields.problem("expected a [[creditor]] table", (*list)[index].source(),
                         "creditor[" + std::to_string(index) + "]");
        }
      }
    }
  }
  if (!problems.empty()) {
    return problems;
  }
  return creditors;
}

Checked<Job> load_job(const std::filesystem::path& path) {
  std::vector<Error> problems;
  TomlFields fields(path, problems);
  Job job;
  job.path = path;
  auto root = fields.parse();
  if (!root) {
    return problems;
  }
  fields.refuse_unknown_keys(*root,
                             {"name", "creditors", "invoices", "ledger", "ledger_password_env",
                              "archive", "letterhead", "transport"},
                             "");
  job.name = fields.string(*root, "name", "", Presence::Required).value_or("");
  if (root->contains("name") && job.name.empty()) {
    fields.problem("must not be empty", root->get("name")->source(), "name");
  }
  if (auto creditors = fields.string(*root, "creditors", "", Presence::Required)) {
    job.creditors_file = files::resolve_relative_to(path, *creditors);
  }
  if (auto invoices = fields.strings(*root, "invoices", "", Presence::Required)) {
    if (invoices->empty()) {
      fields.problem("expected at least one invoice file", root->get("invoices")->source(),
                     "invoices");
    }
    for (const auto& file : *invoices) {
      job.invoice_files.push_back(files::resolve_relative_to(path, file));
    }
  }
  if (auto ledger = fields.string(*root, "ledger", "", Presence::Required)) {
    if (ledger::is_postgresql_url(*ledger)) {
      job.ledger.backend = ledger::Backend::Postgresql;
      job.ledger.url = *ledger;
      if (const auto problem = ledger::postgresql_url_problem(*ledger)) {
        fields.problem(*problem, root->get("ledger")->source(), "ledger");
      }
    } else {
      job.ledger.file = files::resolve_relative_to(path, *ledger);
    }
  }
  if (auto variable = fields.string(*root, "ledger_password_env", "", Presence::Optional)) {
    if (job.ledger.backend != ledger::Backend::Postgresql) {
      fields.problem("only a PostgreSQL ledger (ledger = \"postgresql://...\") takes a password",
                     root->get("ledger_password_env")->source(), "ledger_password_env");
    }
    job.ledger.password_env = *variable;
  }
  if (auto archive = fields.string(*root, "archive", "", Presence::Required)) {
    job.archive = files::resolve_relative_to(path, *archive);
  }
  job.letterhead = fields.boolean(*root, "letterhead", "", Presence::Optional);
  if (auto transport = fields.string(*root, "transport", "", Presence::Optional)) {
    Mailbox probe;
    if (auto parsed = parse_mailbox_url(*transport, path, probe); !parsed) {
      fields.problem(parsed.error().message, root->get("transport")->source(), "transport");
    }
    job.transport = *transport;
  }
  if (!problems.empty()) {
    return problems;
  }
  return job;
}

} // namespace mailroom::job
