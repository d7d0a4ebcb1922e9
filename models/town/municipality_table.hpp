#pragma once
// Municipalities as the loader reads them: one reader of a municipality's keys (town_loader.cpp)
// serves both the `municipalities:` list written out in a scenario and the rows of a table
// (`municipalities_from:`, municipality_table.cpp), for prefectures and the nation. A table's
// rows of a CSV such as scenarios/data/municipalities.csv become typed municipalities, with
// daily-life areas by size, the national age mix unless a row's overrides say otherwise, and
// optional coverage of coordinators and councils and a staggered adoption schedule, both
// ordered by keyed Philox draws on the municipality codes, independent of the run's seed and
// of the table's order.

#include <vector>

#include "kyosei/models/town_config.hpp"
#include "kyosei/sim/config_reader.hpp"
#include "kyosei/sim/errors.hpp"

namespace kyosei::models {

// What a municipality has where its keys say nothing: the scenario's policy, the community's
// coordinators and councils, three school districts per daily-life area, no net migration.
MunicipalityConfig municipality_defaults(const PolicyConfig& policy,
                                         const CommunityConfig& community);

// Whose name, population, ages and areas a municipality has: its own (`municipalities:`, where
// its mapping must set them) or its table row's (`municipalities_from`, where the table's
// `defaults` and the row's `overrides` may change them).
enum class MunicipalityIdentity { required, from_base };

// Reads the keys of municipality mapping `m` on top of `base`: a key `m` sets replaces base's
// value (validated, with located messages naming `m`'s path), a key it omits keeps base's.
// Staff are the exception: the casework FTE and places `m` does not set follow the
// municipality's size as read (default_elderly_fte and residents per FTE), whatever `base`
// holds. The checks that span keys (ages, area shares summing to 1) apply to the result.
MunicipalityConfig read_municipality(const sim::ConfigReader& m, MunicipalityConfig base,
                                     MunicipalityIdentity identity);

// A municipality of the table, and where its name comes from (its CSV row, or the YAML that
// renamed it), for the message when another municipality has the name.
struct TableMunicipality {
  MunicipalityConfig config;
  sim::Location name_where;
};

// Reads the `municipalities_from` section: each row of the table becomes `base` (from
// municipality_defaults) with the row's name, population, the national ages, daily-life areas
// and, where the section asks, coverage and a place in the adoption schedule; the table's
// `defaults` and the row's `overrides` are then read on top with read_municipality, under the
// path `municipalities_from` and located where they are written; unknown keys are refused.
// Blank populations are reported on stderr and filled with their prefecture's mean; a code
// that is no number, or that the table repeats, is refused at its CSV line.
std::vector<TableMunicipality> municipalities_from_table(const sim::ConfigReader& spec,
                                                         const MunicipalityConfig& base,
                                                         double national_age65,
                                                         double national_age75);

}  // namespace kyosei::models
