#include "http/xlsx_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace fk::http {

namespace {
void Check(lxw_error err) {
  if (err != LXW_NO_ERROR) throw Error(ErrorCode::kInternal, std::string("xlsx write failed: ") + lxw_strerror(err));
}
}  // namespace

struct XlsxExport::Impl {
  std::string path, sheet_name;
  std::vector<std::string> headers;
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* bold = nullptr;
  lxw_row_t row = 0;
  lxw_row_t rows_per_sheet = 0;
  int sheets = 0;
  bool finished = false;

  void NewSheet() {
    ++sheets;
    std::string name = sheets == 1 ? sheet_name : sheet_name + " (" + std::to_string(sheets) + ")";
    ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) throw Error(ErrorCode::kInternal, "cannot add a worksheet");
    for (size_t i = 0; i < headers.size(); ++i) {
      Check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), headers[i].c_str(), bold));
      worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), 18, nullptr);
    }
    row = 1;
  }
};

XlsxExport::XlsxExport(const std::string& sheet_name, const std::vector<std::string>& headers,
                       int64_t rows_per_sheet)
    : impl_(std::make_unique<Impl>()) {
  impl_->rows_per_sheet = static_cast<lxw_row_t>(std::clamp<int64_t>(rows_per_sheet, 2, kRowsPerSheet));
  std::string tmpl = (std::filesystem::temp_directory_path() / "fangkong-export-XXXXXX").string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0) throw Error(ErrorCode::kInternal, "cannot create a temporary export file");
  close(fd);
  impl_->path = tmpl;
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = nullptr;
  impl_->wb = workbook_new_opt(impl_->path.c_str(), &options);
  if (!impl_->wb) throw Error(ErrorCode::kInternal, "cannot create the workbook");
  impl_->sheet_name = sheet_name;
  impl_->headers = headers;
  impl_->bold = workbook_add_format(impl_->wb);
  format_set_bold(impl_->bold);
  impl_->NewSheet();
}

XlsxExport::~XlsxExport() {
  if (!impl_->finished) {
    if (impl_->wb) workbook_close(impl_->wb);
    std::error_code ec;
    std::filesystem::remove(impl_->path, ec);
  }
}

void XlsxExport::AddRow(const std::vector<Cell>& cells) {
  if (impl_->row == impl_->rows_per_sheet) impl_->NewSheet();
  for (size_t i = 0; i < cells.size(); ++i) {
    auto col = static_cast<lxw_col_t>(i);
    if (auto* s = std::get_if<std::string>(&cells[i])) Check(worksheet_write_string(impl_->ws, impl_->row, col, s->c_str(), nullptr));
    else if (auto* d = std::get_if<double>(&cells[i])) Check(worksheet_write_number(impl_->ws, impl_->row, col, *d, nullptr));
    else if (auto* n = std::get_if<int64_t>(&cells[i]))
      Check(worksheet_write_number(impl_->ws, impl_->row, col, static_cast<double>(*n), nullptr));
  }
  ++impl_->row;
}

Response XlsxExport::Finish(const std::string& filename) {
  lxw_error err = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  Check(err);
  impl_->finished = true;
  return XlsxFileResponse(impl_->path, filename);
}

Response XlsxFileResponse(const std::string& path, const std::string& filename, const std::string& ascii_fallback) {
  Response r;
  r.file_path = path;
  r.remove_file_after = true;
  r.SetHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // RFC 6266/5987: an ASCII fallback plus the UTF-8 name.
  std::string encoded;
  for (unsigned char ch : filename) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') encoded.push_back(static_cast<char>(ch));
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      encoded += buf;
    }
  }
  r.SetHeader("Content-Disposition", "attachment; filename=\"" + ascii_fallback + "\"; filename*=UTF-8''" + encoded);
  return r;
}

}  // namespace fk::http
