#include "command/report/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>

#include "command/report/service.h"
#include "command/report/template.h"
#include "core/clock.h"
#include "core/error.h"
#include "http/xlsx_export.h"

namespace fk::command::report {
namespace {

void Check(lxw_error err) {
  if (err != LXW_NO_ERROR) throw Error(ErrorCode::kInternal, std::string("xlsx write failed: ") + lxw_strerror(err));
}

}  // namespace

std::string ReportTitle(const std::string& unit_name) { return unit_name + "新冠肺炎疫情防控工作日报"; }

http::Response ReportXlsx(const Report& r, int tz_offset_minutes) {
  auto local = [tz_offset_minutes](int64_t ms) {
    std::string t = FormatRfc3339(ms + static_cast<int64_t>(tz_offset_minutes) * 60'000);
    return t.substr(0, 10) + " " + t.substr(11, 5);
  };
  std::string path = (std::filesystem::temp_directory_path() / "fangkong-report-XXXXXX").string();
  int fd = mkstemp(path.data());
  if (fd < 0) throw Error(ErrorCode::kInternal, "cannot create a temporary export file");
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) throw Error(ErrorCode::kInternal, "cannot create the workbook");
  bool closed = false;
  try {
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 16);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_worksheet* ws = workbook_add_worksheet(wb, "日报");
    worksheet_set_column(ws, 0, 0, 100, nullptr);
    lxw_row_t row = 0;
    Check(worksheet_write_string(ws, row++, 0, ReportTitle(r.unit_name).c_str(), title));
    std::string sub = "第" + std::to_string(r.issue_no) + "期  " + MonthDay(r.day) + "（" + r.day + "）" +
                      (r.version > 1 ? "  第" + std::to_string(r.version) + "版" : "") +
                      (r.status == "published" ? "" : "  草稿（未签发）");
    Check(worksheet_write_string(ws, row++, 0, sub.c_str(), nullptr));
    ++row;
    for (const auto& p : r.paragraphs) {
      Check(worksheet_write_string(ws, row++, 0, p.title.c_str(), bold));
      worksheet_set_row(ws, row, 48, nullptr);
      Check(worksheet_write_string(ws, row++, 0, p.text.c_str(), wrap));
    }
    ++row;
    int cutoff_minutes = static_cast<int>((r.cutoff_at - DayStartUtcMs(r.day, tz_offset_minutes)) / 60'000);
    std::string cut = "数据截止：" + r.day + " " + FormatCutoff(cutoff_minutes) + "（快照 " + local(r.taken_at) + "）";
    if (r.late_since) cut += "；补报：" + *r.late_since + " 快照后到达的记录";
    Check(worksheet_write_string(ws, row++, 0, cut.c_str(), nullptr));
    std::string gen = "生成：" + r.generated_by_name + " " + local(r.generated_at);
    Check(worksheet_write_string(ws, row++, 0, gen.c_str(), nullptr));
    std::string app = r.approved_at ? "审核签发：" + r.approved_by_name + " " + local(*r.approved_at) : "审核签发：（未签发）";
    Check(worksheet_write_string(ws, row++, 0, app.c_str(), nullptr));

    int n = 0;
    for (const auto& t : r.tables) {
      std::string name = "表" + std::to_string(++n);
      lxw_worksheet* ts = workbook_add_worksheet(wb, name.c_str());
      Check(worksheet_write_string(ts, 0, 0, t.title.c_str(), bold));
      worksheet_set_column(ts, 0, 0, 22, nullptr);
      worksheet_set_column(ts, 1, static_cast<lxw_col_t>(t.columns.size()), 14, nullptr);
      Check(worksheet_write_string(ts, 1, 0, "单位", bold));
      for (size_t i = 0; i < t.columns.size(); ++i)
        Check(worksheet_write_string(ts, 1, static_cast<lxw_col_t>(i + 1), t.columns[i].label.c_str(), bold));
      lxw_row_t tr = 2;
      for (const auto& rr : t.rows) {
        Check(worksheet_write_string(ts, tr, 0, rr.unit_name.c_str(), rr.unit_id ? nullptr : bold));
        for (size_t i = 0; i < rr.cells.size(); ++i)
          Check(worksheet_write_number(ts, tr, static_cast<lxw_col_t>(i + 1), static_cast<double>(rr.cells[i]),
                                       rr.unit_id ? nullptr : bold));
        ++tr;
      }
    }
    closed = true;
    Check(workbook_close(wb));
  } catch (...) {
    if (!closed) workbook_close(wb);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    throw;
  }
  std::string filename = "日报-" + r.unit_name + "-" + r.day + "-v" + std::to_string(r.version) + ".xlsx";
  return http::XlsxFileResponse(path, filename, "report-" + r.day + ".xlsx");
}

}  // namespace fk::command::report
