#pragma once
// Age structure: a pyramid by sex and 5-year band (the 2020 census by default), reshaped
// so that a municipality's 65+ and 75+ shares are met while keeping the pyramid's shape
// within the under-65, 65-74 and 75+ groups.

#include <string>

#include "kyosei/models/town_config.hpp"

namespace kyosei::models {

// Reads `year,sex,age,value` rows with sex 男性/女性 (or male/female) and bands such as
// `0~4歳`, `95~99歳`, `100歳以上` (or 0-4, 100+). Throws sim::InputError naming the line.
AgePyramid load_age_pyramid(const std::string& path);
AgePyramid parse_age_pyramid(const std::string& text, const std::string& source);

// Japan, 2020 census (compiled in from scenarios/data/japan_age_pyramid_2020.csv).
const AgePyramid& national_age_pyramid_2020();

// Shares of residents by sex and band (sum 1) with the given 65+ and 75+ shares.
struct AgeMix {
  AgeBandTable men{};
  AgeBandTable women{};
};
AgeMix reshape(const AgePyramid& pyramid, double age65_share, double age75_share);

}  // namespace kyosei::models
