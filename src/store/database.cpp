#include "store/database.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace fk::store {

int64_t Value::as_int() const {
  if (auto* i = std::get_if<int64_t>(&v_)) return *i;
  if (auto* d = std::get_if<double>(&v_)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v_)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    if (*s == "t" || *s == "true") return 1;
    return out;
  }
  return 0;
}

double Value::as_real() const {
  if (auto* i = std::get_if<int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* s = std::get_if<std::string>(&v_)) {
    try {
      return std::stod(*s);
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

std::string Value::as_text() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  if (auto* i = std::get_if<int64_t>(&v_)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v_)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  return {};
}

std::unique_ptr<Database> OpenDatabase(const DatabaseOptions& options) {
  const std::string& url = options.url;
  if (url.rfind("sqlite:", 0) == 0) return OpenSqlite(options);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return OpenPostgres(options);
  throw Error(ErrorCode::kBadRequest,
              "database url must start with sqlite: or postgresql:// (got '" + url.substr(0, url.find(':')) + "')");
}

}  // namespace fk::store
