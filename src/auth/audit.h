// The audit log: who did what to which record, with the record before and
// after, written in the same transaction as the change it describes; and
// every look at unmasked personal data. Thread-safe (stateless functions over
// a Connection the caller owns).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace fk::auth {

// Who acts, for the audit log. Built by the HTTP layer from the request.
struct Actor {
  int64_t user_id = 0;  // 0 for the system (CLI, demo loader)
  std::string username;
  std::string request_id;
  std::string ip;
};

// Appends one audit record. before_json/after_json are JSON text or "" (none).
void WriteAudit(store::Connection& c, const Actor& actor, int64_t at_ms, std::string_view action,
                std::string_view entity, std::string_view entity_id, const std::string& before_json,
                const std::string& after_json);

struct AuditRecord {
  int64_t id;
  int64_t at_ms;
  std::optional<int64_t> user_id;
  std::string username, action, entity, entity_id, before_json, after_json, request_id, ip;
};

struct AuditFilter {
  std::optional<int64_t> user_id;
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<std::string> action;
  std::optional<int64_t> from_ms, to_ms;  // [from, to)
  std::optional<int64_t> before_id;        // cursor: records with id < before_id (newest first)
  std::string scope_path;                  // only actions of users in this unit subtree; "" for all
  int limit = 50;
};

std::vector<AuditRecord> ListAudit(store::Connection& c, const AuditFilter& filter);

}  // namespace fk::auth
