#pragma once

#include <engine/pipeline/context.hpp>

#include <string>
#include <vector>

// When the console starts, the job's invoices go into the register as `run` records them
// (steps/record_facts.cpp: facts of an invoice never sent are taken as they are now; those of an
// issued one are compared), so that the list shows every invoice of the job, the ones never sent
// as "not sent", and pages through them in the ledger. Nothing is sent or marked; the invoice files
// are only read.

namespace mailroom::console {

struct JobRegistration {
  size_t invoices = 0;               // Valid invoices of the job's files.
  size_t new_ones = 0;               // Of those, not in the register before.
  std::vector<std::string> problems; // Records a run would refuse, each with where and why.
};

JobRegistration register_job(pipeline::RunContext& context);

} // namespace mailroom::console
