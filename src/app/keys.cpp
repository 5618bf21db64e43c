#include "app/keys.h"

#include <nlohmann/json.hpp>

#include "core/field_crypto.h"
#include "store/database.h"

namespace fk::app {
namespace {

constexpr std::string_view kPrefix = "fe1.";

bool IsSealed(const std::string& v) { return v.rfind(kPrefix, 0) == 0; }

std::string KeyIdOf(const std::string& sealed) {
  size_t dot = sealed.find('.', kPrefix.size());
  return dot == std::string::npos ? std::string() : sealed.substr(kPrefix.size(), dot - kPrefix.size());
}

// Re-seals the "i" and "p" members of each occupant; true when something changed.
bool ReencryptOccupants(nlohmann::json& occupants, const FieldCipher& cipher, int64_t& n) {
  bool changed = false;
  if (!occupants.is_array()) return false;
  for (auto& o : occupants) {
    if (!o.is_object()) continue;
    for (const char* k : {"i", "p"}) {
      auto it = o.find(k);
      if (it == o.end() || !it->is_string()) continue;
      std::string v = it->get<std::string>();
      if (!IsSealed(v) || !cipher.NeedsReencrypt(v)) continue;
      *it = cipher.Encrypt(cipher.Decrypt(v));
      ++n;
      changed = true;
    }
  }
  return changed;
}

}  // namespace

const std::vector<SealedColumn>& SealedColumns() {
  static const std::vector<SealedColumn> kColumns = {
      {"households", "phone_sealed"},     {"persons", "id_number_sealed"}, {"persons", "phone_sealed"},
      {"staff", "phone"},                 {"handovers", "id_number"},      {"handovers", "phone"},
      {"gate_events", "visitor_phone_sealed"}, {"firms", "contact_phone"}, {"firm_staff", "id_number"},
      {"firm_staff", "phone"},            {"passages", "occupants", true},
  };
  return kColumns;
}

ReencryptAllResult ReencryptAll(store::Database& db, const FieldCipher& cipher, int batch) {
  ReencryptAllResult out;
  const std::string active_like = std::string(kPrefix) + cipher.active_key_id() + ".%";
  for (const auto& col : SealedColumns()) {
    const std::string table = col.table, column = col.column;
    // Only rows that may need work: sealed values not under the active key (occupants: any sealed member).
    std::string where = col.occupants_json ? column + " LIKE '%\"fe1.%'"
                                           : column + " LIKE 'fe1.%' AND " + column + " NOT LIKE ?";
    std::string select = "SELECT id, " + column + " FROM " + table + " WHERE id > ? AND " + where + " ORDER BY id LIMIT ?";
    std::string update = "UPDATE " + table + " SET " + column + " = ? WHERE id = ?";
    int64_t after = 0;
    int64_t& count = out.by_column[table + "." + column];
    for (;;) {
      auto [rows, last] = db.Write([&](store::Connection& c) {
        store::Params params{static_cast<long long>(after)};
        if (!col.occupants_json) params.emplace_back(active_like);
        params.emplace_back(batch);
        auto res = c.Query(select, params);
        for (const auto& r : res.rows) {
          std::string v = r.Text(1);
          if (col.occupants_json) {
            auto j = nlohmann::json::parse(v, nullptr, false);
            if (!j.is_discarded() && ReencryptOccupants(j, cipher, count)) c.Exec(update, {j.dump(), static_cast<long long>(r.Int(0))});
          } else if (cipher.NeedsReencrypt(v)) {
            c.Exec(update, {cipher.Encrypt(cipher.Decrypt(v)), static_cast<long long>(r.Int(0))});
            ++count;
          }
        }
        return std::pair<size_t, int64_t>(res.rows.size(), res.rows.empty() ? after : res.rows.back().Int(0));
      });
      ++out.batches;
      after = last;
      if (rows < static_cast<size_t>(batch)) break;
    }
    out.rewritten += count;
  }
  return out;
}

std::map<std::string, std::map<std::string, int64_t>> SealedKeyCounts(store::Database& db) {
  std::map<std::string, std::map<std::string, int64_t>> out;
  db.Read([&](store::Connection& c) {
    for (const auto& col : SealedColumns()) {
      auto& counts = out[std::string(col.table) + "." + col.column];
      std::string sql = std::string("SELECT ") + col.column + " FROM " + col.table + " WHERE " + col.column +
                        (col.occupants_json ? " LIKE '%\"fe1.%'" : " LIKE 'fe1.%'");
      for (const auto& r : c.Query(sql).rows) {
        std::string v = r.Text(0);
        if (!col.occupants_json) {
          ++counts[KeyIdOf(v)];
          continue;
        }
        auto j = nlohmann::json::parse(v, nullptr, false);
        if (!j.is_array()) continue;
        for (const auto& o : j)
          for (const char* k : {"i", "p"})
            if (o.is_object() && o.contains(k) && o[k].is_string() && IsSealed(o[k].get<std::string>()))
              ++counts[KeyIdOf(o[k].get<std::string>())];
      }
    }
  });
  return out;
}

}  // namespace fk::app
