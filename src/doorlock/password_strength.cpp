#include "doorlock/password_strength.h"

namespace doorlock {

bool is_weak_password(std::string_view digits) noexcept {
  constexpr size_t kRun = 6;
  size_t same = 1;
  size_t up = 1;
  size_t down = 1;
  for (size_t i = 1; i < digits.size(); ++i) {
    const int step = digits[i] - digits[i - 1];
    same = step == 0 ? same + 1 : 1;
    up = step == 1 ? up + 1 : 1;
    down = step == -1 ? down + 1 : 1;
    if (same >= kRun || up >= kRun || down >= kRun) return true;
  }
  return false;
}

}  // namespace doorlock
