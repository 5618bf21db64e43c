// AuthService: accounts, sessions, login throttling and user administration.
//
// Sessions are opaque random tokens; only their hash (BLAKE2b) is stored, so a
// copy of the database does not let anyone in. Thread-safe: all state is in
// the database except the per-address throttle, which has its own mutex.
// Failures throw fk::Error: kUnauthenticated (bad credentials), kRateLimited,
// kValidation (with fields), kForbidden, kNotFound, kConflict.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/audit.h"
#include "auth/password.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "store/database.h"

namespace fk::auth {

struct AuthOptions {
  int64_t session_ttl_ms = 12LL * 3600 * 1000;  // a shift and a half
  int max_failed_logins = 5;                     // per account, then locked for lockout_ms
  int64_t lockout_ms = 15LL * 60 * 1000;
  int max_attempts_per_ip_per_minute = 20;
  // How long a resolved session is reused without reading the database. Sign-outs,
  // revocations and changes made through this process apply at once; another
  // process's revocation applies within this time. 0 reads every request.
  int64_t session_cache_ms = 5000;
  HashCost hash_cost;
};

// A refused sign-in attempt (per-address throttle or a locked account): kRateLimited with the
// seconds until a new attempt may succeed, for the Retry-After header.
class RateLimited : public Error {
 public:
  RateLimited(std::string message, int64_t retry_after_s)
      : Error(ErrorCode::kRateLimited, std::move(message)), retry_after_s_(retry_after_s) {}
  int64_t retry_after_s() const { return retry_after_s_; }

 private:
  int64_t retry_after_s_;
};

struct LoginResult {
  std::string token;
  int64_t expires_at_ms = 0;
  std::shared_ptr<const Principal> principal;
};

struct UserView {
  int64_t id = 0;
  std::string username, display_name;
  int64_t unit_id = 0;
  std::string unit_name;
  std::vector<std::string> roles;
  bool active = true;
  bool must_change_password = false;
  int64_t created_at_ms = 0;
};

struct NewUser {
  std::string username, display_name, password;
  int64_t unit_id = 0;
  std::vector<std::string> roles;
  bool must_change_password = false;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<int64_t> unit_id;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> active;
};

class AuthService {
 public:
  AuthService(store::Database& db, const Clock& clock, AuthOptions options = {});

  // Throws RateLimited when the address is throttled or the account is locked (a name that does not
  // exist locks the same way, so the answers never tell which names exist), kUnauthenticated on a
  // wrong name or password.
  LoginResult Login(const std::string& username, const std::string& password, const std::string& ip,
                    const std::string& user_agent);
  // The principal for a session token, or null when unknown, expired, revoked
  // or the user is disabled.
  std::shared_ptr<const Principal> Authenticate(const std::string& token);
  void Logout(const Principal& p, const Actor& actor);
  // Ends every session of the caller's own account, this one included ("sign out everywhere");
  // returns how many sessions ended. Other servers drop them within session_cache_ms.
  int64_t LogoutEverywhere(const Principal& p, const Actor& actor);
  void ChangePassword(const Principal& p, const std::string& old_password, const std::string& new_password,
                      const Actor& actor);

  // Administration, within the caller's unit subtree.
  std::vector<UserView> ListUsers(const Principal& p, const std::optional<std::string>& q, int64_t after_id, int limit);
  UserView GetUser(const Principal& p, int64_t id);
  UserView CreateUser(const Principal& p, const NewUser& u, const Actor& actor);
  UserView UpdateUser(const Principal& p, int64_t id, const UserPatch& patch, const Actor& actor);
  void RevokeSessions(const Principal& p, int64_t user_id, const Actor& actor);
  void SetPassword(const Principal& p, int64_t user_id, const std::string& password, const Actor& actor);

  // For the CLI and the demo loader (no principal; audited as the system).
  int64_t CreateUserUnchecked(store::Connection& c, const NewUser& u, const Actor& actor);
  std::optional<int64_t> FindUserId(store::Connection& c, const std::string& username);

  const AuthOptions& options() const { return options_; }

 private:
  std::shared_ptr<Principal> LoadPrincipal(store::Connection& c, int64_t user_id);
  void CheckIpThrottle(const std::string& ip);
  // Forgets cached sessions (all of them: the operations that need it are rare).
  void ForgetSessions();
  void ValidateNewUser(store::Connection& c, const NewUser& u, FieldErrors& errors);
  std::string UnitPathOf(store::Connection& c, int64_t unit_id);

  store::Database& db_;
  const Clock& clock_;
  AuthOptions options_;
  struct CachedSession {
    std::shared_ptr<const Principal> principal;
    int64_t session_expires_ms;
    int64_t cached_until_ms;
  };
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> session_cache_;  // by token hash
  std::mutex throttle_mu_;
  std::unordered_map<std::string, std::deque<int64_t>> attempts_by_ip_;
  // Failed attempts on names that do not exist, counted like an account's (under throttle_mu_).
  struct UnknownName {
    int failed = 0;
    int64_t locked_until_ms = 0;
  };
  std::unordered_map<std::string, UnknownName> unknown_names_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // a hash of the configured cost, checked for names that do not exist
};

// BLAKE2b-256 of a session token, hex.
std::string HashToken(const std::string& token);

}  // namespace fk::auth
