#include "residents/demo.h"

#include <algorithm>
#include <random>

#include "core/validation.h"
#include "residents/store.h"

namespace fk::residents {
namespace {

const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                 "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
const char* const kGivenMale[] = {"建国", "志强", "文博", "浩然", "子轩", "明", "伟", "军", "磊", "洋", "勇", "涛"};
const char* const kGivenFemale[] = {"秀英", "桂兰", "海燕", "子涵", "雨萱", "梓萱", "丽", "芳", "静", "艳", "娜", "敏"};
const char* const kOrigins[][2] = {{"420100", "湖北省武汉市"}, {"421000", "湖北省荆州市"}, {"410100", "河南省郑州市"},
                                   {"110000", "北京市"},       {"440300", "广东省深圳市"}, {"330100", "浙江省杭州市"}};

std::string IdNumber(std::mt19937& rng, int year, bool male) {
  std::uniform_int_distribution<int> month(1, 12), day(1, 28), seq(0, 99);
  char buf[32];
  int s = seq(rng) * 10 + (male ? 1 : 0) + 2 * std::uniform_int_distribution<int>(0, 4)(rng);
  std::snprintf(buf, sizeof buf, "410184%04d%02d%02d%03d", year, month(rng), day(rng), s % 1000);
  std::string first17(buf);
  return first17 + IdNumberCheckChar(first17);
}

std::string Phone(std::mt19937& rng) {
  static const char* const kPrefix[] = {"138", "139", "150", "151", "186", "137"};
  std::uniform_int_distribution<int> p(0, 5), n(0, 99999999);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%08d", kPrefix[p(rng)], n(rng));
  return buf;
}

}  // namespace

std::vector<DemoHouseholdRef> LoadResidentsDemo(fk::store::Database& db, const FieldCipher& cipher,
                                                const std::vector<DemoUnit>& units, int64_t actor, int64_t filed_at,
                                                const std::string& day) {
  std::mt19937 rng(20200213);
  std::vector<DemoHouseholdRef> out;
  db.Write([&](fk::store::Connection& c) {
    for (const auto& u : units) {
      for (int i = 0; i < u.households; ++i) {
        Household h;
        h.unit_id = u.unit_id;
        h.building = std::to_string(1 + i / 12) + "号楼";
        h.entrance = std::to_string(1 + (i / 4) % 3) + "单元";
        h.room = std::to_string(101 + (i % 4) + 100 * ((i / 2) % 6));
        h.address = u.name + h.building + h.entrance + h.room;
        int k = std::uniform_int_distribution<int>(0, 19)(rng);
        h.kind = k < 14 ? "owner_occupied" : k < 18 ? "rented" : k < 19 ? "dormitory" : "shop";
        h.phone = Phone(rng);
        h.created_at = filed_at;
        DemoHouseholdRef ref;
        ref.unit_id = u.unit_id;
        ref.household_id = store::InsertHousehold(c, cipher, h, actor, day);
        int members = std::uniform_int_distribution<int>(1, 5)(rng);
        std::string surname = kSurnames[std::uniform_int_distribution<int>(0, 19)(rng)];
        int head_year = std::uniform_int_distribution<int>(1950, 1985)(rng);
        bool head_male = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
        for (int m = 0; m < members; ++m) {
          Person p;
          p.household_id = ref.household_id;
          p.unit_id = u.unit_id;
          // Member 0 the head, 1 the spouse, then children, and a parent of the head in larger households.
          bool parent = m == 4;
          int year = m == 0   ? head_year
                     : m == 1 ? head_year + std::uniform_int_distribution<int>(-4, 4)(rng)
                     : parent ? head_year - std::uniform_int_distribution<int>(22, 30)(rng)
                              : std::min(2018, head_year + std::uniform_int_distribution<int>(22, 34)(rng));
          bool male = m == 0 ? head_male : m == 1 ? !head_male : std::uniform_int_distribution<int>(0, 1)(rng) == 1;
          bool same_surname = m == 0 || (m >= 2 && !parent) || (parent && head_male);
          std::uniform_int_distribution<int> pick_surname(0, 19), pick_given(0, 11);
          std::string family = same_surname ? surname : std::string(kSurnames[pick_surname(rng)]);
          int given = pick_given(rng);
          p.name = family + (male ? kGivenMale[given] : kGivenFemale[given]);
          p.id_number = IdNumber(rng, year, male);
          if (auto info = ParseIdNumber(p.id_number)) {
            p.sex = info->sex == Sex::kMale ? "male" : "female";
            char b[16];
            std::snprintf(b, sizeof b, "%04d-%02d-%02d", info->birth.year, info->birth.month, info->birth.day);
            p.birth_date = b;
          }
          if (year < 2005) p.phone = Phone(rng);
          p.relation = m == 0 ? (h.kind == "rented" ? "tenant" : h.kind == "dormitory" ? "employee" : "head")
                       : m == 1 ? "spouse"
                       : parent ? "parent"
                                : "child";
          p.created_at = filed_at;
          int roll = std::uniform_int_distribution<int>(0, 99)(rng);
          if (m == 0 && roll < 6) {
            p.is_staff = true;
            p.staff_employer = roll < 3 ? "新郑市人民医院" : "社区卫生服务中心";
            p.staff_duty = roll < 3 ? "医护人员" : "社区防疫值守";
          } else if (roll >= 6 && roll < 10) {
            static const char* const kKinds[] = {"pregnancy", "dialysis", "chronic_illness", "elderly_alone"};
            static const char* const kNotes[] = {"孕晚期，定期产检", "每周二、五透析", "高血压，每月取药", "独居老人，子女在外地"};
            p.special_kind = kKinds[roll - 6];
            p.special_note = kNotes[roll - 6];
          } else if (roll >= 10 && roll < 14) {
            int o = std::uniform_int_distribution<int>(0, 5)(rng);
            p.returned = true;
            p.origin_code = kOrigins[o][0];
            p.origin_name = kOrigins[o][1];
            p.returned_on = "2020-01-" + std::to_string(20 + (roll - 10) * 2);
          }
          ref.persons.push_back(store::InsertPerson(c, cipher, p, actor, day));
        }
        out.push_back(std::move(ref));
      }
    }
  });
  return out;
}

}  // namespace fk::residents
