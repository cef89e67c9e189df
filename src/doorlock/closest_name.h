// "Did you mean ...?" for names a caller mistyped (an action, a time zone): the known name
// nearest to what was given, when it is near enough to be the likely intent.
#pragma once

#include <string_view>

namespace doorlock {

class ClosestName {
 public:
  explicit ClosestName(std::string_view wanted) noexcept : wanted_(wanted) {}

  // Offer one known name; the nearest offered so far is kept.
  void consider(std::string_view candidate) noexcept;

  // The nearest name within the typo distance (about one edit in four characters), or empty.
  std::string_view best() const noexcept { return best_; }

 private:
  std::string_view wanted_;
  std::string_view best_;
  size_t best_distance_ = 0;
};

}  // namespace doorlock
