#include "auth/audit.h"

namespace fk::auth {
namespace {
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, ip) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectAudit =
    "SELECT id, at, user_id, username, action, entity, entity_id, before_json, after_json, request_id, ip "
    "FROM audit_log WHERE 1=1";
}  // namespace

void WriteAudit(store::Connection& c, const Actor& actor, int64_t at_ms, std::string_view action,
                std::string_view entity, std::string_view entity_id, const std::string& before_json,
                const std::string& after_json) {
  store::Value user = actor.user_id ? store::Value(static_cast<long long>(actor.user_id)) : store::Value();
  store::Value before = before_json.empty() ? store::Value() : store::Value(before_json);
  store::Value after = after_json.empty() ? store::Value() : store::Value(after_json);
  c.Exec(kInsertAudit, {static_cast<long long>(at_ms), user, actor.username, action, entity, entity_id, before, after,
                        actor.request_id, actor.ip});
}

std::vector<AuditRecord> ListAudit(store::Connection& c, const AuditFilter& f) {
  std::string sql = kSelectAudit;
  store::Params params;
  auto add = [&](const char* clause, store::Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (f.user_id) add(" AND user_id = ?", static_cast<long long>(*f.user_id));
  if (f.entity) add(" AND entity = ?", *f.entity);
  if (f.entity_id) add(" AND entity_id = ?", *f.entity_id);
  if (f.action) add(" AND action = ?", *f.action);
  if (f.from_ms) add(" AND at >= ?", static_cast<long long>(*f.from_ms));
  if (f.to_ms) add(" AND at < ?", static_cast<long long>(*f.to_ms));
  if (f.before_id) add(" AND id < ?", static_cast<long long>(*f.before_id));
  if (!f.scope_path.empty())
    add(" AND user_id IN (SELECT u.id FROM users u JOIN units un ON un.id = u.unit_id WHERE un.path LIKE ?)",
        f.scope_path + "%");
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(f.limit);
  std::vector<AuditRecord> out;
  for (const auto& r : c.Query(sql, params).rows)
    out.push_back({r.Int(0), r.Int(1), r.OptInt(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8),
                   r.Text(9), r.Text(10)});
  return out;
}

}  // namespace fk::auth
