// Import of resident files: the JSON form of import rows and results (for the
// HTTP layer, staged parts and the stored result of each import_key), Chinese
// labels accepted for enumerations, and a CSV reader for the CLI
// (`fangkong import residents FILE.csv --unit CODE [--dry-run]`).
// FilesService::Import itself lives in import.cpp.
// Thread-safe: pure functions.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "residents/service.h"

namespace fk::residents {

// The column names of a row, in CSV header order.
const std::vector<std::string>& ImportColumns();

// Rows from a parsed JSON array text; type errors are added to errs with the row.
std::vector<ImportRow> ImportRowsFromJson(const std::string& json_array, FieldErrors& errs);
std::string ImportRowsToJson(const std::vector<ImportRow>& rows);
std::string ImportResultToJson(const ImportResult& r);

// Reads a CSV file (UTF-8, optional BOM, a header row of ImportColumns names
// or their Chinese labels, RFC 4180 quoting). Row numbers are file lines
// (header = 1). Throws Error(kBadRequest) on a header without a name column.
std::vector<ImportRow> ReadImportCsv(std::istream& in);

}  // namespace fk::residents
