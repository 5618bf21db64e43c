// The access matrix: every route × every built-in role × inside and outside
// the caller's unit subtree, against a second, human-written statement of who
// may do what (tests/api/access_matrix.json, documented in its "about" field
// and in docs/reliability.md).
//
// The route table of the running app and the matrix must list the same
// routes: a route without an entry (or an entry without a route) fails
// EveryRouteHasAnEntry, naming it with a line to paste and fill in.
//
// RouteRoleScope then sends, for every entry: one anonymous request (401
// unless public); for each built-in role, a user of that role in town A
// (新烟街道) asking for a resource of town A ("in") and, for unit-scoped
// routes, of town B (孟庄镇, "out"); and, for the roles that sit at the city
// level (admin, commander, donation, organisation, viewer), a user of that
// role at 新郑市 asking for the town-B resource (which proves it exists, so a
// 404 above is the scope and not a missing record). Expected:
//   role not listed          → 403
//   listed, outside          → the entry's "outside" status (default 404)
//   listed, inside           → 2xx ("inside": "2xx"), 2xx for the first
//                              allowed role and then anything but 401/403/404
//                              ("once": a write that can only succeed once),
//                              or anything but 401/403/404 ("reach": a valid
//                              body is impractical; few, listed in the docs).
// An entry with "lists": KIND (a list route) is also fetched without filters,
// every page: town-A users must not see town B's KIND, a city-level user must.
// Failures are collected and printed as one table.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "api/api_fixture.h"
#include "auth/roles.h"
#include "core/ids.h"
#include "core/validation.h"
#include "http/router.h"

namespace fk::apitest {
namespace {

// Roles whose users sit at the city level in the demo: a user of each at 新郑市 reaches town B's resources.
const std::vector<std::string> kCityRoles = {"admin", "commander", "donation", "organisation", "viewer"};

const std::vector<std::string> kRoles = {"admin",    "commander",    "checkpoint", "community", "volunteer",
                                         "donation", "organisation", "department", "viewer"};

// Town A (the test's users) and town B (the outside resources), each with a community, an estate, a checkpoint and a
// gate.
struct Town {
  const char* town;
  const char* community;
  const char* estate;
  const char* checkpoint;
  const char* gate;
  const char* gate_community;
};
const Town kTowns[2] = {
    {"新烟街道", "永宁街社区", "铁路家属院", "车站社区疫情监测点", "永宁街社区卡点", "永宁街社区"},
    {"孟庄镇", "水榭华城社区", "水榭华城一期", "机场高速孟庄卡口", "水榭华城小区东门", "水榭华城社区"},
};

// Beside this file: __FILE__ is relative to the build folder (ccache's base dir), so resolve it from the executable's
// folder.
std::filesystem::path MatrixPath() {
  std::filesystem::path here = std::filesystem::path(__FILE__).parent_path() / "access_matrix.json";
  if (here.is_absolute()) return here;
  std::error_code ec;
  auto exe_dir = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  for (const auto& base : {exe_dir, std::filesystem::current_path()}) {
    auto p = (base / here).lexically_normal();
    if (std::filesystem::exists(p)) return p;
  }
  return std::filesystem::current_path() / "tests/api/access_matrix.json";
}

Json LoadMatrix() {
  std::ifstream in(MatrixPath());
  if (!in) throw std::runtime_error("cannot read " + MatrixPath().string());
  return Json::parse(in);
}

std::string Key(const std::string& method, const std::string& pattern) {
  return method + " " + pattern;
}

std::string AccessName(http::Access a) {
  switch (a) {
    case http::Access::kPublic:
      return "public";
    case http::Access::kAuthenticated:
      return "signed_in";
    default:
      return "permission";
  }
}

// The built-in roles that hold a permission: only a hint for whoever writes a new entry.
std::vector<std::string> RolesHolding(const std::string& permission) {
  std::vector<std::string> out;
  for (const auto& r : auth::BuiltinRoles())
    for (auto p : r.permissions)
      if (p == permission) out.emplace_back(r.name);
  return out;
}

const char* kScreeningRules =
    R"({"fever_threshold":37.3,"turn_back_origins":[{"code":"42","name":"湖北省"}],"exempt_purposes":["freight","medical"]})";

std::string CreditCodeOf(const std::string& first17) {
  return first17 + CreditCodeCheckChar(first17);
}
std::string NewCredit() {
  static int64_t n =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() %
          100000 * 1000 +
      500;
  static const std::string kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string tail;
  int64_t v = ++n;
  for (int i = 0; i < 9; ++i, v /= 31) tail.insert(tail.begin(), kChars[v % 31]);
  return CreditCodeOf("91410184" + tail);
}

struct Failure {
  std::string route, who, side, expected, got;
};

class AccessMatrixTest : public ApiTest {
 protected:
  ServerTweaks Tweaks() const override {
    ServerTweaks t;
    t.max_body_bytes = 1 << 20;
    return t;
  }

