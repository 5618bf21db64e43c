#include "http/xlsx_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace fk::http {

struct XlsxExport::Impl {
  std::string path;
  lxw_workbook* wb = nullptr;
  lxw_worksheet* ws = nullptr;
  lxw_format* bold = nullptr;
  lxw_row_t row = 0;
  bool finished = false;
};

XlsxExport::XlsxExport(const std::string& sheet_name, const std::vector<std::string>& headers)
    : impl_(std::make_unique<Impl>()) {
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
  impl_->ws = workbook_add_worksheet(impl_->wb, sheet_name.c_str());
  impl_->bold = workbook_add_format(impl_->wb);
  format_set_bold(impl_->bold);
  for (size_t i = 0; i < headers.size(); ++i) {
    worksheet_write_string(impl_->ws, 0, static_cast<lxw_col_t>(i), headers[i].c_str(), impl_->bold);
    worksheet_set_column(impl_->ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i), 18, nullptr);
  }
  impl_->row = 1;
}

XlsxExport::~XlsxExport() {
  if (!impl_->finished) {
    if (impl_->wb) workbook_close(impl_->wb);
    std::error_code ec;
    std::filesystem::remove(impl_->path, ec);
  }
}

void XlsxExport::AddRow(const std::vector<Cell>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    auto col = static_cast<lxw_col_t>(i);
    if (auto* s = std::get_if<std::string>(&cells[i])) worksheet_write_string(impl_->ws, impl_->row, col, s->c_str(), nullptr);
    else if (auto* d = std::get_if<double>(&cells[i])) worksheet_write_number(impl_->ws, impl_->row, col, *d, nullptr);
    else if (auto* n = std::get_if<int64_t>(&cells[i]))
      worksheet_write_number(impl_->ws, impl_->row, col, static_cast<double>(*n), nullptr);
  }
  ++impl_->row;
}

Response XlsxExport::Finish(const std::string& filename) {
  lxw_error err = workbook_close(impl_->wb);
  impl_->wb = nullptr;
  if (err != LXW_NO_ERROR) throw Error(ErrorCode::kInternal, std::string("xlsx write failed: ") + lxw_strerror(err));
  impl_->finished = true;
  Response r;
  r.file_path = impl_->path;
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
  r.SetHeader("Content-Disposition", "attachment; filename=\"export.xlsx\"; filename*=UTF-8''" + encoded);
  return r;
}

}  // namespace fk::http
