#include "command/directives/demo.h"

#include <vector>

#include "auth/audit.h"
#include "command/directives/service.h"
#include "command/directives/store.h"
#include "core/clock.h"

namespace fk::command::directives {
namespace {

constexpr int64_t kHour = 3'600'000;

// What became of a directive by 14 February.
enum class End { kDone, kReported, kProgress, kOpen };

struct DirectiveDef {
  int meeting;  // 1-based meeting number
  const char* unit;
  const char* text;
  int days;  // deadline: the meeting's day + days, at `hour` local
  int hour;
  End end;
  const char* progress;  // the responsible unit's update ("" none)
  const char* link;      // a link in that update ("" none)
};

const char* kSituation[17] = {
    "全市启动重大突发公共卫生事件一级响应第四天。通报各卡口、社区排查情况，研判返程高峰将至，部署交通防控和社区封闭管理"
    "。",
    "通报高速口、国道卡口排查车辆、人员和发热人员处置情况；研究返郑人员登记和居家观察工作。",
    "通报全市排查数据；研判农村地区管控薄弱，部署村组卡点和流动人员排查。",
    "通报各乡镇街道封闭管理进展；研究生活物资保障，部署超市线上接单、线下配送。",
    "通报疫情防控形势；研究医疗物资调配和发热门诊运行，部署市直部门干部下沉社区。",
    "通报返程人员排查情况；部署“一天一户一人一次”出入管理，研究小区门岗值守规范。",
    "通报各卡口劝返车辆、人员情况；研判周边县市疫情，部署G107新郑长葛交界监测站加强力量。",
    "通报居家观察人员管理情况；研究每日上门询问和体温报告，部署未报告预警处置。",
    "通报捐赠物资接收和分配情况；研究捐赠公示，部署物资向一线卡口和社区倾斜。",
    "通报全市排查数据和发热人员处置情况；研判企业复工需求，部署复工复产前期准备。",
    "通报企业复工申请情况；研究复工企业审核标准（员工人数、来源地、口罩消毒到位），部署工信、商务部门分类指导。",
    "通报重点区域防控情况；研判地铁站口、车站客流变化，部署重点区域增派力量。",
    "通报党员干部一线表现；研究实绩档案建立，部署发现和宣传先进典型。",
    "通报复工企业返岗员工排查情况；研究卡口对复工人员的通行办法，部署交通管控动态调整。",
    "通报生鲜配送流动车运行情况；研究农村群众生活保障，部署推广流动车模式。",
    "通报全市防控数据；研判疫情趋势总体平稳，部署复工复产和疫情防控两手抓。",
    "截至2月13日，累计排查车辆115814台、184735人（均测量体温），劝返车辆10899台、16966人，发现发热人员27名（均依规处置"
    "到位）。"
    "会议研判当前形势，安排下一步工作：审批指导企业复工复产，调整交通管控措施，向重点区域增派力量，发掘宣传先进典型。",
};

const std::vector<DirectiveDef>& Defs() {
  static const std::vector<DirectiveDef> kDefs = {
      {1, "交通运输局", "在京港澳高速新郑服务区、新郑南站、商登高速新郑西站设置卡口，24小时查验过往车辆、人员并测温。",
       1, 12, End::kDone, "三处高速卡口已于1月29日8时全部运行，每班6人。", ""},
      {1, "公安局", "配合交通运输局在107国道、郑新快速路设置卡口，做好劝返车辆的疏导。", 1, 18, End::kDone,
       "107国道郭店卡口、郑新快速路龙湖卡口已设立，警力到位。", ""},
      {2, "卫健委", "制定返郑人员居家观察工作指引，明确14天观察期和每日体温报告要求，下发各乡镇街道。", 2, 18,
       End::kDone, "指引已印发，附件为正式文件。", "https://www.xinzheng.gov.cn/"},
      {3, "薛店镇", "村组卡点全覆盖，每个村口安排党员值守，外来人员一律登记测温。", 2, 18, End::kDone,
       "全镇村口卡点已全部设立，党员值守名单已上墙公示。", ""},
      {4, "商务局", "组织全市主要超市开通线上接单、线下配送，公布订购电话和配送范围。", 2, 12, End::kDone,
       "12家超市已开通线上订购，名单已在政务公众号公布。", "https://www.xinzheng.gov.cn/"},
      {5, "卫健委", "统筹全市发热门诊和定点医院力量，建立发热人员转运和结果回告机制。", 3, 18, End::kDone,
       "转运专班已成立，每日18时回告处置结果。", ""},
      {6, "新烟街道", "车站、永宁街、解放路社区落实“一天一户一人一次”出入证管理。", 2, 18, End::kDone,
       "三社区出入证已全部发放。", ""},
      {7, "梨河镇", "G107新郑长葛交界疫情监测站增派力量，实行三班倒，确保24小时不断岗。", 1, 18, End::kDone,
       "增派镇村干部12人，已排班到位。", ""},
      {8, "卫健委", "督促各乡镇街道落实居家观察人员每日上门询问，对未报告体温的情况当日核实。", 3, 18, End::kReported,
       "已建立每日通报制度，各乡镇未报告情况当日清零。", ""},
      {9, "市委宣传部", "会同红十字会做好捐赠物资公示，每周在政务平台公布接收和分配明细。", 4, 18, End::kDone,
       "第一期捐赠公示已发布。", "https://www.xinzheng.gov.cn/"},
      {10, "工信局", "摸排全市规模以上工业企业复工需求，建立复工企业台账。", 3, 18, End::kDone,
       "已摸排规上企业186家，其中有复工需求的97家，台账已报指挥部。", ""},
      {11, "工信局",
       "审核指导第一批工业企业复工，逐企核查员工人数、员工来源地、口罩消毒物资储备，不符合条件的退回整改。", 4, 18,
       End::kProgress, "已审核23家，其中18家符合条件，5家退回补充消毒物资。", ""},
      {11, "商务局", "指导商贸流通企业、大型超市有序复工，落实测温、限流和消毒措施。", 3, 18, End::kReported,
       "全市大型超市已全部落实测温限流，商贸企业复工指引已下发。", ""},
      {12, "龙湖镇", "地铁城郊线双湖大道站口和郑新快速路卡口增派力量，早晚高峰各增加4人。", 1, 18, End::kDone,
       "已增派镇机关干部8人。", ""},
      {12, "新建路街道", "火车站周边和老旧小区增派巡查力量，无物业小区落实临时看守。", 3, 18, End::kOpen, "", ""},
      {13, "市委宣传部", "发掘一线党员干部先进典型，分指挥篇、堡垒篇、先锋篇、响应篇四个系列宣传。", 5, 18,
       End::kProgress, "已收集典型事迹31篇，先锋篇第一期已编发。", "https://www.xinzheng.gov.cn/"},
      {14, "交通运输局", "调整卡口通行办法：复工企业员工凭企业证明和健康承诺快速通行，货运车辆登记后放行。", 2, 18,
       End::kProgress, "通行办法初稿已征求公安局意见。", ""},
      {14, "公安局", "配合调整交通管控，城区主要路口取消硬隔离，保留测温点。", 2, 18, End::kDone, "已完成调整。", ""},
      {15, "城关乡", "推广沙窝李村生鲜配送流动车模式，每个行政村至少一条配送线路。", 3, 18, End::kOpen, "", ""},
      {15, "八千乡", "推广生鲜配送流动车模式，村组长每晚汇总订单。", 4, 18, End::kProgress, "已开通5条线路。", ""},
      {16, "工信局", "第二批工业企业复工审核，2月17日前完成。", 4, 18, End::kOpen, "", ""},
      {16, "卫健委", "为复工企业派驻防疫指导员，指导制定企业防控方案。", 5, 18, End::kOpen, "", ""},
      {17, "工信局", "审批指导企业复工复产，对已申报企业2日内出具审核意见，符合条件的即批即复。", 2, 18, End::kOpen, "",
       ""},
      {17, "交通运输局", "根据复工复产进度调整交通管控措施，2月15日前公布新的卡口通行办法。", 2, 12, End::kOpen, "",
       ""},
      {17, "孟庄镇", "向机场高速孟庄卡口和水榭华城社区等重点区域增派力量。", 1, 18, End::kProgress,
       "已增派镇村干部6人，水榭华城东门实行双岗。", ""},
      {17, "观音寺镇", "高速南站卡口增派力量，落实复工人员快速通行通道。", 2, 18, End::kOpen, "", ""},
      {17, "市委宣传部", "发掘宣传一线先进典型，2月20日前推出“响应篇”系列报道。", 7, 18, End::kOpen, "", ""},
  };
  return kDefs;
}

int64_t LocalTime(const std::string& day, int hour, int tz) {
  return DayStartUtcMs(day, tz) + hour * kHour;
}

std::string AddDays(const std::string& day, int n) {
  auto d = ParseDay(day);
  return FormatDay(CivilFromDays(DaysFromCivil(*d) + n));
}

}  // namespace

void LoadDirectivesDemo(DirectiveService& svc, fk::store::Database& db, const std::map<std::string, int64_t>& unit_ids,
                        int64_t user_id, int tz) {
  auth::Actor demo{0, "demo", "", ""};
  int64_t city = unit_ids.at("新郑市");
  db.Write([&](fk::store::Connection& c) {
    std::vector<int64_t> meeting_ids;
    for (int i = 0; i < 17; ++i) {
      Meeting m;
      m.unit_id = city;
      m.number = store::NextMeetingNumber(c, city);
      m.held_on = AddDays("2020-01-28", i);
      m.title = "新郑市疫情防控指挥部第" + std::to_string(m.number) + "次日调度会议";
      m.chair = "市长（指挥部指挥长）";
      m.attendees = {"市委副书记",     "常务副市长", "分管副市长", "卫健委主任",       "公安局局长",
                     "交通运输局局长", "工信局局长", "商务局局长", "市委宣传部副部长", "各乡镇（街道）党（工）委书记"};
      m.minutes = std::string("一、通报情况：") + kSituation[i] +
                  "\n二、会议要求：各责任单位按期限办结交办事项，每日报送进展，逾期未办结的由指挥部督办。";
      m.created_by = user_id;
      m.created_at = m.updated_at = LocalTime(m.held_on, 9, tz);
      int64_t id = store::InsertMeeting(c, m);
      meeting_ids.push_back(id);
      WriteAudit(c, demo, m.created_at, "create", "meeting", std::to_string(id), "", "{\"demo\":true}");
    }
    for (const auto& def : Defs()) {
      std::string held_on = AddDays("2020-01-28", def.meeting - 1);
      Directive d;
      d.meeting_id = meeting_ids.at(def.meeting - 1);
      d.assigning_unit_id = city;
      d.responsible_unit_id = unit_ids.at(def.unit);
      d.text = def.text;
      d.deadline_at = LocalTime(AddDays(held_on, def.days), def.hour, tz);
      d.created_by = user_id;
      d.created_at = d.updated_at = LocalTime(held_on, 11, tz);
      int64_t id = store::InsertDirective(c, d);
      WriteAudit(c, demo, d.created_at, "create", "directive", std::to_string(id), "", "{\"demo\":true}");
      auto update = [&](const std::string& kind, const std::string& text, const std::string& before,
                        const std::string& after, int64_t at, std::vector<Attachment> att) {
        Update u;
        u.directive_id = id;
        u.kind = kind;
        u.text = text;
        u.attachments = std::move(att);
        u.status_before = before;
        u.status_after = after;
        u.by_name = kind == "close" ? "指挥部值班员" : std::string(def.unit);
        u.by_unit_id = kind == "close" ? city : d.responsible_unit_id;
        u.at = at;
        store::InsertUpdate(c, u);
      };
      if (def.end == End::kOpen) continue;
      int64_t progress_at = d.created_at + 6 * kHour;
      std::vector<Attachment> att;
      if (*def.link) att.push_back({"相关文件 the document", def.link});
      update("progress", def.progress, "open", "in_progress", progress_at, att);
      store::SetStatus(c, id, "open", "in_progress", progress_at);
      if (def.end == End::kProgress) continue;
      int64_t reported_at = d.deadline_at - 3 * kHour;
      update("report_done", "已完成，请求办结。", "in_progress", "reported_done", reported_at, {});
      store::SetReported(c, id, "in_progress", reported_at);
      if (def.end == End::kReported) continue;
      int64_t closed_at = reported_at + 2 * kHour;
      update("close", "经核实已落实到位，同意办结。", "reported_done", "done", closed_at, {});
      store::SetClosed(c, id, "reported_done", closed_at, user_id, "经核实已落实到位，同意办结。");
    }
  });
  svc.Sweep(LocalTime("2020-02-14", 9, tz));
}

}  // namespace fk::command::directives
