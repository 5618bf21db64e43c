// The .xlsx of a report: sheet "日报" with the title, the date, the issue and
// the paragraphs (and the 签发/审核 lines), then one sheet per unit table.
// Written with libxlsxwriter to a temporary file that the HTTP layer streams
// and deletes (http::XlsxExport writes one sheet only; a report needs several).
// Throws fk::Error(kInternal) when the file cannot be written.
#pragma once

#include "command/report/model.h"
#include "http/http.h"

namespace fk::command::report {

http::Response ReportXlsx(const Report& r, int tz_offset_minutes);

// "新郑市新冠肺炎疫情防控工作日报" for the unit 新郑市.
std::string ReportTitle(const std::string& unit_name);

}  // namespace fk::command::report
