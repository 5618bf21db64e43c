// XlsxExport: writes a spreadsheet row by row to a temporary file with
// libxlsxwriter in constant-memory mode, so a million rows never sit in
// memory; the HTTP layer then streams the file and deletes it.
// Not thread-safe (one export per object).
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "http/http.h"

namespace fk::http {

class XlsxExport {
 public:
  using Cell = std::variant<std::monostate, std::string, double, int64_t>;

  // An .xlsx sheet holds 1,048,576 rows (the header included); longer exports
  // continue on "NAME (2)", "NAME (3)", ... with the header repeated.
  static constexpr int64_t kRowsPerSheet = 1048576;

  // Throws fk::Error(kInternal) when the temporary file cannot be created.
  XlsxExport(const std::string& sheet_name, const std::vector<std::string>& headers,
             int64_t rows_per_sheet = kRowsPerSheet);
  ~XlsxExport();
  void AddRow(const std::vector<Cell>& cells);

  // Adds a row for every item of every page: fetch(cursor) returns up to
  // page_size items with an `id`, and the next call gets the last one's id as
  // its cursor (fetch decides whether that pages up or down). Stops after a
  // short page, so only one page is in memory at a time.
  template <typename Fetch, typename RowOf>
  void AddPages(int page_size, int64_t first_cursor, Fetch fetch, RowOf row_of) {
    for (int64_t cursor = first_cursor;;) {
      auto items = fetch(cursor);
      for (const auto& item : items) AddRow(row_of(item));
      if (items.size() < static_cast<size_t>(page_size)) return;
      cursor = items.back().id;
    }
  }
  // Closes the workbook and returns a response that streams it as `filename`.
  Response Finish(const std::string& filename);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A response that streams the finished .xlsx at `path` (and deletes it after) as `filename`,
// with `ascii_fallback` for clients that do not read RFC 5987 names.
Response XlsxFileResponse(const std::string& path, const std::string& filename,
                          const std::string& ascii_fallback = "export.xlsx");

}  // namespace fk::http
