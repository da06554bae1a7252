#include "letterhead_stamp.hpp"

#include "paper.hpp"
#include "pdf_index.hpp"
#include "qpdf_document.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

namespace mailroom::pdf {

namespace {

void append_number(std::string& out, size_t number) {
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out.append(digits, written);
}

Error unusable(const std::string& what) {
  return make_error("cannot stamp the letterhead: " + what);
}

// The object a key of a page refers to, such as its /Contents or /Resources.
Result<unsigned> page_reference(std::string_view page, std::string_view key) {
  const auto span = dictionary_value(page, key);
  const auto reference = span ? sole_reference(text_of(page, *span)) : std::nullopt;
  if (!reference) {
    return unusable(std::string("a page whose ") + std::string(key) + " is not a reference");
  }
  return *reference;
}

// Where a letterhead page goes on an A4 invoice page: turned as the page says, scaled to fit
// (a letterhead of another paper size is scaled rather than cut off) and put at the top left, just
// as LetterheadArt::paint draws it. The form's space is the page's own; the matrix takes its frame
// to the invoice page.
Matrix placement(const PageFrame& frame) {
  const bool sideways = frame.rotation == 90 || frame.rotation == 270;
  const double width = sideways ? frame.height() : frame.width();
  const double height = sideways ? frame.width() : frame.height();
  const double scale = std::min(k_a4_width / width, k_a4_height / height);
  // Shown, the frame is `width` by `height` from (0, 0); its top goes to the top of A4.
  const double lift = k_a4_height - scale * height;
  const double s = scale;
  switch (frame.rotation) {
    case 90:
      return {0, -s, s, 0, -s * frame.bottom, s * frame.right + lift};
    case 180:
      return {-s, 0, 0, -s, s * frame.right, s * frame.top + lift};
    case 270:
      return {0, s, -s, 0, s * frame.top, -s * frame.left + lift};
    default:
      return {s, 0, 0, s, -s * frame.left, -s * frame.bottom + lift};
  }
}

// The name the form of letterhead page `index` has in the resources of invoice pages.
std::string form_name(size_t index) {
  return "/MailroomLetterhead" + std::to_string(index + 1);
}

} // namespace

Result<LetterheadStamp> LetterheadStamp::make(const std::filesystem::path& letterhead,
                                              size_t pages) {
  QpdfDocument document = TRY(QpdfDocument::open(letterhead));
  if (pages < 1 || pages > 2 || document.page_count() != pages) {
    return make_error("cannot stamp the letterhead: qpdf reads " +
                        std::to_string(document.page_count()) + " pages, Poppler " +
                        std::to_string(pages),
                      Location{letterhead.string()});
  }
  std::vector<Matrix> placements;
  for (size_t page = 0; page < pages; ++page) {
    placements.push_back(placement(TRY(document.page_frame(page))));
  }
  LetterheadStamp stamp;
  stamp.m_first_page = TRY(make_template(TRY(document.page_forms({placements.front()}))));
  if (pages > 1) {
    stamp.m_both_pages = TRY(make_template(TRY(document.page_forms(placements))));
  }
  return stamp;
}

Result<LetterheadStamp::Template> LetterheadStamp::make_template(PortableObjects letterhead) {
  Template made;
  made.objects = std::move(letterhead.objects);
  made.forms = std::move(letterhead.forms);
  // A small content stream per letterhead page draws its form; the form's /Matrix places it.
  for (size_t page = 0; page < made.forms.size(); ++page) {
    // The page's /Contents streams are read as one: the drawing must end in whitespace, or its
    // last operator would run into cairo's first ("Q1 0 0 -1 …") in a reader that joins them.
    const std::string draw = "q " + form_name(page) + " Do Q\n";
    const int drawing_object = static_cast<int>(made.objects.size());
    Pieces draws;
    add_number(draws, drawing_object);
    std::string head = " 0 obj\n<< /Length ";
    append_number(head, draw.size());
    head += " >>";
    add_text(draws, head);
    add_stream(draws, draw);
    add_text(draws, "\nendobj\n");
    made.objects.push_back(std::move(draws));
    made.drawings.push_back(drawing_object);
  }
  return made;
}

Result<std::string> LetterheadStamp::apply(std::string_view pdf) const {
  const PdfIndex index = TRY(PdfIndex::read(pdf));
  const std::vector<unsigned> pages = TRY(index.pages());
  const Template& chosen = pages.size() > 1 && m_both_pages ? *m_both_pages : m_first_page;
  const unsigned base = index.size();

  std::string update;
  update.reserve(size_t{16} * 1024);
  if (pdf.empty() || pdf.back() != '\n') {
    update += '\n';
  }
  std::vector<std::pair<unsigned, size_t>> written; // Object number and offset.
  const auto begin_object = [&](unsigned number) {
    written.emplace_back(number, pdf.size() + update.size());
  };

  // The letterhead's objects, numbered after the invoice's own.
  for (size_t at = 0; at < chosen.objects.size(); ++at) {
    begin_object(base + static_cast<unsigned>(at));
    for (const Piece& piece : chosen.objects[at]) {
      if (piece.object >= 0) {
        append_number(update, base + static_cast<unsigned>(piece.object));
      }
      update += piece.text;
    }
  }

  // Each page again, its letterhead drawn before its own contents; the forms each resources
  // dictionary must name.
  std::map<unsigned, std::vector<size_t>> forms_of_resources;
  for (size_t at = 0; at < pages.size(); ++at) {
    const size_t kind = at > 0 && chosen.forms.size() > 1 ? 1 : 0;
    const IndirectObject page = TRY(index.object(pages[at]));
    const auto contents = dictionary_value(page.value, "/Contents");
    const unsigned resources = TRY(page_reference(page.value, "/Resources"));
    if (!contents) {
      return unusable("a page without /Contents");
    }
    auto& kinds = forms_of_resources[resources];
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      kinds.push_back(kind);
    }
    const std::string_view drawn = text_of(page.value, *contents);
    begin_object(pages[at]);
    append_number(update, pages[at]);
    update += " 0 obj\n";
    update += page.value.substr(0, contents->begin);
    update += "[ ";
    append_number(update, base + static_cast<unsigned>(chosen.drawings[kind]));
    update += " 0 R ";
    if (drawn.front() == '[') {
      std::string_view rest = drawn.substr(1);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) {
        rest.remove_prefix(1);
      }
      update += rest;
    } else {
      update += drawn;
      update += " ]";
    }
    update += page.value.substr(contents->end);
    update += "\nendobj\n";
  }
  for (const auto& [resources, kinds] : forms_of_resources) {
    const IndirectObject object = TRY(index.object(resources));
    if (object.stream || object.value.substr(0, 2) != "<<") {
      return unusable("page resources that are not a dictionary");
    }
    std::string names;
    for (const size_t kind : kinds) {
      names += ' ';
      names += form_name(kind);
      names += ' ';
      append_number(names, base + static_cast<unsigned>(chosen.forms[kind]));
      names += " 0 R";
    }
    size_t insert_at = 2; // After the dictionary's "<<".
    const auto forms = dictionary_value(object.value, "/XObject");
    if (forms) {
      if (object.value.substr(forms->begin, 2) != "<<") {
        return unusable("page resources whose /XObject is not a dictionary");
      }
      insert_at = forms->begin + 2;
    } else {
      names = "\n   /XObject <<" + names + " >>";
    }
    begin_object(resources);
    append_number(update, resources);
    update += " 0 obj\n";
    update += object.value.substr(0, insert_at);
    update += names;
    update += object.value.substr(insert_at);
    update += "\nendobj\n";
  }

  // The cross-reference section of the update, one subsection per run of numbers, and a trailer
  // that leads back to cairo's.
  std::sort(written.begin(), written.end());
  const size_t table = pdf.size() + update.size();
  if (table >= 10'000'000'000) {
    return unusable("a PDF too large for ten-digit offsets");
  }
  update += "xref\n";
  for (size_t run = 0; run < written.size();) {
    size_t end = run + 1;
    while (end < written.size() && written[end].first == written[end - 1].first + 1) {
      ++end;
    }
    append_number(update, written[run].first);
    update += ' ';
    append_number(update, end - run);
    update += '\n';
    for (; run < end; ++run) {
      char entry[21];
      std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", written[run].second);
      update.append(entry, 20);
    }
  }
  update += "trailer\n<< /Size ";
  append_number(update, base + chosen.objects.size());
  update += "\n   /Root ";
  update += index.root();
  if (!index.info().empty()) {
    update += "\n   /Info ";
    update += index.info();
  }
  update += "\n   /Prev ";
  append_number(update, index.table_offset());
  update += "\n>>\nstartxref\n";
  append_number(update, table);
  update += "\n%%EOF\n";

  std::string stamped;
  stamped.reserve(pdf.size() + update.size());
  stamped.append(pdf);
  stamped.append(update);
  return stamped;
}

} // namespace mailroom::pdf
