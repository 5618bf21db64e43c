#include "command/firms/demo.h"

#include <random>

#include "command/firms/store.h"
#include "core/masking.h"
#include "core/validation.h"

namespace fk::command::firms {
namespace {

struct DemoFirm {
  const char* name;
  const char* code17;  // the credit code without its check character
  const char* unit;
  const char* address;
  const char* industry;
  int staff, outside;
  std::vector<std::string> measures;
  const char* contact;
  const char* phone;
  const char* status;  // approved, returned, submitted, draft
  std::vector<std::string> reasons;
  int day;  // February 2020: entered that day, reviewed the next
};

struct DemoStaff {
  const char* name;
  const char* region;  // the first six digits of the identity number
  int year;
  const char* plate;   // "" none
  const char* origin;
};

const std::vector<DemoFirm>& Firms() {
  const std::vector<std::string> all = {"masks", "temperature_checks", "disinfection", "canteen_spacing"};
  static const std::vector<DemoFirm> kFirms = {
      {"新郑市裕华食品有限公司", "91410184MA44YH1T0", "薛店镇", "新郑市薛店镇食品工业园区裕华路6号", "食品制造", 126, 38,
       all, "王建国", "13837112068", "approved", {}, 8},
      {"新郑市龙湖恒达机械制造有限公司", "91410184MA3X7QK20", "龙湖镇", "新郑市龙湖镇107国道东侧工业园", "通用设备制造",
       85, 22, all, "李红梅", "0371-62691388", "approved", {}, 9},
      {"新郑市新烟纸制品包装有限公司", "91410184317451280", "烟厂社区", "新郑市新烟街道烟厂路18号", "包装印刷", 64,
       9, all, "赵志强", "13598065127", "approved", {}, 10},
      {"新郑市豫中通达物流有限公司", "92410184MA40L2N3H", "孟庄镇", "新郑市孟庄镇机场高速出口西300米", "道路货运", 48,
       17, {"masks", "temperature_checks", "disinfection"}, "孙立新", "15937188205", "approved", {}, 10},
      {"新郑市鑫源建材有限公司", "91410184MA45R8D7X", "辛店镇", "新郑市辛店镇人和寨村南", "建材", 57, 26,
       {"masks", "temperature_checks"}, "周海涛", "13783595761", "returned",
       {"口罩储备不足，仅够3天使用", "未落实食堂错峰就餐和间隔就座"}, 11},
      {"新郑市华康医疗器械有限公司", "91410184075436182", "郭店镇", "新郑市郭店镇华南城东区7号", "医疗器械", 36, 5,
       all, "吴静", "18638176630", "submitted", {}, 12},
      {"新郑市绿源蔬菜种植专业合作社", "93410184MA9F0C1U1", "观音寺镇", "新郑市观音寺镇郝家村东", "蔬菜种植", 18, 0,
       {"masks", "temperature_checks", "disinfection"}, "郝振华", "13903718842", "submitted", {}, 12},
      {"新郑市鑫悦商贸有限公司", "91410184MA47T3K0W", "文化路社区", "新郑市新建路街道文化路中段", "批发零售", 12, 3,
       {"masks"}, "陈晓燕", "15838210947", "draft", {}, 13},
  };
  return kFirms;
}

// Returning staff of the approved firms, in the order of Firms().
const std::vector<std::vector<DemoStaff>>& StaffLists() {
  static const std::vector<std::vector<DemoStaff>> kStaff = {
      {{"张伟", "411502", 1988, "豫S3K728", "信阳市浉河区"},
       {"刘芳", "411602", 1992, "", "周口市川汇区"},
       {"陈磊", "411702", 1985, "豫Q58B26", "驻马店市驿城区"},
       {"杨丽", "410184", 1990, "", "新郑市和庄镇"},
       {"黄浩", "411502", 1995, "豫S7H016", "信阳市浉河区"}},
      {{"王刚", "410105", 1983, "豫A6N2Q9", "郑州市金水区"},
       {"赵敏", "411302", 1991, "", "南阳市宛城区"},
       {"孙强", "410184", 1987, "豫A2W58L", "新郑市龙湖镇"}},
      {{"周涛", "410184", 1986, "", "新郑市新烟街道"},
       {"吴婷", "410104", 1993, "豫A9D3C7", "郑州市管城区"}},
      {{"郑军", "411402", 1984, "豫N5E871", "商丘市梁园区"},
       {"马超", "410184", 1990, "豫AD36918", "新郑市孟庄镇"},
       {"何静", "410411", 1994, "", "平顶山市湛河区"}},
  };
  return kStaff;
}

// 2020-02-<day> at hh:mm local (UTC+8) in milliseconds since the epoch.
int64_t At(int day, int hour, int minute) {
  int64_t days = DaysFromCivil({2020, 2, day});
  return ((days * 24 + hour - 8) * 60 + minute) * 60000;
}

std::string IdNumberOf(std::mt19937& rng, const char* region, int year) {
  std::uniform_int_distribution<int> month(1, 12), day(1, 28), seq(0, 999);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%04d%02d%02d%03d", region, year, month(rng), day(rng), seq(rng));
  std::string first17(buf);
  return first17 + IdNumberCheckChar(first17);
}

}  // namespace

void LoadFirmsDemo(fk::store::Database& db, const FieldCipher& cipher, const std::map<std::string, int64_t>& unit_ids,
                   int64_t applicant, const std::string& applicant_name, int64_t reviewer,
                   const std::string& reviewer_name) {
  std::mt19937 rng(20200214);
  db.Write([&](fk::store::Connection& c) {
    size_t approved = 0;
    for (const auto& d : Firms()) {
      Firm f;
      f.name = d.name;
      f.credit_code = std::string(d.code17) + CreditCodeCheckChar(d.code17);
      f.unit_id = unit_ids.at(d.unit);
      f.address = d.address;
      f.industry = d.industry;
      f.staff_count = d.staff;
      f.staff_from_outside = d.outside;
      f.measures = d.measures;
      f.contact_name = d.contact;
      std::string phone = NormalizePhone(d.phone).value_or(d.phone);
      f.contact_phone = cipher.Encrypt(phone);
      f.contact_phone_masked = MaskPhone(phone);
      f.status = d.status;
      f.created_by = applicant;
      f.created_at = At(d.day, 9, 30);
      f.updated_at = f.created_at;
      std::string status = d.status;
      if (status != "draft") f.submitted_at = At(d.day, 10, 0);
      if (status == "approved" || status == "returned") {
        f.reviewed_at = At(d.day + 1, 15, 20);
        f.reviewed_by = reviewer;
        f.updated_at = *f.reviewed_at;
        f.return_reasons = d.reasons;
      }
      f.id = store::InsertFirm(c, f);
      if (f.submitted_at) store::InsertReview(c, f.id, {0, "submit", {}, applicant, applicant_name, *f.submitted_at});
      if (f.reviewed_at)
        store::InsertReview(c, f.id, {0, status == "approved" ? "approve" : "return", d.reasons, reviewer, reviewer_name,
                                      *f.reviewed_at});
      if (status != "approved" || approved >= StaffLists().size()) continue;
      for (const auto& s : StaffLists()[approved]) {
        Staff st;
        st.firm_id = f.id;
        st.name = s.name;
        std::string id = IdNumberOf(rng, s.region, s.year);
        st.id_index = cipher.BlindIndex("id", id);
        st.id_number_masked = MaskIdNumber(id);
        st.id_number = cipher.Encrypt(id);
        if (*s.plate) st.plate = ParsePlate(s.plate)->normalized;
        st.origin = s.origin;
        st.expected_day = "2020-02-" + std::to_string(d.day + 4);
        st.created_by = applicant;
        st.created_at = At(d.day, 11, 0);
        store::InsertStaff(c, st);
      }
      ++approved;
    }
  });
}

}  // namespace fk::command::firms
