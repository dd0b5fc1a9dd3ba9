#include "calendar/holidays.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>

namespace kikan::calendar {
namespace {

using base::Date;
using base::Text;
using base::Weekday;

const Text kHolidayAct{.ja = "国民の祝日に関する法律（昭和23年法律第178号）第2条",
                       .en = "National Holidays Act (Act No. 178 of 1948), Art. 2"};
const Text kSubstituteBasis{.ja = "国民の祝日に関する法律第3条第2項",
                            .en = "National Holidays Act, Art. 3(2)"};
const Text kCitizensBasis{.ja = "国民の祝日に関する法律第3条第3項",
                          .en = "National Holidays Act, Art. 3(3)"};
const Text kOlympicBasis{
    .ja = "東京オリンピック競技大会・東京パラリンピック競技大会特別措置法（2020年・2021年の特例）",
    .en =
        "Act on Special Measures for the Tokyo Olympic and Paralympic Games (2020 and 2021 "
        "exceptions)"};

Date NthWeekday(int year, int month, int n, Weekday wd) {
  Date first = Date::Ymd(year, month, 1);
  int offset = (static_cast<int>(wd) - static_cast<int>(first.weekday()) + 7) % 7;
  return first.AddDays(offset + 7 * (n - 1));
}

// The approximation formula for the equinox day in March (spring) or September (autumn), as
// published with the 国立天文台 ephemeris: day = int(C + 0.242194 × (Y − 1980) − int((Y − B) / 4))
// with B = 1983 for 1900–1979 and 1980 afterwards. Integer division truncates toward zero, as in
// the published formula.
int EquinoxDay(int year, bool spring) {
  double c;
  int base_year;
  if (year <= 1979) {
    c = spring ? 20.8357 : 23.2588;
    base_year = 1983;
  } else if (year <= 2099) {
    c = spring ? 20.8431 : 23.2488;
    base_year = 1980;
  } else {
    c = spring ? 21.8510 : 24.2488;
    base_year = 1980;
  }
  return static_cast<int>(c + 0.242194 * (year - 1980) - (year - base_year) / 4);
}

struct Entry {
  Holiday holiday;
  bool counts_as_national;  // a 国民の祝日 for Art. 3(2) and 3(3)
};

void AddNational(std::vector<Entry>& out, Date date, Text name, const Text& basis = kHolidayAct) {
  out.push_back({Holiday{date, HolidayKind::kNational, std::move(name), basis}, true});
}

void AddSpecial(std::vector<Entry>& out, Date date, Text name, Text basis,
                bool counts_as_national) {
  out.push_back({Holiday{date, HolidayKind::kSpecial, std::move(name), std::move(basis)},
                 counts_as_national});
}

// The 国民の祝日 and one-off days of `year` (no 振替休日 or 国民の休日 yet).
std::vector<Entry> NationalHolidays(int y) {
  std::vector<Entry> out;
  const Date in_force = Date::Ymd(1948, 7, 20);

  // 1月
  AddNational(out, Date::Ymd(y, 1, 1), {.ja = "元日", .en = "New Year's Day"});
  if (y >= 2000) {
    AddNational(out, NthWeekday(y, 1, 2, Weekday::kMonday),
                {.ja = "成人の日", .en = "Coming of Age Day"});
  } else {
    AddNational(out, Date::Ymd(y, 1, 15), {.ja = "成人の日", .en = "Coming of Age Day"});
  }
  // 2月
  if (y >= 1967)
    AddNational(out, Date::Ymd(y, 2, 11), {.ja = "建国記念の日", .en = "National Foundation Day"});
  if (y >= 2020)
    AddNational(out, Date::Ymd(y, 2, 23), {.ja = "天皇誕生日", .en = "The Emperor's Birthday"});
  // 3月
  AddNational(out, Date::Ymd(y, 3, EquinoxDay(y, true)),
              {.ja = "春分の日", .en = "Vernal Equinox Day"});
  // 4月・5月
  if (y <= 1988) {
    AddNational(out, Date::Ymd(y, 4, 29), {.ja = "天皇誕生日", .en = "The Emperor's Birthday"});
  } else if (y <= 2006) {
    AddNational(out, Date::Ymd(y, 4, 29), {.ja = "みどりの日", .en = "Greenery Day"});
  } else {
    AddNational(out, Date::Ymd(y, 4, 29), {.ja = "昭和の日", .en = "Showa Day"});
  }
  AddNational(out, Date::Ymd(y, 5, 3), {.ja = "憲法記念日", .en = "Constitution Memorial Day"});
  if (y >= 2007) AddNational(out, Date::Ymd(y, 5, 4), {.ja = "みどりの日", .en = "Greenery Day"});
  AddNational(out, Date::Ymd(y, 5, 5), {.ja = "こどもの日", .en = "Children's Day"});
  // 7月: 海の日
  if (y == 2020) {
    AddNational(out, Date::Ymd(y, 7, 23), {.ja = "海の日", .en = "Marine Day"}, kOlympicBasis);
  } else if (y == 2021) {
    AddNational(out, Date::Ymd(y, 7, 22), {.ja = "海の日", .en = "Marine Day"}, kOlympicBasis);
  } else if (y >= 2003) {
    AddNational(out, NthWeekday(y, 7, 3, Weekday::kMonday), {.ja = "海の日", .en = "Marine Day"});
  } else if (y >= 1996) {
    AddNational(out, Date::Ymd(y, 7, 20), {.ja = "海の日", .en = "Marine Day"});
  }
  // 7月: スポーツの日 (2020, 2021)
  if (y == 2020) {
    AddNational(out, Date::Ymd(y, 7, 24), {.ja = "スポーツの日", .en = "Sports Day"},
                kOlympicBasis);
  } else if (y == 2021) {
    AddNational(out, Date::Ymd(y, 7, 23), {.ja = "スポーツの日", .en = "Sports Day"},
                kOlympicBasis);
  }
  // 8月: 山の日
  if (y == 2020) {
    AddNational(out, Date::Ymd(y, 8, 10), {.ja = "山の日", .en = "Mountain Day"}, kOlympicBasis);
  } else if (y == 2021) {
    AddNational(out, Date::Ymd(y, 8, 8), {.ja = "山の日", .en = "Mountain Day"}, kOlympicBasis);
  } else if (y >= 2016) {
    AddNational(out, Date::Ymd(y, 8, 11), {.ja = "山の日", .en = "Mountain Day"});
  }
  // 9月
  if (y >= 2003) {
    AddNational(out, NthWeekday(y, 9, 3, Weekday::kMonday),
                {.ja = "敬老の日", .en = "Respect for the Aged Day"});
  } else if (y >= 1966) {
    AddNational(out, Date::Ymd(y, 9, 15), {.ja = "敬老の日", .en = "Respect for the Aged Day"});
  }
  AddNational(out, Date::Ymd(y, 9, EquinoxDay(y, false)),
              {.ja = "秋分の日", .en = "Autumnal Equinox Day"});
  // 10月: 体育の日 / スポーツの日
  if (y >= 2022) {
    AddNational(out, NthWeekday(y, 10, 2, Weekday::kMonday),
                {.ja = "スポーツの日", .en = "Sports Day"});
  } else if (y >= 2000 && y <= 2019) {
    AddNational(out, NthWeekday(y, 10, 2, Weekday::kMonday),
                {.ja = "体育の日", .en = "Health and Sports Day"});
  } else if (y >= 1966 && y <= 1999) {
    AddNational(out, Date::Ymd(y, 10, 10), {.ja = "体育の日", .en = "Health and Sports Day"});
  }
  // 11月・12月
  AddNational(out, Date::Ymd(y, 11, 3), {.ja = "文化の日", .en = "Culture Day"});
  AddNational(out, Date::Ymd(y, 11, 23), {.ja = "勤労感謝の日", .en = "Labor Thanksgiving Day"});
  if (y >= 1989 && y <= 2018) {
    AddNational(out, Date::Ymd(y, 12, 23), {.ja = "天皇誕生日", .en = "The Emperor's Birthday"});
  }

  // One-off days, each set by its own act.
  switch (y) {
    case 1959:
      AddSpecial(
          out, Date::Ymd(1959, 4, 10),
          {.ja = "皇太子明仁親王の結婚の儀", .en = "The Wedding Ceremony of Crown Prince Akihito"},
          {.ja = "皇太子明仁親王の結婚の儀の行われる日を休日とする法律（昭和34年）",
           .en = "Act making the day of Crown Prince Akihito's wedding a holiday (1959)"},
          false);
      break;
    case 1989:
      AddSpecial(out, Date::Ymd(1989, 2, 24),
                 {.ja = "昭和天皇の大喪の礼", .en = "The Funeral Ceremony of Emperor Showa"},
                 {.ja = "昭和天皇の大喪の礼の行われる日を休日とする法律（平成元年）",
                  .en = "Act making the day of Emperor Showa's funeral a holiday (1989)"},
                 false);
      break;
    case 1990:
      AddSpecial(out, Date::Ymd(1990, 11, 12),
                 {.ja = "即位礼正殿の儀", .en = "The Enthronement Ceremony of Emperor Akihito"},
                 {.ja = "即位礼正殿の儀の行われる日を休日とする法律（平成2年）",
                  .en = "Act making the day of the Enthronement Ceremony a holiday (1990)"},
                 false);
      break;
    case 1993:
      AddSpecial(
          out, Date::Ymd(1993, 6, 9),
          {.ja = "皇太子徳仁親王の結婚の儀", .en = "The Wedding Ceremony of Crown Prince Naruhito"},
          {.ja = "皇太子徳仁親王の結婚の儀の行われる日を休日とする法律（平成5年）",
           .en = "Act making the day of Crown Prince Naruhito's wedding a holiday (1993)"},
          false);
      break;
    case 2019:
      AddSpecial(out, Date::Ymd(2019, 5, 1),
                 {.ja = "天皇の即位の日", .en = "The Emperor's Enthronement Day"},
                 {.ja = "天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律（平成30年）",
                  .en = "Act on the holidays for the Emperor's enthronement (2018)"},
                 true);
      AddSpecial(out, Date::Ymd(2019, 10, 22),
                 {.ja = "即位礼正殿の儀の行われる日", .en = "The Enthronement Ceremony Day"},
                 {.ja = "天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律（平成30年）",
                  .en = "Act on the holidays for the Emperor's enthronement (2018)"},
                 true);
      break;
    default:
      break;
  }

  // 1948: the act came into force on 07-20.
  std::erase_if(out, [&](const Entry& e) { return e.holiday.date < in_force; });
  std::sort(out.begin(), out.end(),
            [](const Entry& a, const Entry& b) { return a.holiday.date < b.holiday.date; });
  return out;
}

std::vector<Holiday> ComputeYear(int y) {
  std::vector<Entry> national = NationalHolidays(y);
  auto is_national = [&](Date d) {
    return std::any_of(national.begin(), national.end(),
                       [&](const Entry& e) { return e.counts_as_national && e.holiday.date == d; });
  };
  auto is_listed = [&](Date d) {
    return std::any_of(national.begin(), national.end(),
                       [&](const Entry& e) { return e.holiday.date == d; });
  };

  std::vector<Holiday> out;
  for (const Entry& e : national) out.push_back(e.holiday);

  // 振替休日 (Art. 3(2)), in force 1973-04-12; the "nearest following non-holiday" form from 2007.
  const Date substitute_from = Date::Ymd(1973, 4, 12);
  const Date rule_2007 = Date::Ymd(2007, 1, 1);
  std::vector<Date> substitutes;
  for (const Entry& e : national) {
    const Date d = e.holiday.date;
    if (!e.counts_as_national || d < substitute_from || d.weekday() != Weekday::kSunday) continue;
    Date next = d.AddDays(1);
    if (d >= rule_2007) {
      while (is_national(next)) next = next.AddDays(1);
    } else if (is_listed(next)) {
      continue;  // before 2007 only the very next day, and only when it is not itself a holiday
    }
    if (next.year() != y) continue;  // never happens with the holidays defined so far
    substitutes.push_back(next);
    out.push_back(Holiday{next, HolidayKind::kSubstitute,
                          Text{.ja = "振替休日", .en = "Substitute Holiday"}, kSubstituteBasis});
  }

  // 国民の休日 (Art. 3(3)), in force 1985-12-27: a day between two 国民の祝日 that is not one
  // itself; before 2007 also not a Sunday and not a 振替休日.
  const Date citizens_from = Date::Ymd(1985, 12, 27);
  for (const Entry& e : national) {
    if (!e.counts_as_national) continue;
    const Date mid = e.holiday.date.AddDays(1);
    if (mid < citizens_from || mid.year() != y) continue;
    if (!is_national(mid.AddDays(1)) || is_listed(mid)) continue;
    if (std::find(substitutes.begin(), substitutes.end(), mid) != substitutes.end()) continue;
    if (mid < rule_2007 && mid.weekday() == Weekday::kSunday) continue;
    out.push_back(Holiday{mid, HolidayKind::kCitizens,
                          Text{.ja = "国民の休日", .en = "Citizens' Holiday"}, kCitizensBasis});
  }

  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

const std::vector<std::vector<Holiday>>& AllYears() {
  static const std::vector<std::vector<Holiday>> kYears = [] {
    std::vector<std::vector<Holiday>> years;
    years.reserve(kLastHolidayYear - kFirstHolidayYear + 1);
    for (int y = kFirstHolidayYear; y <= kLastHolidayYear; ++y) years.push_back(ComputeYear(y));
    return years;
  }();
  return kYears;
}

base::Status YearOutOfRange(int year) {
  return base::OutOfRange(
      {.ja = fmt::format("祝日は{}年から{}年までを計算します。{}年は範囲外です", kFirstHolidayYear,
                         kLastHolidayYear, year),
       .en = fmt::format("public holidays are computed for {}–{} only; {} is outside that range",
                         kFirstHolidayYear, kLastHolidayYear, year)});
}

}  // namespace

std::string_view HolidayKindName(HolidayKind kind) {
  switch (kind) {
    case HolidayKind::kNational:
      return "national";
    case HolidayKind::kSubstitute:
      return "substitute";
    case HolidayKind::kCitizens:
      return "citizens";
    case HolidayKind::kSpecial:
      return "special";
  }
  return "national";
}

base::Result<std::vector<Holiday>> HolidaysInYear(int year) {
  if (year < kFirstHolidayYear || year > kLastHolidayYear) return YearOutOfRange(year);
  return AllYears()[static_cast<size_t>(year - kFirstHolidayYear)];
}

base::Result<std::optional<Holiday>> HolidayOn(base::Date date) {
  const int year = date.year();
  if (year < kFirstHolidayYear || year > kLastHolidayYear) return YearOutOfRange(year);
  const auto& days = AllYears()[static_cast<size_t>(year - kFirstHolidayYear)];
  auto it = std::lower_bound(days.begin(), days.end(), date,
                             [](const Holiday& h, Date d) { return h.date < d; });
  if (it != days.end() && it->date == date) return std::optional<Holiday>(*it);
  return std::optional<Holiday>();
}

base::Result<bool> IsPublicHoliday(base::Date date) {
  KIKAN_ASSIGN_OR_RETURN(auto h, HolidayOn(date));
  return h.has_value();
}

base::Result<base::Date> VernalEquinoxDay(int year) {
  if (year < 1900 || year > 2150) return YearOutOfRange(year);
  return Date::Ymd(year, 3, EquinoxDay(year, true));
}

base::Result<base::Date> AutumnalEquinoxDay(int year) {
  if (year < 1900 || year > 2150) return YearOutOfRange(year);
  return Date::Ymd(year, 9, EquinoxDay(year, false));
}

}  // namespace kikan::calendar
