#include "camt_reader.hpp"

#include <engine/bank/camt_entry.hpp>
#include <engine/bank/camt_fields.hpp>
#include <engine/bank/camt_problems.hpp>
#include <engine/job/iban.hpp>
#include <engine/xml/reader.hpp>

#include <optional>
#include <string>

namespace mailroom::bank {

namespace {

// The statement being read, with what its fields said so far; its entries go straight into it.
struct StatementUnderWay {
  Statement statement;
  std::size_t number = 0; // 1-based, within the file.
  std::optional<time::Date> to_date;
  std::optional<time::Date> created_date;
  bool has_account = false;

  std::string prefix() const { return "Stmt[" + std::to_string(number) + "]"; }
};

std::string accepted_namespaces() {
  return std::string(k_camt053_version02_namespace) + " or " +
         std::string(k_camt053_version08_namespace);
}

std::optional<CamtVersion> version_of(std::string_view namespace_uri) {
  if (namespace_uri == k_camt053_version02_namespace) {
    return CamtVersion::Version02;
  }
  if (namespace_uri == k_camt053_version08_namespace) {
    return CamtVersion::Version08;
  }
  return std::nullopt;
}

void read_account(const xml::Element& account, StatementUnderWay& under_way, FieldReader& fields) {
  under_way.has_account = true;
  under_way.statement.account_currency = text_at(account, {"Ccy"});
  const auto iban = find(account, {"Id", "IBAN"});
  if (!iban) {
    const auto other = text_at(account, {"Id", "Othr", "Id"});
    fields.problem(
      account.line(), "Acct.Id.IBAN",
      "missing" +
        (other.empty() ? std::string() : ", the account is identified only as \"" + other + "\"") +
        "; the account's IBAN is needed to know whose statement this is");
    return;
  }
  const std::string normalized = normalized_iban(iban->text());
  if (const auto problem = job::iban_problem(normalized); !problem.empty()) {
    fields.problem(iban->line(), "Acct.Id.IBAN",
                   problem + ", found \"" + trimmed_text(*iban) + "\"");
    return;
  }
  under_way.statement.account_iban = normalized;
}

// One child of <Stmt> other than an entry, read into memory on its own.
void read_statement_field(const xml::Element& element, StatementUnderWay& under_way,
                          FieldReader& fields) {
  const auto name = element.local_name();
  if (name == "Id") {
    under_way.statement.id = trimmed_text(element);
  } else if (name == "CreDtTm") {
    under_way.statement.created = trimmed_text(element);
    under_way.created_date = fields.date_time(element, "CreDtTm");
  } else if (name == "FrToDt") {
    if (const auto to = element.child("ToDtTm")) {
      under_way.to_date = fields.date_time(*to, "FrToDt.ToDtTm");
    }
  } else if (name == "Acct") {
    read_account(element, under_way, fields);
  }
}

// What a statement must have once all of it is read, and its to_date.
Statement finish_statement(StatementUnderWay under_way, Problems& problems) {
  FieldReader fields(problems, under_way.prefix());
  Statement& statement = under_way.statement;
  const long line = statement.source.line;
  if (statement.id.empty()) {
    fields.problem(line, "Id", "missing or empty");
  }
  if (statement.created.empty()) {
    fields.problem(line, "CreDtTm", "missing or empty");
  }
  if (!under_way.has_account) {
    fields.problem(line, "Acct", "missing; the account's IBAN is needed");
  }
  statement.to_date = under_way.to_date;
  if (!statement.to_date) {
    // Pending and informational entries may be dated after the statement's last booking day.
    for (const auto& entry : statement.entries) {
      if (entry.booking == Booking::Booked && entry.booking_date &&
          (!statement.to_date || *statement.to_date < *entry.booking_date)) {
        statement.to_date = entry.booking_date;
      }
    }
  }
  if (!statement.to_date) {
    statement.to_date = under_way.created_date;
  }
  return std::move(statement);
}

// Streams through the document: the header and each statement's fields are read into memory one
// element at a time, each entry likewise; nothing else is kept as XML.
Checked<StatementFile> read_document(xml::Reader& reader, const std::filesystem::path& path) {
  Problems problems(reader.name(), k_maximum_problems);
  const auto refuse = [&](long line, std::string message) -> Checked<StatementFile> {
    problems.add(line, {}, std::move(message));
    return problems.take();
  };

  auto root = reader.next_element();
  if (!root) {
    return std::vector<Error>{std::move(root).error()};
  }
  if (!*root) {
    return refuse(0, "has no root element; expected a CAMT.053 Document");
  }
  const std::string document_namespace = (*root)->namespace_uri;
  const auto version = version_of(document_namespace);
  if ((*root)->local_name != "Document" || !version) {
    const std::string found = document_namespace.empty()
                                ? std::string("no namespace")
                                : "namespace \"" + document_namespace + "\"";
    return refuse((*root)->line, "not a CAMT.053 bank statement: the root element <" +
                                   (*root)->local_name + "> is in " + found +
                                   "; expected <Document> in " + accepted_namespaces());
  }
  auto report = reader.next_element();
  if (!report) {
    return std::vector<Error>{std::move(report).error()};
  }
  if (!*report || (*report)->local_name != "BkToCstmrStmt" || (*report)->depth != 1 ||
      (*report)->namespace_uri != document_namespace) {
    return refuse(*report ? (*report)->line : (*root)->line,
                  "not a CAMT.053 bank statement: <Document> holds no <BkToCstmrStmt>");
  }

  StatementFile file;
  file.path = path;
  file.version = *version;
  bool has_header = false;
  std::optional<StatementUnderWay> under_way;
  const auto finish = [&] {
    if (under_way) {
      file.statements.push_back(finish_statement(std::move(*under_way), problems));
      under_way.reset();
    }
  };

  while (!problems.full()) {
    auto next = reader.next_element();
    if (!next) {
      problems.add(std::move(next).error());
      break;
    }
    if (!*next) {
      break;
    }
    const xml::StartTag& tag = **next;
    if (tag.namespace_uri != document_namespace) {
      reader.skip();
      continue;
    }
    if (tag.depth == 2 && tag.local_name == "GrpHdr") {
      auto header = reader.expand();
      if (!header) {
        problems.add(std::move(header).error());
        break;
      }
      FieldReader fields(problems, "GrpHdr");
      file.message_id = fields.required_text(*header, "MsgId").value_or("");
      has_header = true;
    } else if (tag.depth == 2 && tag.local_name == "Stmt") {
      finish();
      under_way.emplace();
      under_way->number = file.statements.size() + 1;
      under_way->statement.source = reader.location(tag.line);
      // Going into the statement: its children come next, one at a time.
    } else if (tag.depth == 3 && under_way) {
      auto element = reader.expand();
      if (!element) {
        problems.add(std::move(element).error());
        break;
      }
      auto& entries = under_way->statement.entries;
      if (tag.local_name == "Ntry") {
        const std::size_t position = entries.size() + 1;
        // Entries that cannot be read still count, so that positions match the file.
        const EntryContext context{file.version, under_way->statement.account_iban};
        auto entry = read_entry(*element, position,
                                under_way->prefix() + ".Ntry[" + std::to_string(position) + "]",
                                context, problems);
        entries.push_back(entry ? std::move(*entry) : StatementEntry{});
      } else {
        FieldReader fields(problems, under_way->prefix());
        read_statement_field(*element, *under_way, fields);
      }
    } else {
      reader.skip();
    }
  }
  finish();
  if (!problems.full()) {
    if (!has_header) {
      problems.add((*report)->line, "GrpHdr", "missing");
    }
    if (file.statements.empty()) {
      problems.add((*report)->line, "Stmt", "missing; the file holds no statement");
    }
  }
  if (!problems.empty()) {
    return problems.take();
  }
  return file;
}

} // namespace

Checked<StatementFile> read_camt053(const std::filesystem::path& file) {
  auto reader = xml::Reader::open_file(file);
  if (!reader) {
    return std::vector<Error>{std::move(reader).error()};
  }
  return read_document(*reader, file);
}

Checked<StatementFile> read_camt053(std::string_view bytes, std::string_view name) {
  auto reader = xml::Reader::open_memory(bytes, std::string(name));
  if (!reader) {
    return std::vector<Error>{std::move(reader).error()};
  }
  return read_document(*reader, std::filesystem::path(name));
}

} // namespace mailroom::bank
