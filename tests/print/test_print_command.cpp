// `mailroom print` on a job: every invoice in one PDF, in job order, each starting on an odd page
// with --duplex, the letterhead only when asked for.

#include <gtest/gtest.h>
#include <tests/pipeline/job_fixture.hpp>
#include <tests/support/pdf_reader.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::testing {
namespace {

// The letterhead of the job's invoices (acme), whose bands are compared as pixels.
const std::filesystem::path k_letterhead =
  std::filesystem::path(MAILROOM_SOURCE_DIR) / "templates/letterhead/acme.pdf";

bool shows_letterhead(const PdfReader& pdf, int page) {
  return letterhead_difference(pdf, page, k_letterhead, 0) < k_same_letterhead;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A job of four invoices: the second long enough to take more than one page.
class PrintCommand : public ::testing::Test {
protected:
  void SetUp() override {
    auto long_invoice = make_invoice("2026-102", "acme", "a@example.org");
    const auto line = long_invoice["lines"][0];
    for (int count = 0; count < 30; ++count) {
      long_invoice["lines"].push_back(line);
    }
    m_job.write({make_invoice("2026-101", "acme", "a@example.org").dump(), long_invoice.dump(),
                 make_invoice("2026-103", "northwind", "b@example.org").dump(),
                 make_invoice("2026-104", "acme", "").dump()});
    // How many pages each invoice takes on its own, as `mailroom render` writes it.
    const auto rendered = m_job.root() / "rendered";
    const auto result =
      run_mailroom({"render", m_job.job_file().string(), "--out", rendered.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    for (const auto* number : k_numbers) {
      m_pages.push_back(
        PdfReader::from_file(rendered / (std::string(number) + ".pdf")).page_count());
    }
    ASSERT_EQ(m_pages[0], 1);
    ASSERT_GE(m_pages[1], 2);
    ASSERT_EQ(m_pages[2], 1);
    ASSERT_EQ(m_pages[3], 1);
  }

  ProcessResult print(const std::vector<std::string>& extra) {
    std::vector<std::string> arguments = {"print", m_job.job_file().string(), "--out",
                                          out().string()};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_mailroom(arguments);
  }

  std::filesystem::path out() const { return m_job.root() / "bundle.pdf"; }

  // The page (0-based) each invoice starts on.
  std::vector<int> first_pages(bool duplex) const {
    std::vector<int> starts;
    int page = 0;
    for (const int count : m_pages) {
      if (duplex && page % 2 == 1) {
        ++page;
      }
      starts.push_back(page);
      page += count;
    }
    return starts;
  }

  static constexpr const char* k_numbers[] = {"2026-101", "2026-102", "2026-103", "2026-104"};
  JobFixture m_job{"maildir:outbox"};
  std::vector<int> m_pages;
};

TEST_F(PrintCommand, EveryInvoiceFollowsTheOneBeforeWithoutLetterhead) {
  const auto result = print({});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const int total = m_pages[0] + m_pages[1] + m_pages[2] + m_pages[3];
  EXPECT_EQ(result.out,
            "4 invoices, " + std::to_string(total) + " pages: " + out().string() + "\n");
  const auto pdf = PdfReader::from_file(out());
  ASSERT_EQ(pdf.page_count(), total);
  const auto starts = first_pages(false);
  for (size_t index = 0; index < starts.size(); ++index) {
    EXPECT_TRUE(contains(pdf.page_text(starts[index]), k_numbers[index])) << k_numbers[index];
    if (index > 0) {
      EXPECT_FALSE(contains(pdf.page_text(starts[index] - 1), k_numbers[index]))
        << k_numbers[index] << " starts where the one before ends";
    }
  }
  EXPECT_FALSE(shows_letterhead(pdf, 0)) << "pre-printed paper has it already";
  EXPECT_FALSE(std::filesystem::exists(m_job.root() / "outbox")) << "print sends nothing";
}

TEST_F(PrintCommand, DuplexStartsEveryInvoiceOnAnOddPage) {
  const auto result = print({"--duplex"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto starts = first_pages(true);
  const int total = starts.back() + m_pages.back();
  const auto pdf = PdfReader::from_file(out());
  ASSERT_EQ(pdf.page_count(), total);
  EXPECT_TRUE(contains(result.out, std::to_string(total) + " pages")) << result.out;
  for (size_t index = 0; index < starts.size(); ++index) {
    EXPECT_EQ(starts[index] % 2, 0) << "page " << starts[index] + 1 << " is a front side";
    EXPECT_TRUE(contains(pdf.page_text(starts[index]), k_numbers[index])) << k_numbers[index];
  }
  // The first invoice has one page: a blank back side follows it.
  EXPECT_EQ(pdf.page_text(1), "");
  EXPECT_GT(total, m_pages[0] + m_pages[1] + m_pages[2] + m_pages[3]);
}

TEST_F(PrintCommand, TheLetterheadIsPrintedOnlyWhenAskedFor) {
  ASSERT_EQ(print({"--letterhead"}).exit_code, 0);
  auto pdf = PdfReader::from_file(out());
  EXPECT_TRUE(shows_letterhead(pdf, 0));
  ASSERT_EQ(print({"--no-letterhead"}).exit_code, 0);
  pdf = PdfReader::from_file(out());
  EXPECT_FALSE(shows_letterhead(pdf, 0));
  EXPECT_EQ(print({"--letterhead", "--no-letterhead"}).exit_code, 2);
}

TEST(PrintCommandErrors, BadInvoicesAreLeftOutAndReportedAndUsageErrorsRefuse) {
  JobFixture job("maildir:outbox");
  auto bad = make_invoice("2026-2", "acme", "a@example.org");
  bad["date"] = "2026-02-30";
  job.write({make_invoice("2026-1", "acme", "a@example.org").dump(), bad.dump(),
             make_invoice("2026-3", "acme", "a@example.org").dump()});
  const auto out = job.root() / "bundle.pdf";
  const auto result = run_mailroom({"print", job.job_file().string(), "--out", out.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(contains(result.out, "2 invoices, 2 pages")) << result.out;
  EXPECT_TRUE(contains(result.err, "date: \"2026-02-30\"")) << result.err;
  EXPECT_TRUE(contains(result.err, "1 invoice left out")) << result.err;
  EXPECT_EQ(PdfReader::from_file(out).page_count(), 2);

  EXPECT_EQ(run_mailroom({"print", job.job_file().string()}).exit_code, 2);
  EXPECT_EQ(run_mailroom({"print", "--out", out.string()}).exit_code, 2);
  const auto help = run_mailroom({"help", "print"});
  EXPECT_EQ(help.exit_code, 0);
  for (const auto* option : {"--out", "--letterhead", "--no-letterhead", "--duplex"}) {
    EXPECT_TRUE(contains(help.out, option)) << option;
  }
  EXPECT_TRUE(contains(run_mailroom({"--help"}).out, "mailroom print JOB --out FILE"));
}

} // namespace
} // namespace mailroom::testing
