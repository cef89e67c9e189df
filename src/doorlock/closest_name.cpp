#include "doorlock/closest_name.h"

#include <algorithm>
#include <vector>

namespace doorlock {

namespace {

// Names longer than this are not typos of anything we know; bounding them bounds the work.
constexpr size_t kLongestCompared = 96;

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Levenshtein distance, case-insensitive (a wrong case is a typo too), one row at a time.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t substitution = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
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
  size_t distance = 0;
  try {
    distance = edit_distance(wanted_, candidate);
  } catch (...) {
    return;  // out of memory for a 97-entry row: no suggestion rather than a failure
  }
  if (distance > allowed || (!best_.empty() && distance >= best_distance_)) return;
  best_ = candidate;
  best_distance_ = distance;
}

}  // namespace doorlock
