// Rewrites `?` placeholders to PostgreSQL's $1, $2, ... . A `?` inside a
// single-quoted string (with '' escapes, or backslash escapes after E), a
// dollar-quoted string ($$...$$, $tag$...$tag$), a double-quoted identifier, a
// `--` line comment or a (nested) `/* */` comment is left alone.
#include <cctype>
#include <string>
#include <string_view>

#include "store/database.h"
#include "store/postgres/pg_database.h"

namespace fk::store {

namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// If sql[i] starts a dollar-quote tag ($$ or $tag$), returns the tag length
// including both dollars; otherwise 0.
size_t DollarTagLength(std::string_view sql, size_t i) {
  if (i > 0 && IsIdentChar(sql[i - 1])) return 0;  // part of an identifier like a$b
  size_t j = i + 1;
  if (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) return 0;  // $1 parameter
  while (j < sql.size() && sql[j] != '$') {
    if (!IsIdentChar(sql[j])) return 0;
    ++j;
  }
  if (j >= sql.size()) return 0;
  return j - i + 1;
}

}  // namespace

std::string RewritePlaceholdersForPostgres(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      ++i;
    } else if (c == '\'') {
      // E'...' strings treat backslash as an escape character.
      bool backslash = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < sql.size()) {
        if (backslash && sql[j] == '\\' && j + 1 < sql.size()) {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < sql.size() && sql[j + 1] == '\'') {
            j += 2;  // '' is a quote inside the string
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '"') {
      size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == '"') {
          if (j + 1 < sql.size() && sql[j + 1] == '"') {
            j += 2;
          } else {
            ++j;
            break;
          }
        } else {
          ++j;
        }
      }
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      j = j == std::string_view::npos ? sql.size() : j;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t j = i + 2;
      int depth = 1;  // PostgreSQL block comments nest
      while (j < sql.size() && depth > 0) {
        if (sql[j] == '/' && j + 1 < sql.size() && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < sql.size() && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$') {
      size_t tag = DollarTagLength(sql, i);
      if (tag == 0) {
        out += c;
        ++i;
        continue;
      }
      size_t end = sql.find(sql.substr(i, tag), i + tag);
      size_t j = end == std::string_view::npos ? sql.size() : end + tag;
      out.append(sql.substr(i, j - i));
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  if (count) *count = n;
  return out;
}

std::string RewritePlaceholdersForPostgres(std::string_view sql) { return RewritePlaceholdersForPostgres(sql, nullptr); }

}  // namespace fk::store