  // ---- resources of town A (side 0) and town B (side 1), made through the API as the administrator
  Json Res(const std::string& kind, int side) {
    auto key = kind + "#" + std::to_string(side);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    Json v = Make(kind, side);
    cache_[key] = v;
    return v;
  }

  std::string NextIdNumber() {
    int n = ++phone_;  // born 1–9 January 1990, sequence 100–998
    std::string first17 = "410184" + std::string("1990010") + std::to_string(1 + n % 9) + std::to_string(100 + n % 899);
    return first17 + IdNumberCheckChar(first17);
  }
  std::string NextPlate() { return "豫A" + std::to_string(10000 + (++phone_ % 89999)); }
  const Session& Commander() {
    if (!commander_) commander_ = std::make_unique<Session>(Login("commander"));
    return *commander_;
  }
  std::string NextPhone() { return "1360" + std::to_string(1000000 + (++phone_ % 8999999)); }

  Json Expect201(const HttpResponse& r, const std::string& what) {
    if (r.status != 201 && r.status != 200)
      throw std::runtime_error("making " + what + ": " + std::to_string(r.status) + " " + r.body.substr(0, 300));
    return r.Json();
  }

  Json Passage(int side, bool fever) {
    Json body = {{"client_key", NewUuidV7()},
                 {"point_id", Res("checkpoint", side)},
                 {"vehicle_kind", "car"},
                 {"plate", "豫A" + std::to_string(10000 + (++phone_ % 89999))},
                 {"direction", "in"},
                 {"occupants", Json::array({{{"temperature", fever ? 38.6 : 36.5}}})},
                 {"origin", Json{{"code", "410100"}, {"name", "河南省郑州市"}}},
                 {"destination", "新郑市区"},
                 {"purpose", "other"},
                 {"device_time", FormatRfc3339(clock().NowMs() - 60'000)}};
    return Expect201(Post("/api/v1/screening/passages", body, Admin()), "passage");
  }

  Json Period(int side) {
    Json body = {{"person_id", Make("person", side)}, {"reason", "close_contact"}, {"start_day", "2020-02-14"}};
    return Expect201(Post("/api/v1/residents/observation/periods", body, Admin()), "observation period");
  }

  Json Round(int side, bool fever, bool need) {
    Json body = {{"client_key", NewUuidV7()},
                 {"period_id", Make("period", side)},
                 {"temperature", fever ? 38.6 : 36.5},
                 {"symptoms", fever ? Json::array({"fever"}) : Json::array({"none"})}};
    if (need) body["needs"] = Json::array({{{"kind", "medicine"}, {"note", "降压药"}}});
    return Expect201(Post("/api/v1/residents/observation/rounds", body, Admin()), "observation round");
  }

  // A firm application of the side's town, entered by the commander; submitted or a draft.
  Json NewFirm(int side, const std::string& name, bool submit) {
    Json body = {{"name", Unique(name)},
                 {"credit_code", NewCredit()},
                 {"address", "新郑市"},
                 {"unit_id", Res("town", side)},
                 {"industry", "食品制造"},
                 {"staff_count", 10},
                 {"staff_from_outside", 1},
                 {"measures", Json::array({"masks"})},
                 {"contact_name", "王建国"},
                 {"contact_phone", NextPhone()},
                 {"submit", submit}};
    return Expect201(Post("/api/v1/command/firms", body, Commander()), submit ? "firm" : "draft firm")["id"];
  }

  Json FirstOf(const std::string& target, const std::string& what) {
    Json items = Get(target, Admin()).Json()["items"];
    if (items.empty()) throw std::runtime_error("no " + what + " at " + target);
    return items[0]["id"];
  }

  Json Make(const std::string& kind, int side) {
    const Town& t = kTowns[side];
    const Session& a = Admin();
    auto id = [](const Json& j) { return j["id"]; };
    if (kind == "town") return UnitId(t.town);
    if (kind == "community") return UnitId(t.community);
    if (kind == "estate") return UnitId(t.estate);
    if (kind == "gate_community") return UnitId(t.gate_community);
    if (kind == "checkpoint") return FindPoint(t.checkpoint)["id"];
    if (kind == "gate") return FindPoint(t.gate)["id"];
    if (kind == "unit")
      return id(Expect201(Post("/api/v1/org/units",
                               {{"code", Unique("AM")},
                                {"name", Unique("矩阵小区")},
                                {"level", "estate"},
                                {"parent_id", Res("community", side)}},
                               a),
                          "unit"));
    if (kind == "point")
      return id(
          Expect201(Post("/api/v1/org/points",
                         {{"name", Unique("矩阵卡口")}, {"kind", "checkpoint"}, {"unit_id", Res("town", side)}}, a),
                    "point"));
    if (kind == "staff")
      return id(Expect201(
          Post("/api/v1/org/staff", {{"name", "矩阵人员"}, {"phone", NextPhone()}, {"unit_id", Res("town", side)}}, a),
          "staff"));
    if (kind == "user") return CreateUser(Unique("mx"), "viewer", Res("town", side).get<int64_t>());
    if (kind == "household")
      return id(Expect201(Post("/api/v1/residents/households",
                               {{"unit_id", Res("community", side)},
                                {"building", "9号楼"},
                                {"entrance", "1单元"},
                                {"room", Unique("R")},
                                {"kind", "rented"},
                                {"phone", NextPhone()}},
                               a),
                          "household"));
    if (kind == "person")
      return id(
          Expect201(Post("/api/v1/residents/persons",
                         {{"household_id", Make("household", side)}, {"name", "矩阵居民"}, {"relation", "head"}}, a),
                    "person"));
    if (kind == "pass_json") {  // a pass of a new household with one member (its id in "_person")
      Json household = Make("household", side);
      Json person = id(Expect201(Post("/api/v1/residents/persons",
                                      {{"household_id", household}, {"name", "矩阵居民"}, {"relation", "head"}}, a),
                                 "person"));
      Json pass =
          Expect201(Post("/api/v1/residents/passes:issue", {{"household_ids", {household}}}, a), "pass")["items"][0];
      pass["_person"] = person;
      return pass;
    }
    if (kind == "pass") return Make("pass_json", side)["id"];
    if (kind == "pass_token") return Res("pass_json", side)["qr_text"];
    if (kind == "pass_person") return Res("pass_json", side)["_person"];
    if (kind == "gate_event")
      return id(Expect201(Post("/api/v1/residents/gate-events",
                               {{"client_key", NewUuidV7()},
                                {"point_id", Res("gate", side)},
                                {"direction", "out"},
                                {"temperature", 36.5},
                                {"token", Res("pass_token", side)},
                                {"person_id", Res("pass_person", side)}},
                               a),
                          "gate event"));
    if (kind == "passage") return id(Passage(side, false));
    if (kind == "handover") return Passage(side, true)["handover_ids"][0];
    if (kind == "period") return id(Period(side));
    if (kind == "self_report_token") return Period(side)["self_report_token"];
    if (kind == "alert") {
      Round(side, true, false);
      return FirstOf("/api/v1/residents/observation/alerts?unit_id=" + Res("community", side).dump(), "alert");
    }
    if (kind == "need") {
      Round(side, false, true);
      return FirstOf("/api/v1/residents/observation/needs?unit_id=" + Res("community", side).dump(), "need");
    }
    if (kind == "template")
      return id(Expect201(Post("/api/v1/residents/estate-tasks/templates",
                               {{"unit_id", Res("town", side)}, {"name", Unique("矩阵任务")}}, a),
                          "task template"));
    if (kind == "task") return Res("template", side);
    if (kind == "report")
      return id(Expect201(
          Post("/api/v1/command/reports",
               {{"unit_id", Res("town", side)}, {"day", "2020-02-13"}, {"request_key", NewUuidV7()}}, Commander()),
          "report"));
    if (kind == "meeting")
      return id(Expect201(Post("/api/v1/command/meetings",
                               {{"unit_id", Res("town", side)},
                                {"held_on", "2020-02-14"},
                                {"chair", "镇长"},
                                {"attendees", {"副镇长"}},
                                {"minutes", "部署。"}},
                               a),
                          "meeting"));
    if (kind == "directive")
      return id(Expect201(Post("/api/v1/command/directives",
                               {{"meeting_id", Res("meeting", side)},
                                {"responsible_unit_id", Res("community", side)},
                                {"text", Unique("矩阵督办")},
                                {"deadline", FormatRfc3339(clock().NowMs() + 86'400'000)}},
                               a),
                          "directive"));
    if (kind == "firm")
      return NewFirm(side, "矩阵企业有限公司", true);
    if (kind == "town_code") return Get("/api/v1/org/units/" + Res("town", side).dump(), a).Json()["code"];
    if (kind == "receiver_json")
      return Expect201(Post("/api/v1/screening/receivers",
                            {{"name", Unique("矩阵卫生院")}, {"kind", "clinic"}, {"unit_id", Res("town", side)}}, a),
                       "receiver");
    if (kind == "receiver_id") return Res("receiver_json", side)["id"];
    if (kind == "receipt_code") return Res("receiver_json", side)["receipt_code"];
    if (kind == "marked_template") {
      Json t = Make("template", side);
      Expect201(Post("/api/v1/residents/estate-tasks:mark",
                     {{"client_key", NewUuidV7()},
                      {"unit_id", Res("estate", side)},
                      {"template_id", t},
                      {"day", "2020-02-14"},
                      {"status", "done"}},
                     a),
                "task mark");
      return t;
    }
    if (kind == "started_directive" || kind == "reported_directive" || kind == "done_directive") {
      Json d = Make("directive", side);
      std::string base = "/api/v1/command/directives/" + d.dump();
      Expect201(Post(base + ":start", nullptr, a), "directive start");
      if (kind == "started_directive") return d;
      Expect201(Post(base + ":report-done", {{"note", "完成"}}, a), "directive report-done");
      if (kind == "reported_directive") return d;
      Expect201(Post(base + ":close", {{"note", "办结"}}, a), "directive close");
      return d;
    }
    if (kind == "directive_alert") {  // overdue: the clock jumps past the deadline for the sweep and comes back
      Json d = id(Expect201(Post("/api/v1/command/directives",
                                 {{"meeting_id", Res("meeting", side)},
                                  {"responsible_unit_id", Res("community", side)},
                                  {"text", Unique("矩阵逾期")},
                                  {"deadline", FormatRfc3339(clock().NowMs() + 60'000)}},
                                 a),
                            "directive"));
      int64_t now = clock().NowMs();
      clock().Set(now + 120'000);
      HttpResponse swept = Post("/api/v1/command/directives:sweep", nullptr, a);
      clock().Set(now);
      Expect201(swept, "directive sweep");
      return FirstOf("/api/v1/command/directive-alerts?audience=responsible&directive_id=" + d.dump(),
                     "directive alert");
    }
    if (kind == "actor") {  // a community user of the town who has written something (audited)
      std::string name = Unique("ma_");
      CreateUser(name, "community", Res("town", side).get<int64_t>());
      Session s = Login(name);
      Expect201(
          Post("/api/v1/org/staff", {{"name", "矩阵审计"}, {"phone", NextPhone()}, {"unit_id", Res("town", side)}}, s),
          "staff");
      return s.user_id;
    }
    if (kind == "draft_firm")
      return NewFirm(side, "矩阵草稿有限公司", false);
    if (kind == "inactive_household" || kind == "inactive_person") {
      std::string what = kind == "inactive_household" ? "households" : "persons";
      Json v = Make(kind.substr(9), side);
      Expect201(Post("/api/v1/residents/" + what + "/" + v.dump() + ":deactivate", nullptr, a), kind);
      return v;
    }
    if (kind == "firm_staff") {
      Json firm = Make("firm", side);
      Expect201(Post("/api/v1/command/firms/" + firm.dump() + "/staff:import",
                     {{"rows", {{{"row", 2}, {"name", "矩阵返岗"}, {"id_number", NextIdNumber()}}}},
                      {"dry_run", false},
                      {"import_key", NewUuidV7()}},
                     a),
                "firm staff");
      firm_of_staff_[side] = firm;
      return FirstOf("/api/v1/command/firms/" + firm.dump() + "/staff", "firm staff");
    }
    throw std::runtime_error("the matrix names an unknown resource kind: " + kind);
  }

  // Replaces "$kind" (a whole string: the resource, as JSON) and "$unique", "$uuid", "$phone", "$credit" in a body.
  Json Fill(const Json& v, int side, std::map<std::string, Json>& fresh) {
    if (v.is_object()) {
      Json out = Json::object();
      for (auto& [k, x] : v.items()) out[k] = Fill(x, side, fresh);
      return out;
    }
    if (v.is_array()) {
      Json out = Json::array();
      for (const auto& x : v) out.push_back(Fill(x, side, fresh));
      return out;
    }
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      if (s.size() > 1 && s[0] == '$') return Value(s.substr(1), side, fresh);
    }
    return v;
  }
  Json Value(const std::string& name, int side, std::map<std::string, Json>& fresh) {
    if (name == "unique") return Unique("矩阵");
    if (name == "uname") return Unique("mu");
    if (name == "ucode") return Unique("AM");
    if (name == "uuid") return NewUuidV7();
    if (name == "phone") return NextPhone();
    if (name == "credit") return NewCredit();
    if (name == "plate") return NextPlate();
    if (name == "idno") return NextIdNumber();
    if (name == "firm_of_staff") {  // the firm of this request's fresh firm_staff
      Value("fresh.firm_staff", side, fresh);
      return firm_of_staff_[side];
    }
    if (name.rfind("fresh.", 0) == 0) {
      std::string kind = name.substr(6);
      auto it = fresh.find(kind);
      if (it == fresh.end()) it = fresh.emplace(kind, Make(kind, side)).first;
      return it->second;
    }
    return Res(name, side);
  }
  std::string Text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

  // The target of an entry for one side: {param} from "path", "$kind" in "query".
  std::string Target(const Json& e, const std::string& pattern, int side, std::map<std::string, Json>& fresh) {
    std::string out = pattern;
    const Json params = e.value("path", Json::object());
    for (auto& [param, kind] : params.items()) {
      std::string k = kind.get<std::string>();
      std::string value = Text(k[0] == '=' ? Json(k.substr(1)) : Value(k, side, fresh));
      auto pos = out.find("{" + param + "}");
      if (pos == std::string::npos) throw std::runtime_error("no {" + param + "} in " + pattern);
      out.replace(pos, param.size() + 2, value);
    }
    if (e.contains("query")) {
      std::string q = e["query"].get<std::string>(), filled;
      for (size_t i = 0; i < q.size();) {
        if (q[i] == '$') {
          size_t j = i + 1;
          while (j < q.size() && (std::isalnum(static_cast<unsigned char>(q[j])) || q[j] == '_' || q[j] == '.')) ++j;
          filled += Text(Value(q.substr(i + 1, j - i - 1), side, fresh));
          i = j;
        } else {
          filled += q[i++];
        }
      }
      out += "?" + filled;
    }
    return out;
  }

  std::map<std::string, Json> cache_;
  Json firm_of_staff_[2];
  std::unique_ptr<Session> commander_;
  int phone_ = 0;
};

TEST_P(AccessMatrixTest, EveryRouteHasAnEntry) {
  Json matrix = LoadMatrix();
  std::set<std::string> entries;
  std::vector<std::string> duplicates;
  for (const auto& e : matrix["routes"])
    if (!entries.insert(e["route"].get<std::string>()).second) duplicates.push_back(e["route"]);
  std::set<std::string> routes;
  std::ostringstream missing;
  for (const auto& r : server().app().router().routes()) {
    std::string key = Key(r.method, r.pattern);
    routes.insert(key);
    if (entries.count(key)) continue;
    Json hint = {{"route", key},
                 {"roles", r.access == http::Access::kPermission ? Json(RolesHolding(r.permission))
                                                                 : Json(AccessName(r.access))}};
    missing << "  " << hint.dump() << "   (registered as " << AccessName(r.access) << " " << r.permission
            << "; review the roles, then add \"scope\", \"path\", \"query\", \"body\", \"inside\" as the \"about\" of "
               "the file says)\n";
  }
  std::ostringstream stale;
  for (const auto& k : entries)
    if (!routes.count(k)) stale << "  " << k << "\n";
  EXPECT_TRUE(missing.str().empty()) << "routes without an entry in " << MatrixPath().string()
                                     << " — add one line each:\n"
                                     << missing.str();
  EXPECT_TRUE(stale.str().empty()) << "entries of " << MatrixPath().string()
                                   << " without a route (removed or renamed?):\n"
                                   << stale.str();
  EXPECT_TRUE(duplicates.empty()) << "duplicate entries: " << Json(duplicates).dump();
}

TEST_P(AccessMatrixTest, RouteRoleScope) {
  Json matrix = LoadMatrix();
  const int64_t town_a = UnitId(kTowns[0].town);
  std::map<std::string, Session> sessions;
  for (const auto& role : kRoles) {
    std::string name = Unique("m_" + role);
    CreateUser(name, role, town_a);
    sessions[role] = Login(name);
  }
  std::map<std::string, Session> city_sessions;
  for (const auto& role : kCityRoles) {
    std::string name = Unique("mc_" + role);
    CreateUser(name, role, UnitId("新郑市"));
    city_sessions[role] = Login(name);
  }
  // Passages need checkpoint rules.
  if (Get("/api/v1/screening/rules", Admin()).Json()["version"] == 0) {
    ASSERT_EQ(
        Post("/api/v1/screening/rules", {{"rules", Json::parse(kScreeningRules)}, {"note", "矩阵"}}, Admin()).status,
        201);
  }
  std::set<std::string> known(kRoles.begin(), kRoles.end());
  std::vector<Failure> failures;
  int requests = 0;

  for (const auto& e : matrix["routes"]) {
    const std::string route = e["route"].get<std::string>();
    const std::string method = route.substr(0, route.find(' '));
    const std::string pattern = route.substr(route.find(' ') + 1);
    if (e.value("skip", false)) continue;
    const Json& roles_spec = e["roles"];
    bool is_public = roles_spec == "public", any_user = roles_spec == "signed_in";
    std::set<std::string> allowed;
    if (roles_spec.is_array())
      for (const auto& r : roles_spec) {
        if (!known.count(r.get<std::string>())) ADD_FAILURE() << route << ": unknown role " << r;
        allowed.insert(r.get<std::string>());
      }
    if (is_public || any_user) allowed = known;
    const bool scoped = e.value("scope", std::string("none")) != "none";
    const std::string outside_want = e.contains("outside") ? Text(e["outside"]) : "404";
    const std::string inside = e.value("inside", std::string(method == "GET" ? "2xx" : "reach"));
    const bool fresh_user = e.value("fresh_user", false);
    bool succeeded_once = false;

    auto send = [&](const Session* s, const std::string& who, int side, std::map<std::string, Json>& fresh) {
      std::string target;
      std::string body;
      try {
        target = Target(e, pattern, side, fresh);
        if (e.contains("body")) body = Fill(e["body"], side, fresh).dump();
      } catch (const std::exception& ex) {
        failures.push_back(
            {route, who, side ? "out" : "in", "(request)", std::string("cannot build it: ") + ex.what()});
        return HttpResponse{};
      }
      ++requests;
      return Call(method, target, body, s);
    };
    auto check = [&](const std::string& who, const std::string& side, const HttpResponse& r, const std::string& want) {
      bool ok;
      if (want == "2xx")
        ok = r.status >= 200 && r.status < 300;
      else if (want == "reach")
        ok = r.status != 0 && r.status != 401 && r.status != 403 && r.status != 404 && r.status < 500;
      else if (want == "nonempty")
        ok = r.status == 200 && !r.Json().value("items", Json::array()).empty();
      else if (want == "empty")
        ok = r.status == 200 && r.Json().value("items", Json::array()).empty();
      else if (want == "xlsx_without_b" || want == "xlsx_with_b")  // an export: town B's checkpoint named or not
        ok = r.status == 200 &&
             (UnzipAll(r.body).find(kTowns[1].checkpoint) == std::string::npos) == (want == "xlsx_without_b");
      else if (want == "row_errors")
        ok = r.status == 200 && !r.Json().value("errors", Json::array()).empty();
      else if (want == "rejected")
        ok = r.status == 200 && !r.Json()["results"][0].value("errors", Json::array()).empty();
      else
        ok = std::to_string(r.status) == want;
      if (!ok) failures.push_back({route, who, side, want, std::to_string(r.status) + " " + r.body.substr(0, 160)});
      return ok;
    };

    // Anonymous: 401 unless public.
    {
      std::map<std::string, Json> fresh;
      HttpResponse r = send(nullptr, "anonymous", 0, fresh);
      if (r.status != 0) check("anonymous", "in", r, is_public ? (inside == "2xx" ? "2xx" : "reach") : "401");
    }
    if (is_public) continue;  // the same request with a session says nothing more
    for (const auto& role : kRoles) {
      Session fresh_session;
      const Session* s = &sessions[role];
      if (fresh_user && allowed.count(role)) {
        std::string name = Unique("mf_" + role);
        CreateUser(name, role, town_a);
        fresh_session = Login(name);
        s = &fresh_session;
      }
      std::string who = role;
      if (!allowed.count(role)) {
        std::map<std::string, Json> fresh;
        HttpResponse r = send(s, who, 0, fresh);
        if (r.status) check(who, "in", r, "403");
        continue;
      }
      if (scoped) {
        std::map<std::string, Json> fresh;
        HttpResponse r = send(s, who, 1, fresh);
        if (r.status) check(who, "out", r, outside_want);
      }
      std::map<std::string, Json> fresh;
      HttpResponse r = send(s, who, 0, fresh);
      if (!r.status) continue;
      std::string want = inside == "once" ? (succeeded_once ? "reach" : "2xx") : inside;
      if (check(who, "in", r, want) && want == "2xx") succeeded_once = true;
    }
    // A list without filters: a town-A user of every allowed role never sees town B's record, a city-level user does.
    if (e.contains("lists")) {
      std::map<std::string, Json> fresh;
      Json out_id;
      try {
        out_id = Value(e["lists"].get<std::string>(), 1, fresh);
      } catch (const std::exception& ex) {
        failures.push_back({route, "-", "list", "(request)", std::string("cannot build it: ") + ex.what()});
      }
      auto listed = [&](const Session& s) {
        ++requests;
        for (const auto& item : ListAll(pattern, s))
          if (item.value("id", Json()) == out_id) return true;
        return false;
      };
      if (!out_id.is_null()) {
        for (const auto& role : kRoles)
          if (allowed.count(role) && listed(sessions[role]))
            failures.push_back(
                {route, role, "list", "no town-B " + e["lists"].get<std::string>(), "listed " + out_id.dump()});
        // One city-level role is enough to show the record is there (their lists are the city's: the slow part).
        for (const auto& role : kCityRoles) {
          if (!allowed.count(role)) continue;
          if (!listed(city_sessions[role]))
            failures.push_back(
                {route, "city " + role, "list", "town-B " + e["lists"].get<std::string>() + " listed", "absent"});
          break;
        }
      }
    }
    // City-level users of the allowed city roles reach town B's resource: the 404 above is the scope, not a
    // missing record.
    if (scoped)
      for (const auto& role : kCityRoles) {
        if (!allowed.count(role)) continue;
        std::map<std::string, Json> fresh;
        HttpResponse r = send(&city_sessions[role], "city " + role, 1, fresh);
        std::string want = e.contains("city")                 ? e["city"].get<std::string>()
                           : outside_want == "xlsx_without_b" ? "xlsx_with_b"
                           : inside == "2xx"                  ? "2xx"
                                                              : "reach";
        if (r.status) check("city " + role, "out", r, want);
      }
  }

  std::ostringstream table;
  table << "\n" << failures.size() << " of " << requests << " requests did not answer as the matrix says:\n";
  table << "route | who | scope | expected | got\n";
  for (const auto& f : failures)
    table << f.route << " | " << f.who << " | " << f.side << " | " << f.expected << " | " << f.got << "\n";
  EXPECT_TRUE(failures.empty()) << table.str();
  std::cout << "[ matrix   ] " << matrix["routes"].size() << " entries, " << requests << " requests, "
            << failures.size() << " failures (" << GetParam() << ")\n";
}

// The gate sweep is a write without a unit in its request: it marks overdue only the exits of the caller's subtree.
TEST_P(AccessMatrixTest, GateSweepMarksOnlyTheCallersSubtree) {
  Json inside = Make("gate_event", 0), outside = Make("gate_event", 1);
  std::string name = Unique("msw_");
  CreateUser(name, "community", UnitId(kTowns[0].town));
  const int64_t start = clock().NowMs();
  clock().Advance(25LL * 3600 * 1000);  // past any exit's time out (at most 24 h)
  auto overdue_at = [&](const Json& id, const Session& s) {
    HttpResponse r = Get("/api/v1/residents/gate-events/" + id.dump(), s);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json()["overdue_at"];
  };
  Session town = Login(name), admin = Login("admin");
  HttpResponse r = Post("/api/v1/residents/gate/out:sweep", nullptr, town);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(overdue_at(inside, admin).is_null()) << "the town's own exit is marked";
  EXPECT_TRUE(overdue_at(outside, admin).is_null()) << "town B's exit is not the town-A user's to mark";
  r = Post("/api/v1/residents/gate/out:sweep", nullptr, admin);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(overdue_at(outside, admin).is_null()) << "the city's sweep marks it";
  clock().Set(start);
}

FK_INSTANTIATE_BACKENDS(AccessMatrixTest);

}  // namespace
}  // namespace fk::apitest
