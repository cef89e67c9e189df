#include "doorlock/closest_name.h"

#include <algorithm>
#include <array>

namespace doorlock {

namespace {

// Names longer than this are not typos of anything we know; bounding them bounds the work.
constexpr size_t kLongestCompared = 96;

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Levenshtein distance, case-insensitive (a wrong case is a typo too), one row at a time in a
// row on the stack: both names are at most kLongestCompared long. Gives up (returns limit + 1) as
// soon as every cell of a row exceeds `limit`, since the distance can then only grow: most of the
// 600 zone names are far from a typo and stop after a few characters.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) noexcept {
  std::array<size_t, kLongestCompared + 1> row{};
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitution = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace

void ClosestName::consider(std::string_view candidate) noexcept {
  if (wanted_.empty() || wanted_.size() > kLongestCompared || candidate.size() > kLongestCompared) return;
  const size_t longer = std::max(wanted_.size(), candidate.size());
  const size_t gap = longer - std::min(wanted_.size(), candidate.size());
  const size_t allowed = std::max<size_t>(1, longer / 4);
  if (gap > allowed) return;
  // A candidate must beat the best so far, so nothing past it is worth computing.
  const size_t limit = best_.empty() ? allowed : std::min(allowed, best_distance_ - 1);
  const size_t distance = edit_distance(wanted_, candidate, limit);
  if (distance > allowed || (!best_.empty() && distance >= best_distance_)) return;
  best_ = candidate;
  best_distance_ = distance;
}

}  // namespace doorlock
