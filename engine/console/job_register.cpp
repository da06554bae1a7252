#include "job_register.hpp"

#include <engine/pipeline/invoice_stream.hpp>
#include <engine/steps/journey.hpp>

namespace mailroom::console {

namespace {

struct RegisteredRecord : pipeline::StreamedRecord {
  std::optional<ledger::Registration> registration;
  std::string problem;
};

std::string problem_of(const RegisteredRecord& item) {
  if (item.read_error) {
    return item.read_error->to_string();
  }
  if (item.duplicate) {
    return pipeline::duplicate_number_problem(item.parsed.invoice).to_string();
  }
  std::string problems;
  for (const auto& problem : item.parsed.problems) {
    problems += (problems.empty() ? "" : "; ") + problem.to_string();
  }
  return problems;
}

} // namespace

JobRegistration register_job(pipeline::RunContext& context) {
  JobRegistration registration;
  const auto work = [&](RegisteredRecord& item) {
    if (!item.usable()) {
      item.problem = problem_of(item);
      return;
    }
    const auto& invoice = item.parsed.invoice;
    const auto facts =
      steps::invoice_facts(invoice, context.creditors.by_id.at(invoice.creditor), context.job.name);
    auto recorded = context.ledger->record_facts(facts);
    if (!recorded) {
      item.problem = invoice.number + ": ledger: " + recorded.error().to_string();
      return;
    }
    item.registration = recorded->registration;
    if (recorded->registration == ledger::Registration::Conflict) {
      item.problem = invoice.number + " was issued on " + recorded->issued->facts.issue_date +
                     " with another " + recorded->differing_field +
                     " than this job's: a run refuses it (issue a credit note and a new invoice)";
    }
  };
  const auto finish = [&](std::unique_ptr<RegisteredRecord> item) {
    if (item->registration && *item->registration != ledger::Registration::Conflict) {
      ++registration.invoices;
      registration.new_ones += *item->registration == ledger::Registration::New ? 1 : 0;
    }
    if (!item->problem.empty()) {
      registration.problems.push_back(item->problem);
    }
  };
  pipeline::stream_records<RegisteredRecord>(context, {}, work, finish);
  return registration;
}

} // namespace mailroom::console
