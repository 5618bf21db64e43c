#include "screening/demo.h"

#include <algorithm>
#include <numeric>
#include <random>

#include "core/ids.h"
#include "core/validation.h"
#include "screening/store.h"

namespace fk::screening {
namespace {

using fk::store::Connection;

struct Origin {
  const char* code;
  const char* name;
};

// Turned back: Hubei under every rule version.
const Origin kHubei[] = {{"420100", "湖北省武汉市"}, {"420200", "湖北省黄石市"}, {"420600", "湖北省襄阳市"},
                         {"420900", "湖北省孝感市"}, {"421000", "湖北省荆州市"}, {"421100", "湖北省黄冈市"}};
// Never turned back by any demo rule version.
const Origin kOrdinary[] = {{"410100", "河南省郑州市"}, {"410184", "河南省新郑市"}, {"411000", "河南省许昌市"},
                            {"410200", "河南省开封市"}, {"410300", "河南省洛阳市"}, {"410700", "河南省新乡市"},
                            {"411100", "河南省漯河市"}, {"110000", "北京市"},       {"370100", "山东省济南市"},
                            {"340100", "安徽省合肥市"}, {"610100", "陕西省西安市"}, {"130100", "河北省石家庄市"}};
const char* kDestinations[] = {"新郑市区", "龙湖镇", "新郑国际机场", "郑州航空港区", "孟庄镇", "薛店镇", "梨河镇", "郑州市区"};
const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};
const char* kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

struct Draft {
  int day = 0;
  int64_t point = 0;
  int people = 1;
  bool turned_back = false;
  bool fever = false;
};

int VersionFor(int day_index) { return day_index < 12 ? 1 : day_index < 21 ? 2 : 3; }  // 20 Jan, 1 Feb, 10 Feb

std::string RulesJson(int version) {
  std::string origins = R"([{"code":"42","name":"湖北省"})";
  if (version >= 2) origins += R"(,{"code":"4115","name":"河南省信阳市"},{"code":"3303","name":"浙江省温州市"})";
  origins += "]";
  std::string exempt = version >= 3 ? R"(["freight","medical","official","home","return_to_work"])"
                                    : R"(["freight","medical","official","home"])";
  return R"({"fever_threshold":37.3,"turn_back_origins":)" + origins + R"(,"exempt_purposes":)" + exempt + "}";
}

}  // namespace

