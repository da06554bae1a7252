#pragma once

#include <engine/bank/camt_reader.hpp>
#include <engine/bank/camt_statement.hpp>

#include <string>
#include <vector>

// CAMT.053 files written for the tests, shaped as Dutch and Belgian banks export them (ING and
// Belfius write .02, Rabobank .08): one element a line, so that lines can be asserted. Header-only:
// each test program of a stage is its test_*.cpp files.

namespace mailroom::bank::testing {

struct TransactionText {
  std::string end_to_end_id;
  std::string debtor_name;
  std::string debtor_iban;
  std::string creditor_name;
  std::string creditor_iban;
  std::vector<std::string> unstructured;
  // Each written as Strd/CdtrRefInf with Tp/CdOrPrtry/Cd SCOR, as Belgian and Dutch banks do.
  std::vector<std::string> structured;
  // Written as AmtDtls/TxAmt/Amt (.02) or TxDtls/Amt (.08) when set.
  std::string amount;
  // Written as RtrInf/Rsn/Cd when set: a SEPA return's reason ("AC04", account closed).
  std::string return_reason;
};

struct EntryText {
  std::string amount = "100.00";
  std::string currency = "EUR";
  std::string direction = "CRDT";
  std::string status = "BOOK";
  std::string reversal;                    // "true" writes RvslInd.
  std::string booking_date = "2026-11-23"; // Empty: no BookgDt.
  std::string value_date = "2026-11-23";   // Empty: no ValDt.
  std::string servicer_reference;
  std::string sub_family = "ESCT"; // BkTxCd's SubFmlyCd: "RRTN" for a return.
  std::vector<TransactionText> transactions;
  std::string extra; // Written as is inside <Ntry>, after the fields.
};

struct StatementText {
  std::string id = "STMT-2026-11-23";
  std::string iban = "NL91ABNA0417164300";
  std::string other_id; // Written as Acct/Id/Othr/Id instead of the IBAN when set.
  std::string created = "2026-11-24T06:00:00";
  std::string to = "2026-11-23T23:59:59"; // Empty: no FrToDt.
  std::vector<EntryText> entries;
};

inline std::string party(CamtVersion version, const std::string& role, const std::string& name,
                         const std::string& iban) {
  std::string text;
  if (!name.empty()) {
    if (version == CamtVersion::Version02) {
      text += "<" + role + ">\n<Nm>" + name + "</Nm>\n</" + role + ">\n";
    } else {
      text += "<" + role + ">\n<Pty>\n<Nm>" + name + "</Nm>\n</Pty>\n</" + role + ">\n";
    }
  }
  if (!iban.empty()) {
    text += "<" + role + "Acct>\n<Id>\n<IBAN>" + iban + "</IBAN>\n</Id>\n</" + role + "Acct>\n";
  }
  return text;
}

inline std::string transaction(CamtVersion version, const TransactionText& details) {
  std::string text = "<TxDtls>\n<Refs>\n<EndToEndId>" +
                     (details.end_to_end_id.empty() ? "NOTPROVIDED" : details.end_to_end_id) +
                     "</EndToEndId>\n</Refs>\n";
  if (!details.amount.empty()) {
    const std::string amount = "<Amt Ccy=\"EUR\">" + details.amount + "</Amt>\n";
    text += version == CamtVersion::Version02
              ? "<AmtDtls>\n<TxAmt>\n" + amount + "</TxAmt>\n</AmtDtls>\n"
              : amount;
  }
  text += "<RltdPties>\n";
  text += party(version, "Dbtr", details.debtor_name, details.debtor_iban);
  text += party(version, "Cdtr", details.creditor_name, details.creditor_iban);
  text += "</RltdPties>\n";
  if (!details.unstructured.empty() || !details.structured.empty()) {
    text += "<RmtInf>\n";
    for (const auto& line : details.unstructured) {
      text += "<Ustrd>" + line + "</Ustrd>\n";
    }
    for (const auto& reference : details.structured) {
      const bool belgian = reference.rfind("+++", 0) == 0;
      text += "<Strd>\n<CdtrRefInf>\n<Tp>\n<CdOrPrtry>\n<Cd>SCOR</Cd>\n</CdOrPrtry>\n<Issr>" +
              std::string(belgian ? "BBA" : "ISO") + "</Issr>\n</Tp>\n<Ref>" + reference +
              "</Ref>\n</CdtrRefInf>\n</Strd>\n";
    }
    text += "</RmtInf>\n";
  }
  if (!details.return_reason.empty()) {
    text += "<RtrInf>\n<Rsn>\n<Cd>" + details.return_reason + "</Cd>\n</Rsn>\n</RtrInf>\n";
  }
  return text + "</TxDtls>\n";
}

inline std::string date_choice(const std::string& element, const std::string& date) {
  if (date.empty()) {
    return "";
  }
  const bool with_time = date.find('T') != std::string::npos;
  return "<" + element + ">\n<" + (with_time ? "DtTm>" : "Dt>") + date + "</" +
         (with_time ? "DtTm>" : "Dt>") + "\n</" + element + ">\n";
}

inline std::string entry(CamtVersion version, const EntryText& spec) {
  std::string text = "<Ntry>\n";
  if (!spec.amount.empty()) {
    text += "<Amt Ccy=\"" + spec.currency + "\">" + spec.amount + "</Amt>\n";
  }
  text += "<CdtDbtInd>" + spec.direction + "</CdtDbtInd>\n";
  if (!spec.reversal.empty()) {
    text += "<RvslInd>" + spec.reversal + "</RvslInd>\n";
  }
  text += version == CamtVersion::Version02 ? "<Sts>" + spec.status + "</Sts>\n"
                                            : "<Sts>\n<Cd>" + spec.status + "</Cd>\n</Sts>\n";
  text += date_choice("BookgDt", spec.booking_date);
  text += date_choice("ValDt", spec.value_date);
  if (!spec.servicer_reference.empty()) {
    text += "<AcctSvcrRef>" + spec.servicer_reference + "</AcctSvcrRef>\n";
  }
  text += "<BkTxCd>\n<Domn>\n<Cd>PMNT</Cd>\n<Fmly>\n<Cd>RCDT</Cd>\n<SubFmlyCd>" + spec.sub_family +
          "</SubFmlyCd>\n</Fmly>\n</Domn>\n</BkTxCd>\n";
  if (!spec.transactions.empty()) {
    text += "<NtryDtls>\n";
    for (const auto& details : spec.transactions) {
      text += transaction(version, details);
    }
    text += "</NtryDtls>\n";
  }
  return text + spec.extra + "</Ntry>\n";
}

inline std::string camt_text(CamtVersion version, const std::vector<StatementText>& statements,
                             const std::string& namespace_uri = "") {
  const std::string uri = !namespace_uri.empty() ? namespace_uri
                          : version == CamtVersion::Version02
                            ? std::string(k_camt053_version02_namespace)
                            : std::string(k_camt053_version08_namespace);
  std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<Document xmlns=\"" +
                     uri +
                     "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                     "<BkToCstmrStmt>\n<GrpHdr>\n<MsgId>MSG-20261124-0001</MsgId>\n"
                     "<CreDtTm>2026-11-24T06:00:00</CreDtTm>\n</GrpHdr>\n";
  for (const auto& statement : statements) {
    text += "<Stmt>\n<Id>" + statement.id + "</Id>\n<ElctrncSeqNb>1</ElctrncSeqNb>\n<CreDtTm>" +
            statement.created + "</CreDtTm>\n";
    if (!statement.to.empty()) {
      text += "<FrToDt>\n<FrDtTm>2026-11-23T00:00:00</FrDtTm>\n<ToDtTm>" + statement.to +
              "</ToDtTm>\n</FrToDt>\n";
    }
    text += "<Acct>\n<Id>\n";
    text += statement.other_id.empty() ? "<IBAN>" + statement.iban + "</IBAN>\n"
                                       : "<Othr>\n<Id>" + statement.other_id + "</Id>\n</Othr>\n";
    text += "</Id>\n<Ccy>EUR</Ccy>\n<Svcr>\n<FinInstnId>\n<BIC>INGBNL2A</BIC>\n</FinInstnId>\n"
            "</Svcr>\n</Acct>\n";
    text += "<Bal>\n<Tp>\n<CdOrPrtry>\n<Cd>OPBD</Cd>\n</CdOrPrtry>\n</Tp>\n<Amt "
            "Ccy=\"EUR\">1000.00</Amt>\n<CdtDbtInd>CRDT</CdtDbtInd>\n<Dt>\n<Dt>2026-11-22</Dt>\n"
            "</Dt>\n</Bal>\n";
    for (const auto& statement_entry : statement.entries) {
      text += entry(version, statement_entry);
    }
    text += "</Stmt>\n";
  }
  return text + "</BkToCstmrStmt>\n</Document>\n";
}

// The 1-based line of the `occurrence`-th (1-based) appearance of `needle` in `text`; 0 if none.
inline long line_of(const std::string& text, const std::string& needle, int occurrence = 1) {
  size_t position = std::string::npos;
  for (int found = 0; found < occurrence; ++found) {
    position = text.find(needle, position == std::string::npos ? 0 : position + 1);
    if (position == std::string::npos) {
      return 0;
    }
  }
  long line = 1;
  for (size_t index = 0; index < position; ++index) {
    line += text[index] == '\n' ? 1 : 0;
  }
  return line;
}

} // namespace mailroom::bank::testing
