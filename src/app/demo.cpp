#include "app/demo.h"

#include <map>
#include <tuple>

#include "auth/auth_service.h"
#include "auth/roles.h"
#include "command/report/demo.h"
#include "command/directives/demo.h"
#include "core/field_crypto.h"
#include "org/service.h"
#include "gate/demo.h"
#include "observation/demo.h"
#include "command/firms/demo.h"
#include "residents/demo.h"
#include "residents/tasks/demo.h"
#include "screening/demo.h"
#include "store/database.h"

namespace fk::app {
namespace {

struct TownDef {
  const char* code;
  const char* name;
  std::vector<const char*> communities;
};

// 新郑市: 3 streets, 8 towns, 3 townships. Codes follow the statistical division code pattern of 410184.
const std::vector<TownDef>& Towns() {
  static const std::vector<TownDef> kTowns = {
      {"410184001000", "新建路街道", {"文化路社区", "人民路社区", "金城社区", "北街社区"}},
      {"410184002000", "新华路街道", {"华夏社区", "轩辕路社区", "中华路社区", "西关社区"}},
      {"410184003000", "新烟街道", {"车站社区", "永宁街社区", "解放路社区", "烟厂社区"}},
      {"410184101000", "和庄镇", {"和庄村", "王庄村", "前店村"}},
      {"410184102000", "薛店镇", {"薛店村", "铁李村", "南街村"}},
      {"410184103000", "孟庄镇", {"孟庄村", "水榭华城社区", "曲梁村", "王许村"}},
      {"410184104000", "郭店镇", {"郭店村", "史庄村", "杨庄村"}},
      {"410184105000", "龙湖镇", {"泰山村", "山西乔村", "龙湖社区", "张庄村"}},
      {"410184106000", "辛店镇", {"辛店村", "人和寨村", "东赵村"}},
      {"410184107000", "观音寺镇", {"观音寺村", "郝家村", "老郭村"}},
      {"410184108000", "梨河镇", {"岗李村", "梨河村", "小乔村", "后胡村"}},
      {"410184201000", "城关乡", {"沙窝李村", "南曹村", "胡庄村", "东郭寺村"}},
      {"410184202000", "八千乡", {"八千村", "前河刘村", "寺后村"}},
      {"410184203000", "龙王乡", {"龙王村", "新村", "游庄村"}},
  };
  return kTowns;
}

struct PointDef {
  const char* unit;  // unit name (town or community)
  const char* name;
  const char* kind;
  const char* place;
  double lat, lng;
};

const std::vector<PointDef>& Points() {
  static const std::vector<PointDef> kPoints = {
      {"梨河镇", "G107新郑长葛交界疫情监测站", "station", "G107国道新郑与长葛交界处", 34.3020, 113.7420},
      {"薛店镇", "京港澳高速新郑服务区卡口", "checkpoint", "京港澳高速新郑服务区", 34.4310, 113.8120},
      {"观音寺镇", "京港澳高速新郑南站卡口", "checkpoint", "京港澳高速新郑南收费站", 34.3350, 113.8030},
      {"龙湖镇", "郑新快速路龙湖卡口", "checkpoint", "郑新快速路与双湖大道交叉口", 34.5620, 113.7560},
      {"孟庄镇", "机场高速孟庄卡口", "checkpoint", "机场高速孟庄出口", 34.4800, 113.8500},
      {"郭店镇", "107国道郭店卡口", "checkpoint", "107国道郭店段", 34.5330, 113.7410},
      {"辛店镇", "商登高速新郑西站卡口", "checkpoint", "商登高速新郑西收费站", 34.4010, 113.6330},
      {"八千乡", "八千乡S102卡口", "checkpoint", "S102省道八千段", 34.3900, 113.8800},
      {"龙湖镇", "地铁城郊线双湖大道站口", "station", "郑州地铁城郊线双湖大道站", 34.5700, 113.7500},
      {"龙湖镇", "龙湖派出所防疫卡点", "checkpoint", "龙湖派出所门前", 34.5550, 113.7450},
      {"车站社区", "车站社区疫情监测点", "station", "新郑火车站广场", 34.3950, 113.7400},
      {"新烟街道", "供销社承包监测点", "station", "新烟街道供销社门前", 34.3980, 113.7350},
      {"永宁街社区", "永宁街社区卡点", "community_gate", "永宁街北口", 34.3990, 113.7300},
      {"解放路社区", "解放路社区卡点", "community_gate", "解放路与人民路交叉口", 34.3960, 113.7280},
      {"水榭华城社区", "水榭华城小区东门", "community_gate", "水榭华城小区东门", 34.4750, 113.8450},
      {"岗李村", "岗李村检测点", "community_gate", "岗李村村口", 34.3100, 113.7500},
      {"泰山村", "泰山村卡点", "community_gate", "泰山村村委会前", 34.5600, 113.7700},
      {"沙窝李村", "沙窝李村卡点", "community_gate", "沙窝李村东口", 34.3800, 113.7100},
      {"文化路社区", "文化路社区南门", "community_gate", "文化路社区南门", 34.3940, 113.7390},
      {"华夏社区", "华夏社区东门", "community_gate", "华夏社区东门", 34.4010, 113.7420},
  };
  return kPoints;
}

struct StaffDef {
  const char* unit;
  const char* name;
  const char* phone;
  bool party;
  const char* category;
  const char* duty;
};

const std::vector<StaffDef>& StaffList() {
  static const std::vector<StaffDef> kStaff = {
      {"孟庄镇", "赵进锋", "13803710001", true, "section_level", "镇党委委员，分包村卡点"},
      {"岗李村", "祝晓磊", "13803710002", true, "village_secretary", "村支部书记"},
      {"车站社区", "邵根立", "13803710003", true, "village_secretary", "社区支部书记"},
      {"孟庄村", "马路德", "13803710004", true, "ordinary_cadre", "村卡点值守"},
      {"新郑市", "宋婉宁", "13803710005", true, "professional", "急诊科护士长"},
      {"泰山村", "乔宗旺", "13803710006", true, "village_secretary", "村支部书记、省人大代表"},
      {"山西乔村", "马彦峰", "13803710007", true, "village_secretary", "村支部书记、郑州市人大代表"},
      {"车站社区", "李建国", "13903710011", true, "outstanding_member", "车站党总支选派，监测点值班"},
      {"车站社区", "王红梅", "13903710012", true, "outstanding_member", "车站党总支选派，监测点值班"},
      {"解放路社区", "张伟", "13903710013", true, "ordinary_cadre", "烟草局选派，卡点执勤"},
      {"解放路社区", "刘洋", "13903710014", true, "ordinary_cadre", "烟草局选派，小区消毒"},
      {"永宁街社区", "陈静", "13903710015", true, "first_secretary", "第一书记"},
      {"永宁街社区", "杨帆", "15003710016", true, "ordinary_cadre", "在职党员双报到"},
      {"梨河镇", "黄磊", "15003710017", false, "volunteer", "G107监测站志愿者"},
      {"梨河镇", "周敏", "15003710018", true, "ordinary_cadre", "G107监测站值班"},
      {"薛店镇", "吴刚", "15003710019", true, "section_level", "服务区联防联控负责人"},
      {"薛店镇", "郑丽", "15003710020", false, "volunteer", "服务区体温检测"},
      {"龙湖镇", "孙强", "15103710021", true, "section_level", "快速路卡口负责人"},
      {"龙湖镇", "朱琳", "15103710022", false, "volunteer", "地铁站口体温检测"},
      {"观音寺镇", "胡军", "15103710023", true, "ordinary_cadre", "高速南站卡口"},
      {"郭店镇", "林涛", "15103710024", true, "ordinary_cadre", "107国道卡口"},
      {"辛店镇", "何敏", "15203710025", true, "ordinary_cadre", "高速西站卡口"},
      {"文化路社区", "高峰", "15203710026", true, "village_secretary", "社区书记"},
      {"华夏社区", "罗娟", "15203710027", true, "village_secretary", "社区书记"},
      {"沙窝李村", "梁勇", "15203710028", true, "village_secretary", "村支部书记，生鲜配送流动车"},
      {"沙窝李村", "宋佳", "15303710029", false, "volunteer", "生鲜配送志愿者"},
      {"沙窝李村", "唐亮", "15303710030", false, "volunteer", "生鲜配送志愿者"},
      {"八千乡", "韩雪", "15303710031", true, "ordinary_cadre", "乡卡口值班"},
      {"水榭华城社区", "冯晨", "15303710032", true, "ordinary_cadre", "居家观察上门询问"},
      {"新郑市", "薛冬", "15303710033", true, "professional", "市政协常委、青年学术技术带头人"},
  };
  return kStaff;
}

struct UserDef {
  const char* username;
  const char* display_name;
  const char* role;
  const char* unit;
};

const std::vector<UserDef>& Users() {
  static const std::vector<UserDef> kUsers = {
      {"admin", "系统管理员", "admin", "新郑市"},
      {"commander", "指挥部值班员", "commander", "新郑市"},
      {"checkpoint", "梨河镇卡口值守", "checkpoint", "梨河镇"},
      {"community", "新烟街道社区干部", "community", "新烟街道"},
      {"volunteer", "车站社区志愿者", "volunteer", "车站社区"},
      {"donation", "红十字会捐赠登记", "donation", "新郑市"},
      {"organisation", "市委组织部", "organisation", "新郑市"},
      {"viewer", "只读观察员", "viewer", "新郑市"},
      {"gxj", "工信局复工专班", "department", "工信局"},
  };
  return kUsers;
}

constexpr const char* kSelectUserCount = "SELECT COUNT(*) FROM users";
constexpr const char* kSetSetting =
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = ?";

}  // namespace

std::vector<DemoLogin> LoadDemo(App& app, const DemoOptions& options) {
  auto& db = app.db();
  if (db.Read([](store::Connection& c) { return c.QueryOne(kSelectUserCount)->Int(0); }) > 0)
    throw Error(ErrorCode::kConflict, "the database already has users: the demo loads only into a new database");
  auth::Actor system{0, "demo", "", ""};
  org::Unit city = app.org().CreateRootUnit(system, "410184000000", "新郑市");

  // The loader acts as an administrator of the whole city.
  auth::Principal root;
  root.unit_id = city.id;
  root.unit_path = city.path;
  root.roles = {"admin"};
  root.permissions = auth::PermissionsForRoles(root.roles);

  std::map<std::string, int64_t> unit_ids{{"新郑市", city.id}};
  int village = 0;
  for (const auto& t : Towns()) {
    org::UnitInput in;
    in.code = t.code;
    in.name = t.name;
    in.level = "town";
    in.parent_id = city.id;
    int64_t town_id = app.org().CreateUnit(root, system, in).id;
    unit_ids[t.name] = town_id;
    int n = 0;
    for (const char* name : t.communities) {
      org::UnitInput c;
      ++n;
      std::string code = std::string(t.code).substr(0, 9) + (n < 10 ? "00" : "0") + std::to_string(n);
      c.code = code;
      c.name = name;
      c.level = "community";
      c.parent_id = town_id;
      unit_ids[name] = app.org().CreateUnit(root, system, c).id;
      ++village;
    }
  }
  // Estates (小区) under a community, to show the fourth level.
  for (auto [parent, name, code] : {std::tuple{"水榭华城社区", "水榭华城一期", "SXHC-1"},
                                    std::tuple{"水榭华城社区", "水榭华城二期", "SXHC-2"},
                                    std::tuple{"车站社区", "铁路家属院", "CZ-TLJSY"}}) {
    org::UnitInput in;
    in.code = code;
    in.name = name;
    in.level = "estate";
    in.parent_id = unit_ids.at(parent);
    unit_ids[name] = app.org().CreateUnit(root, system, in).id;
  }
  // City departments (部门) that the dispatch meeting assigns directives to (docs/directives.md).
  for (auto [code, name] : {std::pair{"XZ-WJW", "卫健委"}, std::pair{"XZ-JTYSJ", "交通运输局"}, std::pair{"XZ-GXJ", "工信局"},
                            std::pair{"XZ-SWJ", "商务局"}, std::pair{"XZ-XCB", "市委宣传部"}, std::pair{"XZ-GAJ", "公安局"}}) {
    org::UnitInput in;
    in.code = code;
    in.name = name;
    in.level = "department";
    in.parent_id = city.id;
    unit_ids[name] = app.org().CreateUnit(root, system, in).id;
  }
  std::vector<int64_t> screening_points;
  for (const auto& p : Points()) {
    org::PointInput in;
    in.unit_id = unit_ids.at(p.unit);
    in.name = p.name;
    in.kind = p.kind;
    in.place = p.place;
    in.lat = p.lat;
    in.lng = p.lng;
    int64_t id = app.org().CreatePoint(root, system, in).id;
    if (std::string(p.kind) != "community_gate") screening_points.push_back(id);
  }
  for (const auto& s : StaffList()) {
    org::StaffInput in;
    in.unit_id = unit_ids.at(s.unit);
    in.name = s.name;
    in.phone = s.phone;
    in.party_member = s.party;
    in.cadre_category = s.category;
    in.duty = s.duty;
    app.org().CreateStaff(root, system, in);
  }
  std::vector<DemoLogin> logins;
  db.Write([&](store::Connection& c) {
    for (const auto& u : Users()) {
      auth::NewUser nu;
      nu.username = u.username;
      nu.display_name = u.display_name;
      nu.password = kDemoPassword;
      nu.unit_id = unit_ids.at(u.unit);
      nu.roles = {u.role};
      app.auth().CreateUserUnchecked(c, nu, system);
      logins.push_back({u.username, u.role, u.unit});
    }
    c.Exec(kSetSetting, {"demo_loaded", "1"});
  });
  root.user_id = db.Read([](store::Connection& c) {
    return c.QueryOne("SELECT id FROM users WHERE username = ?", {"admin"})->Int(0);
  });
  if (options.screening) {
    screening::DemoTotals totals;
    if (!options.screening_passages) totals = {0, 0, 0, 0, 0};
    screening::LoadScreeningDemo(app.screening(), db, root, screening_points, city.id, totals);
  }
  if (options.residents) {
    // Files made on 25 January 2020 (local day), before the gates closed.
    std::vector<residents::DemoUnit> units;
    for (const char* name : {"永宁街社区", "解放路社区", "车站社区", "铁路家属院", "水榭华城一期", "水榭华城二期",
                             "岗李村", "泰山村", "沙窝李村", "文化路社区", "华夏社区"})
      units.push_back({unit_ids.at(name), name, 40});
    auto households = residents::LoadResidentsDemo(db, app.cipher(), units, root.user_id, 1579917600000, "2020-01-25");
    // Passes for every household and gate events of 10–13 Feb 2020 at the community gates.
    gate::LoadGateDemo(app.gate(), db, root, households);
    // Estate daily tasks of 27 January – 12 February 2020 (marks recorded under the admin account as 物业值班员).
    residents::tasks::LoadEstateTasksDemo(app.estate_tasks(), db, city.path, root.user_id, "物业值班员", "2020-01-27",
                                          "2020-02-12", app.config().tz_offset_minutes);
    if (options.observation) observation::LoadObservationDemo(db, root.user_id);
  }
  // Re-opening firms of 8–13 Feb 2020: entered by the town cadre, reviewed by the command centre.
  {
    auto user = [&](const char* name) {
      return db.Read([&](store::Connection& c) { return c.QueryOne("SELECT id FROM users WHERE username = ?", {name})->Int(0); });
    };
    command::firms::LoadFirmsDemo(db, app.cipher(), unit_ids, user("community"), "新烟街道社区干部", user("commander"),
                                  "指挥部值班员");
  }
  // The daily report's default templates; with the checkpoint records, the city's approved reports of 11–12 Feb.
  if (options.screening && options.screening_passages) command::report::LoadReportDemo(app.reports(), db, root);
  command::directives::LoadDirectivesDemo(app.directives(), db, unit_ids, root.user_id, app.config().tz_offset_minutes);
  return logins;
}

std::vector<DemoLogin> DemoLogins(App& app) {
  bool loaded = app.db().Read([](store::Connection& c) { return c.QueryOne(kGetSetting, {"demo_loaded"}).has_value(); });
  std::vector<DemoLogin> out;
  if (!loaded) return out;
  for (const auto& u : Users()) out.push_back({u.username, u.role, u.unit});
  return out;
}

}  // namespace fk::app