std::vector<DemoReceiverCode> LoadScreeningDemo(ScreeningService& svc, fk::store::Database& db,
                                                const auth::Principal& admin, const std::vector<int64_t>& points,
                                                int64_t city_unit_id, const DemoTotals& totals) {
  if (points.empty()) throw Error(ErrorCode::kBadRequest, "the screening demo needs points");
  const int kDays = 25;  // 2020-01-20 .. 2020-02-13
  const int64_t first_day = DaysFromCivil({2020, 1, 20});
  const int tz = svc.tz_offset_minutes();
  auth::Actor system{0, "demo", "", ""};
  std::mt19937_64 rng(20200213);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  // Rule versions, dated as the command centre issued them.
  const char* notes[] = {"", "初版：湖北省来车劝返", "增加信阳、温州为劝返地区", "复工复产：返岗人员豁免"};
  db.Write([&](Connection& c) {
    for (int v = 1; v <= 3; ++v) {
      int start_day = v == 1 ? 0 : v == 2 ? 12 : 21;
      int64_t at = DayStartUtcMs(FormatDay(CivilFromDays(first_day + start_day)), tz);
      store::InsertRules(c, v, RulesToJson(ParseRules(RulesJson(v))), notes[v], admin.user_id, at);
    }
  });

  std::vector<DemoReceiverCode> codes = {{"新郑市人民医院发热门诊", "20200120"},
                                         {"新郑市120急救指挥中心", "20200121"},
                                         {"新郑市第二人民医院", "20200122"}};
  const char* kinds[] = {"clinic", "ambulance", "hospital"};
  std::vector<int64_t> receiver_ids;
  for (size_t i = 0; i < codes.size(); ++i)
    receiver_ids.push_back(svc.CreateReceiver(admin, system, codes[i].name, kinds[i], city_unit_id, codes[i].code).first.id);

  // Vehicles per day grow as people return after the Spring Festival (25 Jan).
  std::vector<double> day_weight(kDays);
  for (int d = 0; d < kDays; ++d) day_weight[d] = (d >= 4 && d <= 8 ? 0.55 : 0.8) + d * 0.05;
  std::vector<double> point_weight(points.size());
  for (size_t i = 0; i < points.size(); ++i) point_weight[i] = 1.0 + static_cast<double>((i * 7) % 5) * 0.35;
  std::discrete_distribution<int> pick_day(day_weight.begin(), day_weight.end());
  std::discrete_distribution<size_t> pick_point(point_weight.begin(), point_weight.end());

  std::vector<Draft> drafts(static_cast<size_t>(totals.vehicles));
  for (auto& d : drafts) {
    d.day = pick_day(rng);
    d.point = points[pick_point(rng)];
  }
  // The first `vehicles_turned_back` (after a shuffle) are turned back; the next `fever` carry a fever.
  std::shuffle(drafts.begin(), drafts.end(), rng);
  for (int64_t i = 0; i < totals.vehicles_turned_back; ++i) drafts[i].turned_back = true;
  for (int64_t i = 0; i < totals.fever; ++i) drafts[totals.vehicles_turned_back + i].fever = true;
  // People: one each, then the rest spread over each group, at most 5 in a car.
  auto spread = [&](size_t begin, size_t end, int64_t people) {
    int64_t extra = people - static_cast<int64_t>(end - begin);
    while (extra > 0) {
      Draft& d = drafts[begin + static_cast<size_t>(uniform(0, static_cast<int>(end - begin - 1)))];
      if (d.people < 5) {
        ++d.people;
        --extra;
      }
    }
  };
  size_t tb = static_cast<size_t>(totals.vehicles_turned_back);
  spread(0, tb, totals.people_turned_back);
  spread(tb, drafts.size(), totals.people - totals.people_turned_back);
  std::sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) { return a.day < b.day; });

  UuidV7Generator keys;
  std::vector<PassageInput> batch;
  auto flush = [&] {
    if (batch.empty()) return;
    for (const auto& r : svc.CreateBatch(admin, batch))
      if (r.status != "created") throw Error(ErrorCode::kInternal, "demo passage refused: " + r.client_key);
    batch.clear();
  };
  for (const Draft& d : drafts) {
    PassageInput in;
    int64_t day_start = DayStartUtcMs(FormatDay(CivilFromDays(first_day + d.day)), tz);
    int64_t at = day_start + (7LL * 3600 + uniform(0, 15 * 3600 - 1)) * 1000 + uniform(0, 999);
    in.device_time_ms = at;
    in.client_key = keys.Next(at);
    in.point_id = d.point;
    int kind = uniform(0, 99);
    in.vehicle_kind = kind < 75 ? "car" : kind < 90 ? "truck" : kind < 93 ? "bus" : kind < 97 ? "motorcycle" : "e_bike";
    in.direction = uniform(0, 2) == 0 ? "out" : "in";
    in.rule_version = VersionFor(d.day);
    std::string province = d.turned_back ? "鄂" : uniform(0, 9) < 8 ? "豫" : "冀";
    std::string plate = province + std::string(1, "ABCDEFGHJK"[uniform(0, 9)]);
    for (int i = 0; i < 5; ++i) plate.push_back(kLetters[uniform(0, 33)]);
    in.plate = plate;
    const Origin& o = d.turned_back ? kHubei[uniform(0, 5)] : kOrdinary[uniform(0, 11)];
    in.origin_code = o.code;
    in.origin_name = o.name;
    in.destination = kDestinations[uniform(0, 7)];
    if (d.turned_back) {
      in.purpose = uniform(0, 1) ? "transit" : "other";
    } else {
      int p = uniform(0, 99);
      in.purpose = p < 45 ? "return_to_work" : p < 70 ? "home" : p < 85 ? "freight" : p < 90 ? "official" : p < 93 ? "medical" : "transit";
    }
    for (int i = 0; i < d.people; ++i) {
      Occupant occ;
      occ.temperature = uniform(360, 372);
      if (i == 0) {
        occ.name = std::string(kSurnames[uniform(0, 15)]) + kGiven[uniform(0, 15)] + (uniform(0, 1) ? kGiven[uniform(0, 15)] : "");
        occ.phone = "1" + std::to_string(uniform(3, 9)) + std::to_string(uniform(100000000, 999999999));
      }
      in.occupants.push_back(std::move(occ));
    }
    if (d.fever) {
      Occupant& sick = in.occupants[static_cast<size_t>(uniform(0, d.people - 1))];
      sick.temperature = uniform(373, 395);
      if (sick.name.empty()) sick.name = std::string(kSurnames[uniform(0, 15)]) + kGiven[uniform(0, 15)];
      std::string first17 = "410184" + std::to_string(uniform(1950, 2005)) + "0" + std::to_string(uniform(1, 9)) +
                            std::to_string(uniform(10, 28)) + std::to_string(uniform(100, 999));
      sick.id_number = first17 + IdNumberCheckChar(first17);
      if (sick.phone.empty()) sick.phone = "139" + std::to_string(uniform(10000000, 99999999));
    }
    batch.push_back(std::move(in));
    if (batch.size() == kMaxBatch) flush();
  }
  flush();

  // Every fever case was received (by code at the clinic, the ambulance or the hospital) and followed up.
  db.Write([&](Connection& c) {
    HandoverFilter all;
    all.limit = 1000;
    int n = 0;
    for (const Handover& h : store::ListHandovers(c, admin.unit_path, all)) {
      int64_t receiver = receiver_ids[static_cast<size_t>(n % 3)];
      int64_t received = h.found_at + (15 + n % 30) * 60 * 1000;
      store::SetReceipt(c, h.id, receiver, "code", received, admin.user_id);
      Figures delta;
      delta.handovers_receipted = 1;
      store::AddFigures(c, h.point_id, h.day, h.unit_id, delta);
      store::SetOutcome(c, h.id, n % 9 == 4 ? "excluded" : "ordinary_illness",
                        n % 9 == 4 ? "核酸检测阴性，排除" : "普通感冒，已居家观察", received + 6 * 3600 * 1000,
                        admin.user_id);
      ++n;
    }
  });
  return codes;
}

}  // namespace fk::screening
